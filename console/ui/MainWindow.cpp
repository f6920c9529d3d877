#include "ui/MainWindow.h"

#include "core/AdminApi.h"
#include "core/AdminLiveFeed.h"
#include "core/AuditLogModel.h"
#include "core/HealthMonitor.h"
#include "core/MetricsHistory.h"
#include "core/PresenceModel.h"
#include "core/ReportQueueModel.h"
#include "core/UserListModel.h"
#include "ui/AuditLogPage.h"
#include "ui/DashboardPage.h"
#include "ui/Labels.h"
#include "ui/LoginDialog.h"
#include "ui/PresencePage.h"
#include "ui/ReportsPage.h"
#include "ui/UsersPage.h"

#include <QAction>
#include <QApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>

using namespace Qt::StringLiterals;

namespace Banter::Console {

QString MainWindow::pageKey(Page page)
{
    switch (page) {
    case Page::Dashboard: return u"dashboard"_s;
    case Page::Presence: return u"presence"_s;
    case Page::Users: return u"users"_s;
    case Page::Reports: return u"reports"_s;
    case Page::Audit: return u"audit"_s;
    }
    return {};
}

MainWindow::MainWindow(AdminSession *session, AdminApi *api, AdminLiveFeed *feed, HealthMonitor *health,
                       QWidget *parent)
    : QMainWindow(parent), m_session(session), m_api(api), m_feed(feed), m_health(health)
{
    setWindowTitle(tr("Banter Console"));
    m_presenceModel = new PresenceModel(this);
    m_presenceModel->attach(feed);
    m_userModel = new UserListModel(api, this);
    m_reportModel = new ReportQueueModel(api, this);
    m_auditModel = new AuditLogModel(api, this);
    m_auditModel->attach(feed);
    m_metrics = new MetricsHistory(10, this);
    m_metrics->attach(feed);

    auto *central = new QWidget(this);
    auto *layout = new QHBoxLayout(central);
    m_nav = new QListWidget(central);
    m_nav->setObjectName(u"navigation"_s);
    m_stack = new QStackedWidget(central);
    m_dashboard = new DashboardPage(m_metrics, health, m_stack);
    m_presence = new PresencePage(m_presenceModel, m_stack);
    m_users = new UsersPage(api, m_userModel, m_stack);
    m_reports = new ReportsPage(api, m_reportModel, m_stack);
    m_audit = new AuditLogPage(api, m_auditModel, m_stack);
    const struct
    {
        QWidget *page;
        QString title;
        QStyle::StandardPixmap icon;
    } pages[] = {
        {m_dashboard, tr("Dashboard"), QStyle::SP_ComputerIcon},
        {m_presence, tr("Presence"), QStyle::SP_DirHomeIcon},
        {m_users, tr("Users"), QStyle::SP_FileDialogDetailedView},
        {m_reports, tr("Reports"), QStyle::SP_MessageBoxWarning},
        {m_audit, tr("Audit log"), QStyle::SP_FileDialogContentsView},
    };
    for (const auto &p : pages) {
        m_stack->addWidget(p.page);
        new QListWidgetItem(style()->standardIcon(p.icon), p.title, m_nav);
    }
    m_nav->setIconSize(QSize(20, 20));
    m_nav->setSpacing(2);
    m_nav->setFixedWidth(qMax(m_nav->sizeHintForColumn(0) + 2 * m_nav->frameWidth() + 16, 150));
    layout->addWidget(m_nav);
    layout->addWidget(m_stack, 1);
    setCentralWidget(central);

    m_who = new QLabel(tr("Not logged in"), this);
    m_live = new QLabel(this);
    m_live->setObjectName(u"liveState"_s);
    statusBar()->addWidget(m_who, 1);
    statusBar()->addPermanentWidget(m_live);
    showLiveState(false);
    buildMenus();

    connect(m_nav, &QListWidget::currentRowChanged, m_stack, &QStackedWidget::setCurrentIndex);
    connect(m_presence, &PresencePage::userActivated, this, [this](const QString &userId, const QString &username) {
        setCurrentPage(Page::Users);
        m_users->showUser(userId, username);
    });
    connect(session, &AdminSession::sessionExpired, this, &MainWindow::onSessionExpired);
    connect(session, &AdminSession::loggedOut, this, &MainWindow::onLoggedOut);
    connect(feed, &AdminLiveFeed::connectedChanged, this, &MainWindow::showLiveState);
    connect(feed, &AdminLiveFeed::connectFailed, this, [this](const ApiError &error) {
        statusBar()->showMessage(tr("The live feed was refused: %1").arg(error.describe()), 10000);
    });

    m_nav->setCurrentRow(0);
    restoreSettings();
}

MainWindow::~MainWindow()
{
    saveSettings();
}

void MainWindow::buildMenus()
{
    QMenu *sessionMenu = menuBar()->addMenu(tr("&Session"));
    QAction *login = sessionMenu->addAction(tr("&Log in ..."), this, [this] { showLogin(false); });
    QAction *logout = sessionMenu->addAction(tr("Log &out"), this, [this] { m_session->logout(); });
    sessionMenu->addSeparator();
    QAction *quit = sessionMenu->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
    quit->setShortcut(QKeySequence::Quit);
    login->setEnabled(!m_session->isLoggedIn());
    logout->setEnabled(m_session->isLoggedIn());
    connect(m_session, &AdminSession::loggedIn, this, [login, logout] {
        login->setEnabled(false);
        logout->setEnabled(true);
    });
    for (auto signal : {&AdminSession::loggedOut, &AdminSession::sessionExpired}) {
        connect(m_session, signal, this, [login, logout] {
            login->setEnabled(true);
            logout->setEnabled(false);
        });
    }

    QMenu *view = menuBar()->addMenu(tr("&View"));
    for (int i = 0; i < PageCount; ++i) {
        QAction *go = view->addAction(m_nav->item(i)->text(), this, [this, i] { setCurrentPage(Page(i)); });
        go->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
    }
    view->addSeparator();
    QAction *reload = view->addAction(tr("&Reload"), this, &MainWindow::reloadCurrentPage);
    reload->setShortcut(QKeySequence::Refresh);
}

void MainWindow::start()
{
    if (m_session->isLoggedIn())
        onLoggedIn(m_session->user());
    else
        showLogin(false);
}

void MainWindow::showLogin(bool expired)
{
    if (m_login) {
        // One prompt, however many requests failed.
        m_login->setExpired(expired);
        m_login->raise();
        m_login->activateWindow();
        return;
    }
    m_login = new LoginDialog(m_session, this);
    m_login->setAttribute(Qt::WA_DeleteOnClose);
    m_login->setWindowModality(Qt::WindowModal);
    if (expired) {
        m_login->setServer(m_session->server().toString());
        m_login->setUsername(m_session->user().username);
    }
    m_login->setExpired(expired);
    connect(m_login, &LoginDialog::loggedIn, this, &MainWindow::onLoggedIn);
    m_login->open();
}

void MainWindow::onLoggedIn(const SessionUser &user)
{
    const QString server = m_session->server().toString();
    m_who->setText(tr("%1 (%2) on %3").arg(user.username, Labels::role(user.role), server));
    setWindowTitle(tr("Banter Console - %1").arg(server));
    m_users->setViewer(user);
    m_reports->setViewer(user);
    if (m_health->server() != m_session->server())
        m_health->setServer(m_session->server());
    // A fresh feed: every (re)connect begins with a presence snapshot.
    m_feed->stop();
    m_metrics->clear();
    m_feed->start();
    m_users->search(QString());
    m_reportModel->reload();
    m_auditModel->reload();
    emit loggedIn(user);
}

void MainWindow::onLoggedOut()
{
    m_feed->stop();
    m_presenceModel->clear();
    m_auditModel->clear();
    m_metrics->clear();
    m_userModel->setUsers({});
    m_reportModel->setReports({});
    m_who->setText(tr("Not logged in"));
    setWindowTitle(tr("Banter Console"));
    showLogin(false);
}

void MainWindow::onSessionExpired()
{
    m_feed->stop();
    m_who->setText(tr("Session expired"));
    showLogin(true);
}

void MainWindow::setCurrentPage(Page page)
{
    m_nav->setCurrentRow(int(page));
}

MainWindow::Page MainWindow::currentPage() const
{
    return Page(qBound(0, m_stack->currentIndex(), PageCount - 1));
}

void MainWindow::reloadCurrentPage()
{
    if (!m_session->isLoggedIn())
        return;
    switch (currentPage()) {
    case Page::Dashboard: m_health->setServer(m_session->server()); break;
    case Page::Presence: // the feed's snapshot is the only source: reconnect for a fresh one
        m_feed->stop();
        m_feed->start();
        break;
    case Page::Users: m_users->search(m_userModel->query()); break;
    case Page::Reports: m_reports->reload(); break;
    case Page::Audit: m_audit->reload(); break;
    }
}

void MainWindow::showLiveState(bool connected)
{
    m_live->setText(connected ? tr("● Live") : tr("○ Not live"));
    m_live->setToolTip(connected ? tr("Presence, metrics and audit entries arrive as they happen.")
                                 : tr("The live feed is not connected; it reconnects by itself while logged in."));
    m_live->setStyleSheet(connected ? u"color: #1a7f37; font-weight: bold"_s : u"color: #656d76"_s);
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(u"window/geometry"_s, saveGeometry());
    settings.setValue(u"window/state"_s, saveState());
    settings.setValue(u"window/page"_s, pageKey(currentPage()));
    settings.setValue(u"window/usersSplitter"_s, m_users->splitter()->saveState());
    settings.setValue(u"window/reportsSplitter"_s, m_reports->splitter()->saveState());
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    // Before the first show() size() is Qt's default, not the layout's; size from a sensible default instead.
    if (!restoreGeometry(settings.value(u"window/geometry"_s).toByteArray()))
        resize(QSize(1180, 760));
    restoreState(settings.value(u"window/state"_s).toByteArray());
    m_users->splitter()->restoreState(settings.value(u"window/usersSplitter"_s).toByteArray());
    m_reports->splitter()->restoreState(settings.value(u"window/reportsSplitter"_s).toByteArray());
    const QString page = settings.value(u"window/page"_s).toString();
    for (int i = 0; i < PageCount; ++i) {
        if (pageKey(Page(i)) == page)
            setCurrentPage(Page(i));
    }
}

} // namespace Banter::Console
