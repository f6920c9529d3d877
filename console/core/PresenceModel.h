#pragma once

#include "core/AdminTypes.h"

#include <QAbstractItemModel>
#include <QHash>

#include <memory>
#include <vector>

namespace Banter::Console {

class AdminLiveFeed;

// Who is online: a tree whose top-level rows are users and whose children are that user's connections.
//
//   columns  0 Name (username for users; client address for connections)   1 Connections (count; users only)
//            2 Client address   3 User agent   4 Connected since   5 Last activity
//   roles    Qt::DisplayRole/ToolTipRole, plus the Role enum below on every column (for QSortFilterProxyModel:
//            setFilterRole(UsernameRole), setSortRole(ConnectionCountRole)...). A connection row answers the
//            user roles (UserIdRole, UsernameRole) with its user's values, so filtering by name keeps children.
//
// Updates are incremental: presence:connected inserts one row (a user row, or a child row under the user),
// presence:disconnected removes one (the user row when its last connection goes), and the count column of the
// user gets a dataChanged. Only a snapshot resets the model. A hash userId -> node finds a user in O(1); each
// node knows its row, so removing a user row renumbers the rows after it with a plain integer pass (no hashing,
// no signals).
class PresenceModel : public QAbstractItemModel
{
    Q_OBJECT
    Q_PROPERTY(qint64 totalConnections READ totalConnections NOTIFY totalsChanged)
    Q_PROPERTY(qint64 onlineUsers READ onlineUsers NOTIFY totalsChanged)
public:
    enum Column { NameColumn, ConnectionCountColumn, ClientAddressColumn, UserAgentColumn, ConnectedSinceColumn,
                  LastActivityColumn, ColumnCount };
    enum Role {
        IsConnectionRole = Qt::UserRole + 1, // bool: false for user rows
        UserIdRole,
        UsernameRole,
        ConnectionCountRole, // int (user rows)
        ConnectionIdRole,    // connection rows
        ClientAddressRole,
        UserAgentRole,
        ConnectedSinceRole, // QDateTime (user rows: the oldest connection)
        LastActivityRole,   // QDateTime (user rows: the newest activity)
    };

    explicit PresenceModel(QObject *parent = nullptr);
    ~PresenceModel() override;

    // Connects snapshot/presenceConnected/presenceDisconnected of the feed to the slots below.
    void attach(AdminLiveFeed *feed);

    qint64 totalConnections() const { return m_connectionCount; }
    qint64 onlineUsers() const { return qint64(m_users.size()); }
    int userRow(const QString &userId) const; // -1: not online
    QModelIndex userIndex(const QString &userId) const;
    QList<Connection> connections(const QString &userId) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

public slots:
    void applySnapshot(const Banter::Console::PresenceSnapshot &snapshot); // a reset
    void addConnection(const QString &userId, const QString &username, const Banter::Console::Connection &connection);
    void removeConnection(const QString &userId, const QString &connectionId);
    void clear();

signals:
    void totalsChanged();

private:
    struct UserNode
    {
        QString userId;
        QString username;
        QList<Connection> connections;
        int row = 0;
    };
    QVariant userData(const UserNode &user, int column, int role) const;
    QVariant connectionData(const UserNode &user, const Connection &c, int column, int role) const;

    std::vector<std::unique_ptr<UserNode>> m_users; // stable node addresses: children point at their user
    QHash<QString, UserNode *> m_nodeOf;
    qint64 m_connectionCount = 0;
};

} // namespace Banter::Console
