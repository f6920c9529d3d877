#include "core/UserListModel.h"

#include "core/AdminApi.h"
#include "core/ModelText.h"

using namespace Qt::StringLiterals;

namespace Banter::Console {

UserListModel::UserListModel(AdminApi *api, QObject *parent) : PagedRowsModel(ColumnCount, api, parent) {}

void UserListModel::search(const QString &query, int pageSize)
{
    m_query = query;
    m_pageSize = pageSize;
    reloadRows();
}

void UserListModel::fetchPage(AdminApi &api, const QString &cursor, AdminApi::Callback<Page<AdminUser>> done)
{
    api.searchUsers(UserQuery{m_query, m_pageSize, cursor}, this, std::move(done));
}

void UserListModel::setUsers(const QList<AdminUser> &users, const QString &nextCursor)
{
    setRows(users, nextCursor);
}

void UserListModel::appendUsers(const QList<AdminUser> &users, const QString &nextCursor)
{
    appendRows(users, nextCursor);
}

void UserListModel::updateUser(const AdminUser &user)
{
    replaceRow(user);
}

QVariant UserListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rows().size())
        return {};
    const AdminUser &u = rows()[index.row()];
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
            return tr("Suspended until %1").arg(localTimeText(u.suspendedUntil));
        return {};
    case Qt::DisplayRole:
        switch (index.column()) {
        case UsernameColumn: return u.username;
        case DisplayNameColumn: return u.displayName;
        case RoleColumn: return u.role;
        case StateColumn: return u.state;
        case OnlineColumn: return u.online ? tr("online") : tr("offline");
        case LastSeenColumn: return localTimeText(u.lastSeen);
        case CreatedColumn: return localTimeText(u.createdAt);
        default: return {};
        }
    default: return {};
    }
}

QVariant UserListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    // In Column order.
    return horizontalHeader({tr("Username"), tr("Display name"), tr("Role"), tr("State"), tr("Online"),
                             tr("Last seen"), tr("Created")},
                            section, orientation, role);
}

QHash<int, QByteArray> UserListModel::roleNames() const
{
    return withRoleNames(QAbstractTableModel::roleNames(), {{UserIdRole, "userId"},
                                                            {UsernameRole, "username"},
                                                            {RoleRole, "role"},
                                                            {StateRole, "state"},
                                                            {OnlineRole, "online"},
                                                            {UserRole, "user"}});
}

} // namespace Banter::Console
