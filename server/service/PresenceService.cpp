#include "service/PresenceService.h"

#include "service/ServiceLog.h"
#include "storage/UserRepository.h"

namespace Banter::Server {

void PresenceService::connected(qint64 userId, QObject *context)
{
    quint64 epoch = 0;
    {
        QMutexLocker lock(&m_mutex);
        Entry &e = m_users[userId];
        if (++e.devices != 1)
            return;
        ++m_online;
        epoch = ++e.epoch;
    }
    m_db.run([userId](DbSession &db) { return UserRepository(db).contactIds(userId); })
        .then(context, [this, userId, epoch](const Result<QList<qint64>> &audience) {
            if (!audience) {
                qCWarning(lcService) << "presence: contacts of" << userId << "unavailable:" << audience.error().message;
                return;
            }
            QMutexLocker lock(&m_mutex); // held while announcing, so a later transition cannot overtake this one
            auto it = m_users.constFind(userId);
            if (it != m_users.cend() && it->epoch == epoch && it->devices > 0)
                m_events.presenceChanged(userId, true, {}, audience.value());
        });
}

void PresenceService::disconnected(qint64 userId, QObject *context)
{
    quint64 epoch = 0;
    {
        QMutexLocker lock(&m_mutex);
        auto it = m_users.find(userId);
        if (it == m_users.end() || it->devices == 0)
            return;
        if (--it->devices != 0)
            return;
        --m_online;
        epoch = ++it->epoch;
    }
    struct Offline
    {
        QDateTime lastSeen;
        QList<qint64> audience;
    };
    m_db.run([userId](DbSession &db) -> Result<Offline> {
            UserRepository users(db);
            auto seen = users.touchLastSeen(userId);
            if (!seen)
                return seen.error();
            auto audience = users.contactIds(userId);
            if (!audience)
                return audience.error();
            return Offline{seen.value(), audience.value()};
        })
        .then(context, [this, userId, epoch](const Result<Offline> &offline) {
            QMutexLocker lock(&m_mutex);
            auto it = m_users.find(userId);
            if (it == m_users.end() || it->epoch != epoch || it->devices > 0)
                return; // came back meanwhile
            m_users.erase(it);
            if (!offline) {
                qCWarning(lcService) << "presence: offline of" << userId << "not recorded:" << offline.error().message;
                return;
            }
            m_events.presenceChanged(userId, false, offline.value().lastSeen, offline.value().audience);
        });
}

void PresenceService::onlineContacts(qint64 userId, QObject *context,
                                     std::function<void(const Result<QList<qint64>> &)> then)
{
    m_db.run([userId](DbSession &db) { return UserRepository(db).contactIds(userId); })
        .then(context, [this, then = std::move(then)](const Result<QList<qint64>> &contacts) {
            if (!contacts) {
                then(contacts.error());
                return;
            }
            then(onlineAmong(contacts.value()));
        });
}

QList<qint64> PresenceService::onlineAmong(const QList<qint64> &userIds) const
{
    QList<qint64> online;
    QMutexLocker lock(&m_mutex);
    for (qint64 id : userIds)
        if (m_users.value(id).devices > 0)
            online.append(id);
    return online;
}

int PresenceService::onlineUsers() const
{
    QMutexLocker lock(&m_mutex);
    return m_online;
}

bool PresenceService::isOnline(qint64 userId) const
{
    QMutexLocker lock(&m_mutex);
    return m_users.value(userId).devices > 0;
}

} // namespace Banter::Server
