#pragma once

#include "service/ConnectionDirectory.h"

#include <QHash>
#include <QJsonObject>
#include <QMutex>

#include <atomic>
#include <memory>

namespace Banter::Server {

class SocketHub;

// Every authenticated chat connection across all socket threads, for the moderators' live presence: a
// snapshot on demand, and a pushed change (presence:connected / presence:disconnected on /admin) for every
// connect and disconnect. Thread-safe. lastActivity is an atomic the owning worker bumps on every packet.
class ConnectionRegistry : public ConnectionDirectory
{
public:
    struct Entry
    {
        quint64 id = 0;
        qint64 userId = 0;
        QString username;
        QString clientAddress;
        QString userAgent;
        QDateTime connectedSince;
        std::atomic<qint64> lastActivityMs{0}; // ms since the epoch
    };

    explicit ConnectionRegistry(SocketHub &hub) : m_hub(hub) {}

    std::shared_ptr<Entry> add(quint64 id, qint64 userId, const QString &username, const QString &clientAddress,
                               const QString &userAgent);
    void remove(quint64 id);

    int count() const;
    // {totals:{connections, onlineUsers}, users:[{userId, username, connections:[...]}]}
    QJsonObject snapshot() const;
    QList<ConnectionView> connectionsOf(qint64 userId) const override;
    QList<qint64> userIds() const; // the users with a connection here

    static ConnectionView view(const Entry &e);

private:
    SocketHub &m_hub;
    mutable QMutex m_mutex;
    QHash<quint64, std::shared_ptr<Entry>> m_entries;
    QHash<qint64, QList<quint64>> m_byUser;
};

} // namespace Banter::Server
