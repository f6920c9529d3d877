#pragma once

#include "service/PresenceDirectory.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QFuture>
#include <QJsonObject>
#include <QMutex>
#include <QObject>
#include <QPromise>
#include <QSet>
#include <QTimer>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace Banter::Server {

class ClusterBus;
struct ValkeyReply;

// Presence across nodes, kept in Valkey next to the bus:
// - banter:online          hash userId -> how many nodes have a device of the user
// - banter:node:N:users    hash of the users node N counts (what its death takes away)
// - banter:node:N:alive    the node's heartbeat, every 5 s with a 15 s TTL (each claim and release refreshes it
//                          too); banter:nodes lists the nodes
// - banter:node:N:registered  set when N's users are registered (gone after a Valkey restart: N registers again)
// - banter:node:N:connections  N's connections for the admins' presence view (15 s TTL)
// Each change is one Lua script, so two nodes can never both see themselves as the first or the last. Every node
// reaps the nodes whose heartbeat expired (the script checks the TTL key itself, so only one reaper wins):
// their users that are on no other node are handed to the node-gone handler, which announces them offline.
// The online view other nodes read is a mirror kept from the bus's presence messages, reloaded on resubscribe.
// Lives on the main thread (timers); claim/release/onlineInCluster are thread-safe.
class ClusterPresence final : public QObject, public PresenceDirectory
{
    Q_OBJECT
public:
    // localUsers: the users with a device on this node now (to register again after a Valkey restart).
    ClusterPresence(ClusterBus &bus, std::function<QList<qint64>()> localUsers, QObject *parent = nullptr);

    void start(); // heartbeat, reaper, the mirror's first load
    void stop();
    // A graceful stop, before the sockets close: this node's heartbeat is removed, and the releases of its closing
    // sockets are not sent, so another node reaps it at its next check (within 5 s) and announces its users
    // offline (this node's database and bus are going away and could not).
    void leave();

    void claim(qint64 userId, QObject *context, std::function<void(bool first)> then) override;
    void release(qint64 userId, QObject *context, std::function<void(bool last)> then) override;
    bool onlineInCluster(qint64 userId) const override;
    void setTransitionHandler(std::function<void(const QList<qint64> &, const QList<qint64> &)> handler) override;

    // The admins' presence view across nodes. While an admin looks at it on any node (WantedMs since the last
    // look), each heartbeat stores this node's connections (localSnapshot) in Valkey for 15 s and reads the other
    // nodes'; otherwise nothing is exchanged. version: changes whenever the snapshot would (the node's list is
    // stored again only then; its TTL is refreshed otherwise).
    // localWatchers: the /admin sockets on this node (while there are any, the view counts as looked at).
    void setLocalSnapshot(std::function<QJsonObject()> snapshot, std::function<quint64()> version,
                          std::function<int()> localWatchers)
    {
        m_localSnapshot = std::move(snapshot);
        m_snapshotVersion = std::move(version);
        m_localWatchers = std::move(localWatchers);
    }
    // Merges the other nodes' lists into this node's live view, and counts as a look (any thread).
    QJsonObject withOtherNodes(const QJsonObject &local) const;
    // A look, on the main thread: finished when the other nodes' lists are current (at once while the view is
    // in use; after every node stored its list and this one read them, about OthersStoreMs, when it was not).
    QFuture<void> freshView();
    // The same from any thread (the future finishes on this object's thread).
    QFuture<void> freshViewFromAnyThread();
    // Whether an admin looks at the view somewhere in the cluster (as of the last heartbeat, or sooner when a
    // node asked on the bus): only then are this node's connects and disconnects worth announcing. Any thread.
    bool viewWanted() const { return m_viewWanted.load(std::memory_order_relaxed); }
    // From the bus (subscriber thread): another node's admin opened the view; this node's list is stored now.
    void snapshotWantedLater();

    static constexpr int WantedMs = 120000;
    static constexpr int OthersStoreMs = 250;
    static constexpr int FreshViewTimeoutMs = 2000;

    // From the bus (subscriber thread): another node's cluster-wide transition; and after a resubscription.
    void remoteTransition(qint64 userId, bool online);
    void reloadLater();

    static constexpr int HeartbeatMs = 5000;
    static constexpr int HeartbeatRetryMs = 1000; // after a heartbeat that did not get through
    static constexpr int AliveTtlSeconds = 15;

private:
    void change(const QByteArray &script, qint64 transition, qint64 userId, bool online, QObject *context,
                std::function<void(bool)> then);
    void heartbeat();
    void heartbeatAnswered(const ValkeyReply &r);
    void reap();
    void reconcile();
    void reload();
    void exchangeSnapshots();
    bool locallyWanted() const;
    void noteWanted() const;
    void storeOwnSnapshot(bool force);
    void fetchOthers(std::function<void()> done);
    QByteArray key(const QByteArray &node, const char *what) const;

    ClusterBus &m_bus;
    std::function<QList<qint64>()> m_localUsers;
    std::function<void(const QList<qint64> &, const QList<qint64> &)> m_transitions;
    QTimer m_timer;
    mutable QMutex m_mutex;
    QSet<qint64> m_online;
    std::function<QJsonObject()> m_localSnapshot;
    std::function<quint64()> m_snapshotVersion;
    std::function<int()> m_localWatchers;
    std::atomic<bool> m_viewWanted{false};
    std::optional<quint64> m_storedVersion; // the version last stored in Valkey
    QList<QJsonObject> m_others; // the other nodes' connections, as of the last exchange (empty while unwanted)
    QElapsedTimer m_lastLook;        // since the last look on this node (invalid: never)
    QElapsedTimer m_wantedAnnounced; // since WantedKey was last set
    // The askers waiting for a cold look's answer, while it is being prepared; one promise each: a QFuture takes
    // one continuation, and a second .then() on a shared one replaced the first (that asker never got its answer).
    std::shared_ptr<std::vector<std::shared_ptr<QPromise<void>>>> m_refreshWaiters;
    bool m_reconciling = false; // until its answer: every ValkeyLink command is answered, Disconnected at worst
    bool m_heartbeatFailing = false; // since the last heartbeat that did not reach Valkey (logged once)
    bool m_heartbeatRetrying = false; // a heartbeat is due HeartbeatRetryMs after a failed one
    std::atomic<bool> m_leaving{false};
    std::atomic<bool> m_unsure{false}; // a claim, release or heartbeat did not reach Valkey: reconcile when back
};

} // namespace Banter::Server
