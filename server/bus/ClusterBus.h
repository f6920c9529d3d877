#pragma once

#include "bus/BusMessage.h"
#include "bus/EventBus.h"
#include "bus/SeqTracker.h"
#include "bus/ValkeyLink.h"

#include <QByteArray>
#include <QMutex>

#include <atomic>
#include <functional>
#include <memory>

namespace Banter::Server {

class LocalBus;

// The EventBus across nodes, on Valkey (or Redis) pub/sub (--bus redis://HOST:PORT). A publish reaches this
// node's workers through its LocalBus at once, and every other node through the channel banter:bus; what
// arrives from the channel goes to this node's LocalBus. The database stays the system of record: packets that
// announce a log position (Outgoing::seq) pass a SeqTracker, so each reaches this node's sockets once, and a
// position missing for longer than a moment (a message lost with a Valkey restart or a reconnect) is reported
// to the catch-up (ClusterCatchUp), which reads it from PostgreSQL and hands it back through deliverReplayed.
// Thread-safe; the only blocking calls are hiredis's, on ValkeyLink's threads.
class ClusterBus final : public EventBus
{
public:
    struct Hooks
    {
        // On the subscriber thread: a cluster presence transition another node announced.
        std::function<void(qint64 userId, bool online)> presence;
        // On the subscriber thread: subscribed again after losing the channel at lostAtMs (ms since the
        // epoch); everything committed since then may have been missed.
        std::function<void(qint64 lostAtMs)> resubscribed;
        // On the subscriber thread: another node wants every node's connection list now.
        std::function<void()> snapshotWanted;
    };

    // acceptEmitter: also deliver what @socket.io/redis-emitter publishes to user:/conversation: rooms (EmitterBridge).
    ClusterBus(LocalBus &local, QString host, quint16 port, QByteArray node, bool acceptEmitter = false);
    ~ClusterBus() override;

    void setHooks(Hooks hooks) { m_hooks = std::move(hooks); } // before start()
    void start();
    void stop();

    void publish(std::shared_ptr<const QList<Outgoing>> batch) override;
    void endSession(const QString &sessionId) override;
    void endUserSessions(qint64 userId) override;

    // A cluster presence transition, for the other nodes' online view.
    void publishPresence(qint64 userId, bool online);
    // Asks every other node to store its connection list now (the admins' presence view).
    void publishSnapshotWanted();
    // Packets read back from the database: delivered here, those not delivered before only.
    void deliverReplayed(const QList<Outgoing> &packets);
    // Gaps open longer than ageMs (the catch-up reads them), and bounded tracking.
    QList<SeqGap> overdueGaps(qint64 ageMs);
    void settle(const SeqGap &gap);
    // Publishes this node's latest positions of the conversations it published in lately (HeadsWindowMs):
    // a receiver that missed the last publishes of a conversation learns of the gap even when nothing follows.
    void announceHeads();
    static constexpr qint64 HeadsWindowMs = 10000;

    ValkeyLink &link() { return *m_link; }
    const QByteArray &node() const { return m_node; }

    struct Stats
    {
        quint64 received = 0;  // batches from other nodes
        quint64 duplicates = 0; // packets not delivered because their position was delivered already
        quint64 replayed = 0;   // packets delivered from the database after a gap
        quint64 emitted = 0;    // @socket.io/redis-emitter messages delivered
        quint64 emitterRefused = 0;
    };
    Stats stats() const;

    static inline const QByteArray Channel = QByteArrayLiteral("banter:bus");

private:
    void received(const QByteArray &payload);
    void emitted(const QByteArray &channel, const QByteArray &payload);
    // Under m_mutex: the packets whose position is new here (or that have none), handed to the local workers
    // while the lock is held, so every worker sees positions in the order they were admitted.
    void deliverAdmitted(const QList<Outgoing> &packets, std::atomic<quint64> *counter);
    void send(const BusMessage &message);
    BusMessage message(BusMessage::Kind kind) const; // one from this node

    LocalBus &m_local;
    const QByteArray m_node;
    Hooks m_hooks;
    std::unique_ptr<ValkeyLink> m_link;
    QMutex m_mutex;
    SeqTracker m_tracker;
    QHash<qint64, std::pair<qint64, qint64>> m_heads; // conversation -> (latest seq published here, when)
    quint64 m_droppedAtLastHeads = 0;
    qint64 m_lastForget = 0;
    std::atomic<qint64> m_lostAtMs{0};
    std::atomic<qint64> m_subscribedAtMs{0}; // monotonic; 0 while not subscribed
    std::atomic<quint64> m_received{0};
    std::atomic<quint64> m_duplicates{0};
    std::atomic<quint64> m_replayed{0};
    std::atomic<quint64> m_emitted{0};
    std::atomic<quint64> m_emitterRefused{0};
};

} // namespace Banter::Server
