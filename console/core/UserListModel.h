#pragma once

#include "core/AdminTypes.h"
#include "core/PagedRowsModel.h"

namespace Banter::Console {

// Users found by GET /api/admin/users (prefix search), one row each, in the server's order.
//
//   columns  0 Username  1 Display name  2 Role  3 State  4 Online  5 Last seen  6 Created
//   roles    UserIdRole, UsernameRole, RoleRole, StateRole, OnlineRole (bool), UserRole (QVariant<AdminUser>)
//
// search(q) replaces the rows with the first page (cancelling interest in an older search); canFetchMore /
// fetchMore load the next page (views call them when scrolled to the end). updateUser() replaces a row after a
// moderation call returned the new user (a dataChanged, no reset). Without an AdminApi, setUsers/appendUsers
// fill it directly (tests). Paging, loading state and failed() come from PagedRowsModel.
class UserListModel : public PagedRowsModel<AdminUser>
{
    Q_OBJECT
public:
    enum Column { UsernameColumn, DisplayNameColumn, RoleColumn, StateColumn, OnlineColumn, LastSeenColumn,
                  CreatedColumn, ColumnCount };
    enum Role { UserIdRole = Qt::UserRole + 1, UsernameRole, RoleRole, StateRole, OnlineRole, UserRole };

    explicit UserListModel(AdminApi *api = nullptr, QObject *parent = nullptr);

    void search(const QString &query, int pageSize = 50);
    QString query() const { return m_query; }

    void setUsers(const QList<AdminUser> &users, const QString &nextCursor = {});
    void appendUsers(const QList<AdminUser> &users, const QString &nextCursor = {});
    void updateUser(const AdminUser &user); // by id; ignored when not listed
    AdminUser userAt(int row) const { return rowAt(row); }

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

protected:
    void fetchPage(AdminApi &api, const QString &cursor, AdminApi::Callback<Page<AdminUser>> done) override;

private:
    QString m_query;
    int m_pageSize = 50;
};

} // namespace Banter::Console
