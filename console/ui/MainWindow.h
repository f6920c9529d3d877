#pragma once

#include "core/AdminSession.h"

#include <QMainWindow>
#include <QPointer>

class QLabel;
class QListWidget;
class QStackedWidget;

namespace Banter::Console {

class AdminApi;
class AdminLiveFeed;
class AuditLogModel;
class AuditLogPage;
class DashboardPage;
class HealthMonitor;
class LoginDialog;
class MetricsHistory;
class PresenceModel;
class PresencePage;
class ReportQueueModel;
class ReportsPage;
class UserListModel;
class UsersPage;

// The console's window: a list of pages on the left (dashboard, presence, users, reports, audit log), the
// current page on the right, who is logged in where and whether the live feed is up in the status bar.
// It owns the models the pages display and leads the login: the login dialog at start, one re-login prompt
// when the session expires. Window geometry, state, splitters and the last page are kept in QSettings.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    enum class Page { Dashboard, Presence, Users, Reports, Audit };
    static constexpr int PageCount = 5;
    static QString pageKey(Page page); // "dashboard", "presence", ... (settings, screenshot file names)

    MainWindow(AdminSession *session, AdminApi *api, AdminLiveFeed *feed, HealthMonitor *health,
               QWidget *parent = nullptr);
    ~MainWindow() override;

    // Logged in already: start the live feed and load the pages; otherwise open the login dialog.
    void start();
    void showLogin(bool expired = false);
    LoginDialog *loginDialog() const { return m_login; }

    void setCurrentPage(Page page);
    Page currentPage() const;

    DashboardPage *dashboardPage() const { return m_dashboard; }
    PresencePage *presencePage() const { return m_presence; }
    UsersPage *usersPage() const { return m_users; }
    ReportsPage *reportsPage() const { return m_reports; }
    AuditLogPage *auditPage() const { return m_audit; }
    PresenceModel *presenceModel() const { return m_presenceModel; }
    UserListModel *userListModel() const { return m_userModel; }
    ReportQueueModel *reportQueueModel() const { return m_reportModel; }
    AuditLogModel *auditLogModel() const { return m_auditModel; }
    MetricsHistory *metricsHistory() const { return m_metrics; }

signals:
    void loggedIn(const Banter::Console::SessionUser &user);

private:
    void buildMenus();
    void onLoggedIn(const SessionUser &user);
    void onLoggedOut();
    void onSessionExpired();
    void reloadCurrentPage();
    void showLiveState(bool connected);
    void saveSettings() const;
    void restoreSettings();

    AdminSession *m_session;
    AdminApi *m_api;
    AdminLiveFeed *m_feed;
    HealthMonitor *m_health;

    PresenceModel *m_presenceModel;
    UserListModel *m_userModel;
    ReportQueueModel *m_reportModel;
    AuditLogModel *m_auditModel;
    MetricsHistory *m_metrics;

    QListWidget *m_nav;
    QStackedWidget *m_stack;
    DashboardPage *m_dashboard;
    PresencePage *m_presence;
    UsersPage *m_users;
    ReportsPage *m_reports;
    AuditLogPage *m_audit;
    QLabel *m_who;
    QLabel *m_live;
    QPointer<LoginDialog> m_login;
};

} // namespace Banter::Console
