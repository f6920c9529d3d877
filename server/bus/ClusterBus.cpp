#include "bus/ClusterBus.h"

#include "bus/BusLog.h"
#include "bus/BusMessage.h"
#include "bus/EmitterBridge.h"
#include "bus/LocalBus.h"

#include <QDateTime>

#include <chrono>

namespace Banter::Server {
namespace {

qint64 monotonicMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

constexpr qint64 ForgetAfterMs = 10 * 60 * 1000;

} // namespace

ClusterBus::ClusterBus(LocalBus &local, QString host, quint16 port, QByteArray node, bool acceptEmitter)
    : m_local(local), m_node(std::move(node))
{
    ValkeyLink::Handlers handlers;
    handlers.message = [this](const QByteArray &channel, const QByteArray &payload) {
        if (channel == Channel)
            received(payload);
        else
            emitted(channel, payload);
    };
    handlers.lost = [this] {
        m_lostAtMs.store(QDateTime::currentMSecsSinceEpoch());
        m_subscribedAtMs.store(0);
    };
    handlers.subscribed = [this](bool reconnected) {
        m_subscribedAtMs.store(monotonicMs());
        const qint64 lostAt = m_lostAtMs.exchange(0);
        if (reconnected && m_hooks.resubscribed)
            m_hooks.resubscribed(lostAt);
    };
    m_link = std::make_unique<ValkeyLink>(std::move(host), port, QList<QByteArray>{Channel}, std::move(handlers),
                                          acceptEmitter ? QList<QByteArray>{EmitterBridge::Pattern} : QList<QByteArray>{});
}

ClusterBus::~ClusterBus()
{
    stop();
}

void ClusterBus::start()
{
    m_link->start();
}

void ClusterBus::stop()
{
    m_link->stop();
}

void ClusterBus::send(const BusMessage &message)
{
    m_link->publish(Channel, message.encode());
}

BusMessage ClusterBus::message(BusMessage::Kind kind) const
{
    BusMessage m;
    m.node = m_node;
    m.kind = kind;
    return m;
}

void ClusterBus::publish(std::shared_ptr<const QList<Outgoing>> batch)
{
    if (!batch || batch->isEmpty())
        return;
    deliverAdmitted(*batch, nullptr);
    {
        QMutexLocker lock(&m_mutex);
        const qint64 now = monotonicMs();
        for (const Outgoing &o : *batch)
            if (o.seq != 0) {
                auto &head = m_heads[o.conversationId];
                head = {qMax(head.first, o.seq), now};
            }
    }
    BusMessage m = message(BusMessage::Kind::Batch);
    m.batch = *batch;
    send(m);
}

void ClusterBus::endSession(const QString &sessionId)
{
    m_local.endSession(sessionId);
    BusMessage m = message(BusMessage::Kind::EndSession);
    m.sessionId = sessionId;
    send(m);
}

void ClusterBus::endUserSessions(qint64 userId)
{
    m_local.endUserSessions(userId);
    BusMessage m = message(BusMessage::Kind::EndUser);
    m.userId = userId;
    send(m);
}

void ClusterBus::publishPresence(qint64 userId, bool online)
{
    BusMessage m = message(BusMessage::Kind::Presence);
    m.userId = userId;
    m.online = online;
    send(m);
}

void ClusterBus::publishSnapshotWanted()
{
    send(message(BusMessage::Kind::SnapshotWanted));
}

void ClusterBus::received(const QByteArray &payload)
{
    auto message = BusMessage::decode(payload);
    if (!message) {
        qCWarning(lcBus) << "ignored a message on" << Channel << "that is not banterd's (" << payload.size() << "bytes)";
        return;
    }
    if (message->node == m_node)
        return;
    switch (message->kind) {
    case BusMessage::Kind::Batch:
        m_received.fetch_add(1, std::memory_order_relaxed);
        for (Outgoing &o : message->batch)
            o.exceptConnection = 0; // a connection id of the sending node: it names nothing here
        deliverAdmitted(message->batch, nullptr);
        break;
    case BusMessage::Kind::EndSession:
        m_local.endSession(message->sessionId);
        break;
    case BusMessage::Kind::EndUser:
        m_local.endUserSessions(message->userId);
        break;
    case BusMessage::Kind::Presence:
        if (m_hooks.presence)
            m_hooks.presence(message->userId, message->online);
        break;
    case BusMessage::Kind::SnapshotWanted:
        if (m_hooks.snapshotWanted)
            m_hooks.snapshotWanted();
        break;
    case BusMessage::Kind::Heads: {
        QMutexLocker lock(&m_mutex);
        const qint64 now = monotonicMs();
        const qint64 since = m_subscribedAtMs.load();
        const bool listening = since > 0 && now - since > HeadsWindowMs;
        for (const auto &[conversation, seq] : message->heads)
            m_tracker.expect(conversation, seq, now, listening);
        break;
    }
    }
}

void ClusterBus::emitted(const QByteArray &channel, const QByteArray &payload)
{
    auto packets = EmitterBridge::translate(payload);
    if (const QString *refused = std::get_if<QString>(&packets)) {
        // Counted; logged the first time and every 1000th: a misbehaving emitter must not flood the log.
        if (m_emitterRefused.fetch_add(1, std::memory_order_relaxed) % 1000 == 0)
            qCWarning(lcBus).noquote() << "refused a redis-emitter message on" << channel << ':' << *refused;
        return;
    }
    m_emitted.fetch_add(1, std::memory_order_relaxed);
    m_local.publish(std::make_shared<const QList<Outgoing>>(std::get<QList<Outgoing>>(std::move(packets))));
}

void ClusterBus::deliverReplayed(const QList<Outgoing> &packets)
{
    deliverAdmitted(packets, &m_replayed);
}

void ClusterBus::deliverAdmitted(const QList<Outgoing> &packets, std::atomic<quint64> *counter)
{
    QMutexLocker lock(&m_mutex);
    const qint64 now = monotonicMs();
    auto admitted = std::make_shared<QList<Outgoing>>();
    admitted->reserve(packets.size());
    qint64 lastConversation = 0;
    qint64 lastSeq = 0;
    bool lastAdmitted = true;
    for (const Outgoing &o : packets) {
        if (o.seq != 0) {
            if (o.conversationId != lastConversation || o.seq != lastSeq) { // derived packets share the decision
                lastConversation = o.conversationId;
                lastSeq = o.seq;
                lastAdmitted = m_tracker.admit(o.conversationId, o.seq, now);
            }
            if (!lastAdmitted) {
                m_duplicates.fetch_add(1, std::memory_order_relaxed);
                continue;
            }
        }
        admitted->append(o);
    }
    if (counter)
        counter->fetch_add(quint64(admitted->size()), std::memory_order_relaxed);
    if (now - m_lastForget > 60000) {
        m_tracker.forgetIdle(now, ForgetAfterMs);
        m_lastForget = now;
    }
    m_local.publish(std::move(admitted));
}

QList<SeqGap> ClusterBus::overdueGaps(qint64 ageMs)
{
    QMutexLocker lock(&m_mutex);
    return m_tracker.overdueGaps(monotonicMs(), ageMs);
}

void ClusterBus::settle(const SeqGap &gap)
{
    QMutexLocker lock(&m_mutex);
    m_tracker.settle(gap.conversationId, gap.upToSeq);
}

void ClusterBus::announceHeads()
{
    BusMessage m = message(BusMessage::Kind::Heads);
    {
        QMutexLocker lock(&m_mutex);
        const qint64 now = monotonicMs();
        // While publishes are being dropped (the last heads too, perhaps), no head expires: they are the only
        // way the others learn of what was lost, however long the command connection stays down.
        const quint64 dropped = m_link->dropped();
        if (dropped != m_droppedAtLastHeads) {
            m_droppedAtLastHeads = dropped;
            for (auto &head : m_heads)
                head.second = now;
        }
        for (auto it = m_heads.begin(); it != m_heads.end();) {
            if (now - it->second > HeadsWindowMs) {
                it = m_heads.erase(it);
                continue;
            }
            m.heads.append({it.key(), it->first});
            ++it;
        }
    }
    if (!m.heads.isEmpty())
        send(m);
}

ClusterBus::Stats ClusterBus::stats() const
{
    return Stats{m_received.load(std::memory_order_relaxed), m_duplicates.load(std::memory_order_relaxed),
                 m_replayed.load(std::memory_order_relaxed), m_emitted.load(std::memory_order_relaxed),
                 m_emitterRefused.load(std::memory_order_relaxed)};
}

} // namespace Banter::Server
