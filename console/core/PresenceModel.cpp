#include "core/PresenceModel.h"

#include "core/AdminLiveFeed.h"
#include "core/ModelText.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Banter::Console {

PresenceModel::PresenceModel(QObject *parent) : QAbstractItemModel(parent) {}

PresenceModel::~PresenceModel() = default;

void PresenceModel::attach(AdminLiveFeed *feed)
{
    connect(feed, &AdminLiveFeed::snapshot, this, &PresenceModel::applySnapshot);
    connect(feed, &AdminLiveFeed::presenceConnected, this, &PresenceModel::addConnection);
    connect(feed, &AdminLiveFeed::presenceDisconnected, this, &PresenceModel::removeConnection);
}

int PresenceModel::userRow(const QString &userId) const
{
    const UserNode *node = m_nodeOf.value(userId);
    return node ? node->row : -1;
}

QModelIndex PresenceModel::userIndex(const QString &userId) const
{
    const int row = userRow(userId);
    return row < 0 ? QModelIndex() : createIndex(row, 0);
}

QList<Connection> PresenceModel::connections(const QString &userId) const
{
    const int row = userRow(userId);
    return row < 0 ? QList<Connection>() : m_users[size_t(row)]->connections;
}

// A connection index points at its user's node; a user index has no pointer.
QModelIndex PresenceModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column < 0 || column >= ColumnCount || row < 0)
        return {};
    if (!parent.isValid())
        return row < int(m_users.size()) ? createIndex(row, column) : QModelIndex();
    if (parent.internalPointer() || parent.row() >= int(m_users.size()))
        return {}; // connections have no children
    UserNode *user = m_users[size_t(parent.row())].get();
    return row < user->connections.size() ? createIndex(row, column, user) : QModelIndex();
}

QModelIndex PresenceModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || !child.internalPointer())
        return {};
    const auto *user = static_cast<const UserNode *>(child.internalPointer());
    return createIndex(user->row, 0);
}

int PresenceModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_users.size());
    if (parent.internalPointer() || parent.column() != 0 || parent.row() >= int(m_users.size()))
        return 0;
    return int(m_users[size_t(parent.row())]->connections.size());
}

int PresenceModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant PresenceModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    if (const auto *user = static_cast<const UserNode *>(index.internalPointer())) {
        if (index.row() >= user->connections.size())
            return {};
        return connectionData(*user, user->connections[index.row()], index.column(), role);
    }
    if (index.row() >= int(m_users.size()))
        return {};
    return userData(*m_users[size_t(index.row())], index.column(), role);
}

QVariant PresenceModel::userData(const UserNode &user, int column, int role) const
{
    QDateTime since;
    QDateTime activity;
    for (const Connection &c : user.connections) {
        if (c.connectedSince.isValid() && (!since.isValid() || c.connectedSince < since))
            since = c.connectedSince;
        if (c.lastActivity.isValid() && (!activity.isValid() || c.lastActivity > activity))
            activity = c.lastActivity;
    }
    switch (role) {
    case IsConnectionRole: return false;
    case UserIdRole: return user.userId;
    case UsernameRole: return user.username;
    case ConnectionCountRole: return int(user.connections.size());
    case ConnectedSinceRole: return since;
    case LastActivityRole: return activity;
    case Qt::ToolTipRole: return tr("%1 (id %2)").arg(user.username, user.userId);
    case Qt::DisplayRole:
        switch (column) {
        case NameColumn: return user.username;
        case ConnectionCountColumn: return int(user.connections.size());
        case ConnectedSinceColumn: return localTimeText(since);
        case LastActivityColumn: return localTimeText(activity);
        default: return {};
        }
    default: return {};
    }
}

QVariant PresenceModel::connectionData(const UserNode &user, const Connection &c, int column, int role) const
{
    switch (role) {
    case IsConnectionRole: return true;
    case UserIdRole: return user.userId;
    case UsernameRole: return user.username;
    case ConnectionIdRole: return c.id;
    case ClientAddressRole: return c.clientAddress;
    case UserAgentRole: return c.userAgent;
    case ConnectedSinceRole: return c.connectedSince;
    case LastActivityRole: return c.lastActivity;
    case Qt::ToolTipRole: return tr("Connection %1 from %2").arg(c.id, c.clientAddress);
    case Qt::DisplayRole:
        switch (column) {
        case NameColumn: return c.clientAddress;
        case ClientAddressColumn: return c.clientAddress;
        case UserAgentColumn: return c.userAgent;
        case ConnectedSinceColumn: return localTimeText(c.connectedSince);
        case LastActivityColumn: return localTimeText(c.lastActivity);
        default: return {};
        }
    default: return {};
    }
}

