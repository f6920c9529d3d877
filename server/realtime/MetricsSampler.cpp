#include "realtime/MetricsSampler.h"

#include "realtime/ConnectionRegistry.h"
#include "realtime/SocketGateway.h"
#include "realtime/SocketHub.h"
#include "service/JobRunner.h"
#include "service/MessageWriter.h"
#include "service/PresenceService.h"
#include "wire/ChatJson.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Banter::Server {

MetricsSampler::MetricsSampler(const SocketGateway &gateway, const ConnectionRegistry &registry,
                               const PresenceService &presence, const MessageWriter &writer, SocketHub &hub,
                               const JobRunner &jobs, QObject *parent)
    : QObject(parent), m_gateway(gateway), m_registry(registry), m_presence(presence), m_writer(writer), m_hub(hub),
      m_jobs(jobs)
{
    const auto stats = m_writer.stats();
    m_messages = stats.messages;
    m_batches = stats.batches;
    m_batchMicros = stats.batchMicros;
    m_deliveries = m_gateway.deliveries();
    for (const JobRunner::Counters &c : m_jobs.counters()) {
        m_jobsDone += c.done;
        m_jobsFailed += c.retried + c.dead;
    }
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
    quint64 jobsDone = 0, jobsFailed = 0;
    for (const JobRunner::Counters &c : m_jobs.counters()) {
        jobsDone += c.done;
        jobsFailed += c.retried + c.dead;
    }
    qint64 depth = 0, dead = 0;
    double oldest = 0;
    for (const JobKindStats &k : m_jobs.queueStats()) {
        depth += k.depth;
        dead += k.dead;
        oldest = std::max(oldest, k.oldestSeconds);
    }
    m_latest = {{u"at"_s, ChatJson::timestamp(QDateTime::currentDateTimeUtc())},
                {u"connections"_s, m_registry.count()},
                {u"onlineUsers"_s, m_presence.onlineUsers()},
                {u"messagesIn"_s, qint64(stats.messages - m_messages)},
                {u"deliveriesOut"_s, qint64(deliveries - m_deliveries)},
                {u"dbBatchMs"_s, qRound(batchMs * 100.0) / 100.0},
                {u"jobsDepth"_s, depth},
                {u"jobsOldestSeconds"_s, qRound(oldest * 10.0) / 10.0},
                {u"jobsDead"_s, dead},
                {u"jobsDone"_s, qint64(jobsDone - m_jobsDone)},
                {u"jobsFailed"_s, qint64(jobsFailed - m_jobsFailed)}};
    m_jobsDone = jobsDone;
    m_jobsFailed = jobsFailed;
    m_messages = stats.messages;
    m_batches = stats.batches;
    m_batchMicros = stats.batchMicros;
    m_deliveries = deliveries;
    m_hub.toAdmins(u"metrics"_s, m_latest);
}

} // namespace Banter::Server
