#pragma once

#include "core/AdminTypes.h"
#include "core/ApiError.h"

#include <QAbstractTableModel>
#include <QPointer>

namespace Banter::Console {

class AdminApi;

// Users found by GET /api/admin/users (prefix search), one row each, in the server's order.
//
//   columns  0 Username  1 Display name  2 Role  3 State  4 Online  5 Last seen  6 Created
//   roles    UserIdRole, UsernameRole, RoleRole, StateRole, OnlineRole (bool), UserRole (QVariant<AdminUser>)
//
// search(q) replaces the rows with the first page (cancelling interest in an older search); canFetchMore /
// fetchMore load the next page (views call them when scrolled to the end). updateUser() replaces a row after a
// moderation call returned the new user (a dataChanged, no reset). Without an AdminApi, setUsers/appendUsers
// fill it directly (tests).
class UserListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { UsernameColumn, DisplayNameColumn, RoleColumn, StateColumn, OnlineColumn, LastSeenColumn,
                  CreatedColumn, ColumnCount };
    enum Role { UserIdRole = Qt::UserRole + 1, UsernameRole, RoleRole, StateRole, OnlineRole, UserRole };

    explicit UserListModel(AdminApi *api = nullptr, QObject *parent = nullptr);

    void search(const QString &query, int pageSize = 50);
    QString query() const { return m_query; }
    bool isLoading() const { return m_loading; }

    void setUsers(const QList<AdminUser> &users, const QString &nextCursor = {});
    void appendUsers(const QList<AdminUser> &users, const QString &nextCursor = {});
    void updateUser(const AdminUser &user); // by id; ignored when not listed
    AdminUser userAt(int row) const { return m_users.value(row); }
    int rowOf(const QString &userId) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

signals:
    void loadingChanged(bool loading);
    void failed(const Banter::Console::ApiError &error);

private:
    void load(const QString &cursor);

    QPointer<AdminApi> m_api;
    QString m_query;
    int m_pageSize = 50;
    QList<AdminUser> m_users;
    QString m_nextCursor;
    bool m_loading = false;
    quint64 m_generation = 0; // a reply for an older search is dropped
};

} // namespace Banter::Console
