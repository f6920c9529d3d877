#pragma once

#include "service/ConnectionDirectory.h"

#include <QHash>
#include <QFuture>
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
    // A snapshot as soon as the other nodes' lists are current (at once for a single node), on context's thread.
    QFuture<QJsonObject> freshSnapshot(QObject *context) const;

    // In a cluster (set before use; every function is called from any thread): merge adds the other nodes' lists
    // to this node's; refresh finishes when they are current; watchedElsewhere says whether an admin on another
    // node looks at the view.
    struct ClusterView
    {
        std::function<QJsonObject(const QJsonObject &local)> merge;
        std::function<QFuture<void>()> refresh;
        std::function<bool()> watchedElsewhere;
    };
    void setClusterView(ClusterView view) { m_cluster = std::move(view); }

    // The /admin sockets on this node. Connects and disconnects are announced only while some admin watches,
    // here or (in a cluster) elsewhere: otherwise each would be rendered, and in a cluster published on the bus,
    // for nobody.
    void watcherJoined() { m_watchers.fetch_add(1, std::memory_order_relaxed); }
    void watcherLeft() { m_watchers.fetch_sub(1, std::memory_order_relaxed); }
    int watchers() const { return m_watchers.load(std::memory_order_relaxed); }
    QList<ConnectionView> connectionsOf(qint64 userId) const override;
    QList<qint64> userIds() const; // the users with a connection here
    quint64 version() const { return m_version.load(std::memory_order_relaxed); } // bumps on every add and remove

    ConnectionView view(const Entry &e) const;

private:
    SocketHub &m_hub;
    const QString m_node;
    bool watched() const;

    ClusterView m_cluster;
    std::atomic<int> m_watchers{0};
    std::atomic<quint64> m_version{0};
    mutable QMutex m_mutex;
    QHash<quint64, std::shared_ptr<Entry>> m_entries;
    QHash<qint64, QList<quint64>> m_byUser;
};

} // namespace Banter::Server