QVariant PresenceModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    // In Column order.
    return horizontalHeader({tr("Name"), tr("Connections"), tr("Client address"), tr("User agent"),
                             tr("Connected since"), tr("Last activity")},
                            section, orientation, role);
}

QHash<int, QByteArray> PresenceModel::roleNames() const
{
    return withRoleNames(QAbstractItemModel::roleNames(), {{IsConnectionRole, "isConnection"},
                                                           {UserIdRole, "userId"},
                                                           {UsernameRole, "username"},
                                                           {ConnectionCountRole, "connectionCount"},
                                                           {ConnectionIdRole, "connectionId"},
                                                           {ClientAddressRole, "clientAddress"},
                                                           {UserAgentRole, "userAgent"},
                                                           {ConnectedSinceRole, "connectedSince"},
                                                           {LastActivityRole, "lastActivity"}});
}

void PresenceModel::applySnapshot(const PresenceSnapshot &snapshot)
{
    beginResetModel();
    m_nodeOf.clear();
    m_users.clear();
    m_connectionCount = 0;
    m_users.reserve(size_t(snapshot.users.size()));
    m_nodeOf.reserve(snapshot.users.size());
    for (const PresenceUser &u : snapshot.users) {
        if (u.connections.isEmpty() || m_nodeOf.contains(u.userId))
            continue;
        auto node = std::make_unique<UserNode>(UserNode{u.userId, u.username, u.connections, int(m_users.size())});
        m_nodeOf.insert(u.userId, node.get());
        m_users.push_back(std::move(node));
        m_connectionCount += u.connections.size();
    }
    endResetModel();
    emit totalsChanged();
}

void PresenceModel::addConnection(const QString &userId, const QString &username, const Connection &connection)
{
    const int row = userRow(userId);
    if (row < 0) {
        const int newRow = int(m_users.size());
        beginInsertRows({}, newRow, newRow);
        auto node = std::make_unique<UserNode>(UserNode{userId, username, {connection}, newRow});
        m_nodeOf.insert(userId, node.get());
        m_users.push_back(std::move(node));
        ++m_connectionCount;
        endInsertRows();
        emit totalsChanged();
        return;
    }
    UserNode &user = *m_users[size_t(row)];
    for (const Connection &c : std::as_const(user.connections)) {
        if (c.id == connection.id)
            return; // already known (an event racing the snapshot)
    }
    const QModelIndex parent = createIndex(row, 0);
    const int childRow = int(user.connections.size());
    beginInsertRows(parent, childRow, childRow);
    user.connections.append(connection);
    ++m_connectionCount;
    endInsertRows();
    emit dataChanged(createIndex(row, 0), createIndex(row, ColumnCount - 1));
    emit totalsChanged();
}

void PresenceModel::removeConnection(const QString &userId, const QString &connectionId)
{
    const int row = userRow(userId);
    if (row < 0)
        return;
    UserNode &user = *m_users[size_t(row)];
    const auto it = std::find_if(user.connections.cbegin(), user.connections.cend(),
                                 [&](const Connection &c) { return c.id == connectionId; });
    if (it == user.connections.cend())
        return;
    const int childRow = int(it - user.connections.cbegin());
    if (user.connections.size() == 1) {
        beginRemoveRows({}, row, row);
        m_nodeOf.remove(userId);
        m_users.erase(m_users.begin() + row);
        for (int r = row; r < int(m_users.size()); ++r)
            m_users[size_t(r)]->row = r;
        --m_connectionCount;
        endRemoveRows();
        emit totalsChanged();
        return;
    }
    beginRemoveRows(createIndex(row, 0), childRow, childRow);
    user.connections.removeAt(childRow);
    --m_connectionCount;
    endRemoveRows();
    emit dataChanged(createIndex(row, 0), createIndex(row, ColumnCount - 1));
    emit totalsChanged();
}

void PresenceModel::clear()
{
    applySnapshot({});
}

} // namespace Banter::Console
