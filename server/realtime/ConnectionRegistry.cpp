#include "realtime/ConnectionRegistry.h"

#include "realtime/SocketHub.h"
#include "wire/AdminJson.h"

#include <QJsonArray>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace Banter::Server {

ConnectionView ConnectionRegistry::view(const Entry &e) const
{
    return {e.id, e.clientAddress, e.userAgent, e.connectedSince,
            QDateTime::fromMSecsSinceEpoch(e.lastActivityMs.load(), QTimeZone::UTC), m_node};
}

std::shared_ptr<ConnectionRegistry::Entry> ConnectionRegistry::add(quint64 id, qint64 userId, const QString &username,
                                                                   const QString &clientAddress, const QString &userAgent)
{
    auto e = std::make_shared<Entry>();
    e->id = id;
    e->userId = userId;
    e->username = username;
    e->clientAddress = clientAddress;
    e->userAgent = userAgent;
    e->connectedSince = QDateTime::currentDateTimeUtc();
    e->lastActivityMs = e->connectedSince.toMSecsSinceEpoch();
    {
        QMutexLocker lock(&m_mutex);
        m_entries.insert(id, e);
        m_byUser[userId].append(id);
        m_version.fetch_add(1, std::memory_order_relaxed);
        // Announced under the lock, so an admin never sees a disconnect before the matching connect.
        if (watched())
            m_hub.toAdmins(u"presence:connected"_s,
                           {{u"userId"_s, QString::number(userId)}, {u"username"_s, username}, {u"connection"_s, AdminJson::connection(view(*e))}});
    }
    return e;
}

void ConnectionRegistry::remove(quint64 id)
{
    QMutexLocker lock(&m_mutex);
    auto e = m_entries.take(id);
    if (!e)
        return;
    m_version.fetch_add(1, std::memory_order_relaxed);
    auto it = m_byUser.find(e->userId);
    if (it != m_byUser.end()) {
        it->removeOne(id);
        if (it->isEmpty())
            m_byUser.erase(it);
    }
    if (watched())
        m_hub.toAdmins(u"presence:disconnected"_s,
                       {{u"userId"_s, QString::number(e->userId)}, {u"connectionId"_s, AdminJson::connectionId(m_node, id)}});
}

int ConnectionRegistry::count() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_entries.size());
}

QJsonObject ConnectionRegistry::snapshot() const
{
    return m_cluster.merge ? m_cluster.merge(localSnapshot()) : localSnapshot();
}

QFuture<QJsonObject> ConnectionRegistry::freshSnapshot(QObject *context) const
{
    if (!m_cluster.refresh)
        return QtFuture::makeReadyValueFuture(snapshot());
    return m_cluster.refresh().then(context, [this] { return snapshot(); });
}

bool ConnectionRegistry::watched() const
{
    return m_watchers.load(std::memory_order_relaxed) > 0 || (m_cluster.watchedElsewhere && m_cluster.watchedElsewhere());
}

QJsonObject ConnectionRegistry::localSnapshot() const
{
    QMutexLocker lock(&m_mutex);
    QJsonArray users;
    for (auto it = m_byUser.cbegin(); it != m_byUser.cend(); ++it) {
        QJsonArray connections;
        QString username;
        for (quint64 id : *it) {
            const auto &e = m_entries.value(id);
            username = e->username;
            connections.append(AdminJson::connection(view(*e)));
        }
        users.append(QJsonObject{{u"userId"_s, QString::number(it.key())}, {u"username"_s, username},
                                 {u"connections"_s, connections}});
    }
    return {{u"totals"_s, QJsonObject{{u"connections"_s, int(m_entries.size())}, {u"onlineUsers"_s, int(m_byUser.size())}}},
            {u"users"_s, users}};
}

QList<ConnectionView> ConnectionRegistry::connectionsOf(qint64 userId) const
{
    QMutexLocker lock(&m_mutex);
    QList<ConnectionView> out;
    for (quint64 id : m_byUser.value(userId)) {
        out.append(view(*m_entries.value(id)));
    }
    return out;
}

QList<qint64> ConnectionRegistry::userIds() const
{
    QMutexLocker lock(&m_mutex);
    return m_byUser.keys();
}

} // namespace Banter::Server
