#pragma once

#include "service/ChatEvents.h"
#include "storage/DbExecutor.h"

#include <QHash>
#include <QMutex>
#include <QObject>

namespace Banter::Server {

// Online presence with a device counter: a user is online from their first authenticated connection to the
// end of their last. Transitions are announced to the users allowed to see them (shared conversation, no
// block); lastSeen is stored when the last device leaves. Thread-safe; announcements are made on context's
// thread (see ServiceFutures.h).
class PresenceService
{
public:
    PresenceService(DbExecutor &db, ChatEvents &events, QObject &context) : m_db(db), m_events(events), m_context(context)
    {
    }

    void connected(qint64 userId);
    void disconnected(qint64 userId);
    int onlineUsers() const;
    bool isOnline(qint64 userId) const;

private:
    struct Entry
    {
        int devices = 0;
        quint64 epoch = 0; // bumps on every online/offline transition; stale announcements are dropped
    };

    DbExecutor &m_db;
    ChatEvents &m_events;
    QObject &m_context;
    mutable QMutex m_mutex;
    QHash<qint64, Entry> m_users;
    int m_online = 0;
};

} // namespace Banter::Server
