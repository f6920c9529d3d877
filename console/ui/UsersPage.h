#pragma once

#include "core/AdminSession.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QSplitter;
class QTableView;
class QTimer;

namespace Banter::Console {

class AdminApi;
class UserActions;
class UserDetailsPanel;
class UserListModel;

// Find users (prefix search on username and display name) and moderate them: the list on the left, the
// selected user's details and the action buttons on the right.
class UsersPage : public QWidget
{
    Q_OBJECT
public:
    UsersPage(AdminApi *api, UserListModel *model, QWidget *parent = nullptr);

    void setViewer(const SessionUser &viewer);
    void search(const QString &text);
    void showUser(const QString &userId, const QString &username); // search for them and select them
    void selectRow(int row);
    void reloadDetail();

    QTableView *view() const { return m_view; }
    UserDetailsPanel *details() const { return m_details; }
    UserActions *actions() const { return m_actions; }
    QSplitter *splitter() const { return m_splitter; }
    QString statusText() const;

private:
    void runSearch(const QString &text);
    void onCurrentChanged();
    void loadDetail(const QString &userId, const QString &username);
    void onAction(int action);
    void showStatus(const QString &text, bool error);
    void selectPending();

    AdminApi *m_api;
    UserListModel *m_model;
    QLineEdit *m_search;
    QTimer *m_searchDelay;
    QTableView *m_view;
    QSplitter *m_splitter;
    UserDetailsPanel *m_details;
    UserActions *m_actions;
    QLabel *m_status;
    QString m_pendingUserId;
    QString m_detailUserId;
};

} // namespace Banter::Console
