#include "service/PresenceService.h"

#include "service/ServiceLog.h"
#include "storage/UserRepository.h"

namespace Banter::Server {

PresenceService::PresenceService(DbExecutor &db, ChatEvents &events, PresenceDirectory *directory)
    : m_db(db), m_events(events), m_directory(directory)
{
    if (m_directory)
        m_directory->setTransitionHandler([this](const QList<qint64> &offline, const QList<qint64> &online) {
            QMetaObject::invokeMethod(&m_home, [this, offline, online] { clusterTransitions(offline, online); },
                                      Qt::QueuedConnection);
        });
}

void PresenceService::connected(qint64 userId, QObject *context)
{
    quint64 epoch = 0;
    {
        std::unique_lock lock(m_lock);
        Entry &e = m_users[userId];
        if (++e.devices != 1)
            return;
        ++m_online;
        epoch = ++e.epoch;
    }
    if (!m_directory) {
        announceOnline(userId, epoch, context);
        return;
    }
    m_directory->claim(userId, context, [this, userId, epoch, context](bool first) {
        if (first)
            announceOnline(userId, epoch, context);
    });
}

void PresenceService::announceOnline(qint64 userId, quint64 epoch, QObject *context)
{
    m_db.run([userId](DbSession &db) { return UserRepository(db).contactIds(userId); })
        .then(context, [this, userId, epoch](const Result<QList<qint64>> &audience) {
            if (!audience) {
                qCWarning(lcService) << "presence: contacts of" << userId << "unavailable:" << audience.error().message;
                return;
            }
            std::unique_lock lock(m_lock); // held while announcing, so a later transition cannot overtake this one
            auto it = m_users.constFind(userId);
            if (it != m_users.cend() && it->epoch == epoch && it->devices > 0)
                m_events.presenceChanged(userId, true, {}, audience.value());
        });
}

void PresenceService::disconnected(qint64 userId, QObject *context)
{
    quint64 epoch = 0;
    {
        std::unique_lock lock(m_lock);
        auto it = m_users.find(userId);
        if (it == m_users.end() || it->devices == 0)
            return;
        if (--it->devices != 0)
            return;
        --m_online;
        epoch = ++it->epoch;
    }
    if (!m_directory) {
        announceOffline(userId, epoch, context);
        return;
    }
    m_directory->release(userId, context, [this, userId, epoch, context](bool last) {
        if (last) {
            announceOffline(userId, epoch, context);
            return;
        }
        std::unique_lock lock(m_lock); // still online on another node: nothing to announce
        auto it = m_users.find(userId);
        if (it != m_users.end() && it->epoch == epoch && it->devices == 0)
            m_users.erase(it);
    });
}

QFuture<Result<PresenceService::Offline>> PresenceService::recordOffline(qint64 userId)
{
    return m_db.run([userId](DbSession &db) -> Result<Offline> {
        UserRepository users(db);
        auto seen = users.touchLastSeen(userId);
        if (!seen)
            return seen.error();
        auto audience = users.contactIds(userId);
        if (!audience)
            return audience.error();
        return Offline{seen.value(), audience.value()};
    });
}

void PresenceService::announceOffline(qint64 userId, quint64 epoch, QObject *context)
{
    recordOffline(userId)
        .then(context, [this, userId, epoch](const Result<Offline> &offline) {
            std::unique_lock lock(m_lock);
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

void PresenceService::clusterTransitions(const QList<qint64> &offline, const QList<qint64> &online)
{
    for (qint64 userId : online) {
        quint64 epoch = 0;
        {
            std::shared_lock lock(m_lock);
            const auto it = m_users.constFind(userId);
            if (it == m_users.cend() || it->devices == 0)
                continue; // gone meanwhile
            epoch = it->epoch;
        }
        announceOnline(userId, epoch, &m_home);
    }
    for (qint64 userId : offline) {
        if (isOnline(userId))
            continue; // came back meanwhile
        recordOffline(userId).then(&m_home, [this, userId](const Result<Offline> &offline) {
            if (!offline) {
                qCWarning(lcService) << "presence: offline of" << userId << "not recorded:" << offline.error().message;
                return;
            }
            if (!isOnline(userId))
                m_events.presenceChanged(userId, false, offline.value().lastSeen, offline.value().audience);
        });
    }
}

QList<qint64> PresenceService::onlineAmong(const QList<qint64> &userIds) const
{
    QList<qint64> online;
    for (qint64 id : userIds)
        if (isOnline(id))
            online.append(id);
    return online;
}

int PresenceService::onlineUsers() const
{
    std::shared_lock lock(m_lock);
    return m_online;
}

bool PresenceService::isOnline(qint64 userId) const
{
    {
        std::shared_lock lock(m_lock);
        if (m_users.value(userId).devices > 0)
            return true;
    }
    return m_directory && m_directory->onlineInCluster(userId);
}

} // namespace Banter::Server
