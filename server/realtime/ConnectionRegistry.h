#pragma once

#include "service/ConnectionDirectory.h"

#include <QHash>
#include <QJsonObject>
#include <QMutex>

#include <atomic>
#include <functional>
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

    // node: this node's name in a cluster (empty for a single node), shown with every connection.
    explicit ConnectionRegistry(SocketHub &hub, QString node = {}) : m_hub(hub), m_node(std::move(node)) {}

    std::shared_ptr<Entry> add(quint64 id, qint64 userId, const QString &username, const QString &clientAddress,
                               const QString &userAgent);
    void remove(quint64 id);

    int count() const;
    // {totals:{connections, onlineUsers}, users:[{userId, username, connections:[...]}]}: this node's, merged
    // with the other nodes' in a cluster (setOtherNodes).
    QJsonObject snapshot() const;
    QJsonObject localSnapshot() const;
    void setOtherNodes(std::function<QJsonObject(const QJsonObject &local)> merge) { m_merge = std::move(merge); } // before use
    QList<ConnectionView> connectionsOf(qint64 userId) const override;
    QList<qint64> userIds() const; // the users with a connection here
    quint64 version() const { return m_version.load(std::memory_order_relaxed); } // bumps on every add and remove

    ConnectionView view(const Entry &e) const;

private:
    SocketHub &m_hub;
    const QString m_node;
    std::function<QJsonObject(const QJsonObject &)> m_merge;
    std::atomic<quint64> m_version{0};
    mutable QMutex m_mutex;
    QHash<quint64, std::shared_ptr<Entry>> m_entries;
    QHash<qint64, QList<quint64>> m_byUser;
};

} // namespace Banter::Server
