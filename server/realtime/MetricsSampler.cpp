#include "realtime/MetricsSampler.h"

#include "realtime/ConnectionRegistry.h"
#include "realtime/SocketGateway.h"
#include "realtime/SocketHub.h"
#include "service/MessageWriter.h"
#include "service/PresenceService.h"
#include "wire/ChatJson.h"

using namespace Qt::StringLiterals;

namespace Banter::Server {

MetricsSampler::MetricsSampler(const SocketGateway &gateway, const ConnectionRegistry &registry,
                               const PresenceService &presence, const MessageWriter &writer, SocketHub &hub,
                               QObject *parent)
    : QObject(parent), m_gateway(gateway), m_registry(registry), m_presence(presence), m_writer(writer), m_hub(hub)
{
    const auto stats = m_writer.stats();
    m_messages = stats.messages;
    m_batches = stats.batches;
    m_batchMicros = stats.batchMicros;
    m_deliveries = m_gateway.deliveries();
    connect(&m_timer, &QTimer::timeout, this, &MetricsSampler::sample);
    m_timer.start(1000);
    sample();
}

void MetricsSampler::sample()
{
    const auto stats = m_writer.stats();
    const quint64 deliveries = m_gateway.deliveries();
    const quint64 batches = stats.batches - m_batches;
    const double batchMs = batches ? double(stats.batchMicros - m_batchMicros) / 1000.0 / double(batches) : 0.0;
    m_latest = {{u"at"_s, ChatJson::timestamp(QDateTime::currentDateTimeUtc())},
                {u"connections"_s, m_registry.count()},
                {u"onlineUsers"_s, m_presence.onlineUsers()},
                {u"messagesIn"_s, qint64(stats.messages - m_messages)},
                {u"deliveriesOut"_s, qint64(deliveries - m_deliveries)},
                {u"dbBatchMs"_s, qRound(batchMs * 100.0) / 100.0}};
    m_messages = stats.messages;
    m_batches = stats.batches;
    m_batchMicros = stats.batchMicros;
    m_deliveries = deliveries;
    m_hub.toAdmins(u"metrics"_s, m_latest);
}

} // namespace Banter::Server
