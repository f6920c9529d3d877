#include "core/UserListModel.h"

#include "core/AdminApi.h"

#include <QLocale>

using namespace Qt::StringLiterals;

namespace Banter::Console {

namespace {
QString timeText(const QDateTime &t)
{
    return t.isValid() ? QLocale().toString(t.toLocalTime(), QLocale::ShortFormat) : QString();
}
} // namespace

UserListModel::UserListModel(AdminApi *api, QObject *parent) : QAbstractTableModel(parent), m_api(api) {}

void UserListModel::search(const QString &query, int pageSize)
{
    m_query = query;
    m_pageSize = pageSize;
    ++m_generation;
    setUsers({});
    m_loading = false;
    load({});
}

void UserListModel::load(const QString &cursor)
{
    if (!m_api || m_loading)
        return;
    m_loading = true;
    emit loadingChanged(true);
    const quint64 generation = m_generation;
    m_api->searchUsers(UserQuery{m_query, m_pageSize, cursor}, this,
                       [this, generation](const ApiResult<Page<AdminUser>> &r) {
        if (generation != m_generation)
            return;
        m_loading = false;
        emit loadingChanged(false);
        if (!r) {
            emit failed(r.error());
            return;
        }
        appendUsers(r->items, r->nextCursor);
    });
}

void UserListModel::setUsers(const QList<AdminUser> &users, const QString &nextCursor)
{
    beginResetModel();
    m_users = users;
    m_nextCursor = nextCursor;
    endResetModel();
}

void UserListModel::appendUsers(const QList<AdminUser> &users, const QString &nextCursor)
{
    m_nextCursor = nextCursor;
    if (users.isEmpty())
        return;
    beginInsertRows({}, int(m_users.size()), int(m_users.size() + users.size() - 1));
    m_users.append(users);
    endInsertRows();
}

void UserListModel::updateUser(const AdminUser &user)
{
    const int row = rowOf(user.id);
    if (row < 0)
        return;
    m_users[row] = user;
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

int UserListModel::rowOf(const QString &userId) const
{
    for (int i = 0; i < m_users.size(); ++i) {
        if (m_users[i].id == userId)
            return i;
    }
    return -1;
}

int UserListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_users.size());
}

int UserListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant UserListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_users.size())
        return {};
    const AdminUser &u = m_users[index.row()];
    switch (role) {
    case UserIdRole: return u.id;
    case UsernameRole: return u.username;
    case RoleRole: return u.role;
    case StateRole: return u.state;
    case OnlineRole: return u.online;
    case UserRole: return QVariant::fromValue(u);
    case Qt::ToolTipRole:
        if (u.state == u"banned"_s)
            return tr("Banned: %1").arg(u.banReason);
        if (u.state == u"suspended"_s)
            return tr("Suspended until %1").arg(timeText(u.suspendedUntil));
        return {};
    case Qt::DisplayRole:
        switch (index.column()) {
        case UsernameColumn: return u.username;
        case DisplayNameColumn: return u.displayName;
        case RoleColumn: return u.role;
        case StateColumn: return u.state;
        case OnlineColumn: return u.online ? tr("online") : tr("offline");
        case LastSeenColumn: return timeText(u.lastSeen);
        case CreatedColumn: return timeText(u.createdAt);
        default: return {};
        }
    default: return {};
    }
}

QVariant UserListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case UsernameColumn: return tr("Username");
    case DisplayNameColumn: return tr("Display name");
    case RoleColumn: return tr("Role");
    case StateColumn: return tr("State");
    case OnlineColumn: return tr("Online");
    case LastSeenColumn: return tr("Last seen");
    case CreatedColumn: return tr("Created");
    default: return {};
    }
}

QHash<int, QByteArray> UserListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(UserIdRole, "userId");
    names.insert(UsernameRole, "username");
    names.insert(RoleRole, "role");
    names.insert(StateRole, "state");
    names.insert(OnlineRole, "online");
    names.insert(UserRole, "user");
    return names;
}

bool UserListModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_api && !m_nextCursor.isEmpty() && !m_loading;
}

void UserListModel::fetchMore(const QModelIndex &parent)
{
    if (canFetchMore(parent))
        load(m_nextCursor);
}

} // namespace Banter::Console
