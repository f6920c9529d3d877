#pragma once

#include "service/ChatEvents.h"
#include "service/PresenceDirectory.h"
#include "storage/DbExecutor.h"

#include <QHash>
#include <QObject>

#include <functional>
#include <shared_mutex>

namespace Banter::Server {

// Online presence with a device counter: a user is online from their first authenticated connection to the
// end of their last. Transitions are announced to the users allowed to see them (shared conversation, no
// block); lastSeen is stored when the last device leaves. Thread-safe. The caller's context object (its socket
// worker) is where the database answer is continued and the transition announced (see ServiceFutures.h).
// With a PresenceDirectory (several nodes) a transition of this node's count is announced only when it is one
// of the whole cluster's; onlineAmong and isOnline answer for the cluster.
class PresenceService
{
public:
    PresenceService(DbExecutor &db, ChatEvents &events, PresenceDirectory *directory = nullptr);

    void connected(qint64 userId, QObject *context);
    void disconnected(qint64 userId, QObject *context);
    // The user's contacts (a shared conversation, no block) who are online now, for a device that just
    // connected; `then` runs on context.
    void onlineContacts(qint64 userId, QObject *context, std::function<void(const Result<QList<qint64>> &)> then);
    QList<qint64> onlineAmong(const QList<qint64> &userIds) const; // those with a connected device now
    int onlineUsers() const;
    bool isOnline(qint64 userId) const;

private:
    struct Offline
    {
        QDateTime lastSeen;
        QList<qint64> audience;
    };
    QFuture<Result<Offline>> recordOffline(qint64 userId); // lastSeen stored; who may see it

    void announceOnline(qint64 userId, quint64 epoch, QObject *context);
    void announceOffline(qint64 userId, quint64 epoch, QObject *context);
    // Transitions the directory found (a node died; this node came back): announced from the main thread.
    void clusterTransitions(const QList<qint64> &offline, const QList<qint64> &online);

    struct Entry
    {
        int devices = 0;
        quint64 epoch = 0; // bumps on every online/offline transition; stale announcements are dropped
    };

    DbExecutor &m_db;
    ChatEvents &m_events;
    PresenceDirectory *m_directory;
    QObject m_home; // clusterTransitions' context: the thread that made the service (the main thread)
    // Read-locked by isOnline (the message writer for every member of every send, the notification fan-out at nice
    // 19 for every member it notifies): readers never wait for each other, so a low-priority reader that loses the
    // CPU while holding it cannot stall a send. Connects and disconnects write. (std::shared_mutex rather than
    // QReadWriteLock: ThreadSanitizer sees pthread's rwlock, not Qt's uninstrumented one.)
    mutable std::shared_mutex m_lock;
    QHash<qint64, Entry> m_users;
    int m_online = 0;
};

} // namespace Banter::Server
