// The console's window against a real banterd (offscreen): logging in through the dialog (inline errors, a
// plain user refused, 2FA when the server asks), the Presence page following a real client, a ban from the
// Users page (confirmation + reason) closing that user's socket, the report workflow on the Reports page, the
// audit log's live entries, the dashboard's metrics, one re-login prompt when the session ends, and settings.
#include "tst_console_fixture.h"

#include "core/AdminApi.h"
#include "core/AdminLiveFeed.h"
#include "core/AdminSession.h"
#include "core/AuditLogModel.h"
#include "core/HealthMonitor.h"
#include "core/MetricsHistory.h"
#include "core/PresenceModel.h"
#include "core/ReportQueueModel.h"
#include "core/UserListModel.h"
#include "crypto/CryptoService.h"
#include "crypto/Totp.h"
#include "ui/AuditLogPage.h"
#include "ui/DashboardPage.h"
#include "ui/LoginDialog.h"
#include "ui/MainWindow.h"
#include "ui/MetricsChart.h"
#include "ui/PresencePage.h"
#include "ui/ReasonDialog.h"
#include "ui/ReportActions.h"
#include "ui/ReportDetailsPanel.h"
#include "ui/ReportsPage.h"
#include "ui/UserActions.h"
#include "ui/UserDetailsPanel.h"
#include "ui/UsersPage.h"

#include <banter/client/SocketIoClient.h>

#include <QComboBox>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTableView>
#include <QTranslator>
#include <QTreeView>
#include <QtCrypto>

using namespace Qt::StringLiterals;
using namespace Banter::Test;
using namespace Banter::Console;
using Banter::Client::SocketIoClient;

namespace {
constexpr int Timeout = 15000;

// One console window with everything it needs, as main.cpp wires it.
struct Console
{
    QNetworkAccessManager network;
    AdminSession session{&network};
    AdminApi api{&session};
    AdminLiveFeed feed{&session};
    HealthMonitor health{&network};
    MainWindow window{&session, &api, &feed, &health};
};

template <typename T>
T *child(QWidget *parent, const QString &name)
{
    T *found = parent->findChild<T *>(name);
    if (!found)
        qWarning() << "no child" << name;
    return found;
}
} // namespace

class TestConsoleUi : public QObject
{
    Q_OBJECT
    PgFixture m_pg;
    std::unique_ptr<AdminServer> m_server;

    // Opens the window and logs in through the dialog as a user would: fields, then the button.
    static bool fillLogin(LoginDialog *dialog, const QString &server, const QString &user, const QString &password)
    {
        if (!dialog)
            return false;
        child<QComboBox>(dialog, u"server"_s)->setCurrentText(server);
        child<QLineEdit>(dialog, u"username"_s)->setText(user);
        child<QLineEdit>(dialog, u"password"_s)->setText(password);
        QTest::mouseClick(child<QPushButton>(dialog, u"login"_s), Qt::LeftButton);
        return true;
    }

    bool logIn(Console &c, const QString &user = AdminServer::AdminName,
               const QString &password = AdminServer::AdminPassword)
    {
        c.window.show();
        c.window.start();
        if (!fillLogin(c.window.loginDialog(), m_server->server(), user, password))
            return false;
        QDeadlineTimer deadline(Timeout);
        while (!deadline.hasExpired() && (!c.session.isLoggedIn() || c.window.loginDialog()))
            QTest::qWait(20);
        return c.session.isLoggedIn() && !c.window.loginDialog();
    }

    static void connectClient(SocketIoClient &client, const TestUser &user, const QUrl &server)
    {
        client.setAuth({{u"token"_s, user.token}});
        client.open(server);
    }

    // A user promoted to moderator by the admin, over HTTP.
    TestUser moderator(const QString &name)
    {
        const TestUser user = m_server->registerUser(name);
        const TestUser admin = m_server->login(AdminServer::AdminName, AdminServer::AdminPassword);
        const HttpReply r = m_server->http(admin.token)->put(u"/api/admin/users/%1/role"_s.arg(user.id),
                                                              {{u"role"_s, u"moderator"_s}, {u"reason"_s, u"test"_s}});
        if (r.status != 200)
            qWarning() << "promotion failed" << r.status << r.body;
        return user;
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_pg.available(), "the pg fixture is not running");
        QStandardPaths::setTestModeEnabled(true); // QSettings under ~/.qttest, not the user's
        QCoreApplication::setOrganizationName(u"Banter"_s);
        QCoreApplication::setApplicationName(u"banter-console-test"_s);
        QSettings().clear();
        m_server = std::make_unique<AdminServer>(m_pg);
        QVERIFY(m_server->start());
    }

    void init() { QSettings().clear(); }

    void loginErrorsStayInTheDialog()
    {
        Console c;
        c.window.show();
        c.window.start();
        LoginDialog *dialog = c.window.loginDialog();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        QVERIFY(!dialog->isTotpVisible());

        QVERIFY(fillLogin(dialog, m_server->server(), AdminServer::AdminName, u"wrong password"_s));
        QTRY_VERIFY_WITH_TIMEOUT(dialog->errorText().contains(u"Wrong username or password"_s), Timeout);
        QVERIFY(dialog->isVisible());
        QVERIFY(!c.session.isLoggedIn());

        // A plain user has the right password but no business here.
        m_server->registerUser(u"plain"_s);
        QVERIFY(fillLogin(dialog, m_server->server(), u"plain"_s, AdminServer::UserPassword));
        QTRY_VERIFY_WITH_TIMEOUT(dialog->errorText().contains(u"not a moderator or admin"_s), Timeout);
        QVERIFY(dialog->isVisible());
        QVERIFY(!c.session.isLoggedIn());

        QVERIFY(fillLogin(dialog, u"ftp://nowhere"_s, AdminServer::AdminName, AdminServer::AdminPassword));
        QVERIFY(dialog->errorText().contains(u"http://"_s));

        QVERIFY(fillLogin(dialog, u"http://127.0.0.1:9"_s, AdminServer::AdminName, AdminServer::AdminPassword));
        QTRY_VERIFY_WITH_TIMEOUT(dialog->errorText().contains(u"Cannot reach"_s), Timeout);

        QVERIFY(fillLogin(dialog, m_server->server(), AdminServer::AdminName, AdminServer::AdminPassword));
        QTRY_VERIFY_WITH_TIMEOUT(c.session.isLoggedIn() && !c.window.loginDialog(), Timeout);
        QCOMPARE(c.session.user().role, u"admin"_s);
        QTRY_VERIFY_WITH_TIMEOUT(c.feed.isConnected(), Timeout);
        QVERIFY(child<QLabel>(&c.window, u"liveState"_s)->text().contains(u"Live"_s));

        // The server joins the remembered list, first.
        const QStringList recent = QSettings().value(u"servers/recent"_s).toStringList();
        QVERIFY(!recent.isEmpty());
        QCOMPARE(recent.first(), m_server->server());
        QCOMPARE(QSettings().value(u"login/username"_s).toString(), AdminServer::AdminName);
    }

    void twoFactorCodeWhenAsked()
    {
        const TestUser mod = moderator(u"twofa_mod"_s);
        auto http = m_server->http(mod.token);
        const HttpReply enable = http->post(u"/api/auth/2fa/enable"_s, {});
        QCOMPARE(enable.status, 200);
        const QByteArray secret = *Banter::Server::Totp::base32Decode(enable.json.value(u"secret"_s).toString());
        QCA::Initializer qca;
        Banter::Server::CryptoService crypto;
        Banter::Server::Totp totp(crypto);
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        // Enable with the previous step, so the current one is still unused for the login.
        QCOMPARE(http->post(u"/api/auth/2fa/verify"_s, {{u"code"_s, totp.codeAt(secret, now - 30)}}).status, 200);

        Console c;
        c.window.show();
        c.window.start();
        LoginDialog *dialog = c.window.loginDialog();
        QVERIFY(fillLogin(dialog, m_server->server(), mod.username, AdminServer::UserPassword));
        QTRY_VERIFY_WITH_TIMEOUT(dialog->isTotpVisible(), Timeout);
        QVERIFY(dialog->errorText().contains(u"two-factor"_s));
        QVERIFY(!c.session.isLoggedIn());

        child<QLineEdit>(dialog, u"totp"_s)->setText(u"000000"_s == totp.codeAt(secret, now) ? u"111111"_s : u"000000"_s);
        QTest::mouseClick(child<QPushButton>(dialog, u"login"_s), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->errorText().contains(u"not valid"_s), Timeout);

        child<QLineEdit>(dialog, u"totp"_s)->setText(totp.codeAt(secret, QDateTime::currentSecsSinceEpoch()));
        QTest::mouseClick(child<QPushButton>(dialog, u"login"_s), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(c.session.isLoggedIn() && !c.window.loginDialog(), Timeout);
        QCOMPARE(c.session.user().role, u"moderator"_s);
    }

    void presenceShowsARealClient()
    {
        Console c;
        QVERIFY(logIn(c));
        QTRY_VERIFY_WITH_TIMEOUT(c.feed.isConnected(), Timeout);
        c.window.setCurrentPage(MainWindow::Page::Presence);
        PresencePage *page = c.window.presencePage();
        QVERIFY(page->isVisible());
        page->setFilterText(u"carol"_s);
        QCOMPARE(page->proxy()->rowCount(), 0);

        const TestUser carol = m_server->registerUser(u"carol"_s);
        SocketIoClient phone;
        connectClient(phone, carol, m_server->url());
        QTRY_COMPARE_WITH_TIMEOUT(page->proxy()->rowCount(), 1, Timeout);
        const QModelIndex row = page->proxy()->index(0, PresenceModel::NameColumn);
        QCOMPARE(row.data().toString(), u"carol"_s);
        QCOMPARE(row.data(PresenceModel::UserIdRole).toString(), carol.id);
        QCOMPARE(page->proxy()->rowCount(row), 1); // one connection under her
        QVERIFY2(page->countsText().contains(u"1 shown"_s), qPrintable(page->countsText()));

        SocketIoClient laptop;
        connectClient(laptop, carol, m_server->url());
        QTRY_COMPARE_WITH_TIMEOUT(page->proxy()->rowCount(page->proxy()->index(0, 0)), 2, Timeout);
        QCOMPARE(page->proxy()->index(0, PresenceModel::ConnectionCountColumn).data(PresenceModel::ConnectionCountRole).toInt(), 2);

        // Someone not matching the filter stays out of view but counts.
        const TestUser dan = m_server->registerUser(u"dan"_s);
        SocketIoClient other;
        connectClient(other, dan, m_server->url());
        QTRY_VERIFY_WITH_TIMEOUT(c.window.presenceModel()->userRow(dan.id) >= 0, Timeout);
        QCOMPARE(page->proxy()->rowCount(), 1);
        page->setFilterText(QString());
        QCOMPARE(page->proxy()->rowCount(), int(c.window.presenceModel()->onlineUsers()));

        // Double-click opens the user on the Users page.
        page->setFilterText(u"carol"_s);
        emit page->view()->doubleClicked(page->proxy()->index(0, PresenceModel::NameColumn));
        QCOMPARE(c.window.currentPage(), MainWindow::Page::Users);
        QTRY_COMPARE_WITH_TIMEOUT(c.window.usersPage()->details()->detail().user.id, carol.id, Timeout);
        QCOMPARE(c.window.usersPage()->details()->detail().connections.size(), 2);
        c.window.setCurrentPage(MainWindow::Page::Presence);

        phone.close();
        laptop.close();
        QTRY_COMPARE_WITH_TIMEOUT(page->proxy()->rowCount(), 0, Timeout);
        QCOMPARE(c.window.presenceModel()->userRow(carol.id), -1);
        other.close();
        QTRY_COMPARE_WITH_TIMEOUT(c.window.presenceModel()->userRow(dan.id), -1, Timeout);

        // The dashboard got metrics meanwhile (one sample a second).
        QTRY_VERIFY_WITH_TIMEOUT(c.window.metricsHistory()->size() >= 2, Timeout);
        DashboardPage *dashboard = c.window.dashboardPage();
        QVERIFY(dashboard->totalText(MetricsHistory::ConnectionsColumn) != u"-"_s);
        QTRY_VERIFY_WITH_TIMEOUT(dashboard->connectionsChart()->pointCount() >= 2, Timeout);
        QVERIFY(dashboard->messagesChart()->pointCount() >= 2);
    }

    void banFromUsersPageClosesTheSocket()
    {
        Console c;
        QVERIFY(logIn(c));
        const TestUser erin = m_server->registerUser(u"erin"_s);
        SocketIoClient socket;
        QSignalSpy dropped(&socket, &SocketIoClient::disconnected);
        QSignalSpy up(&socket, &SocketIoClient::connected);
        connectClient(socket, erin, m_server->url());
        QVERIFY(up.wait(Timeout));
        QTRY_VERIFY_WITH_TIMEOUT(c.feed.isConnected(), Timeout);

        c.window.setCurrentPage(MainWindow::Page::Users);
        UsersPage *page = c.window.usersPage();
        page->search(u"erin"_s);
        QTRY_COMPARE_WITH_TIMEOUT(c.window.userListModel()->rowCount(), 1, Timeout);
        page->selectRow(0);
        UserDetailsPanel *details = page->details();
        QTRY_COMPARE_WITH_TIMEOUT(details->detail().user.id, erin.id, Timeout);
        QVERIFY(details->detail().user.online);
        QPushButton *ban = details->button(UserDetailsPanel::Action::Ban);
        QVERIFY(ban->isEnabled());
        QVERIFY(!details->button(UserDetailsPanel::Action::Unban)->isEnabled());

        // Cancelling does nothing.
        QTest::mouseClick(ban, Qt::LeftButton);
        QPointer<ReasonDialog> dialog = page->actions()->openDialog();
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        dialog->reject();
        QTest::qWait(300);
        QCOMPARE(socket.isConnected(), true);

        // Confirm needs a reason.
        QTest::mouseClick(ban, Qt::LeftButton);
        dialog = page->actions()->openDialog();
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        QVERIFY(!dialog->confirmButton()->isEnabled());
        auto *reason = child<QPlainTextEdit>(dialog, u"reason"_s);
        QTest::keyClicks(reason, u"   "_s);
        QVERIFY(!dialog->confirmButton()->isEnabled());
        reason->clear();
        QTest::keyClicks(reason, u"Spam in every group"_s);
        QVERIFY(dialog->confirmButton()->isEnabled());
        QTest::mouseClick(dialog->confirmButton(), Qt::LeftButton);

        QVERIFY(dropped.wait(Timeout));
        QTRY_VERIFY_WITH_TIMEOUT(page->statusText().contains(u"banned"_s), Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(c.window.userListModel()->userAt(0).state, u"banned"_s, Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(details->detail().user.state, u"banned"_s, Timeout);
        QVERIFY(!details->button(UserDetailsPanel::Action::Ban)->isEnabled());
        QVERIFY(details->button(UserDetailsPanel::Action::Unban)->isEnabled());
        QTRY_COMPARE_WITH_TIMEOUT(c.window.presenceModel()->userRow(erin.id), -1, Timeout);

        // The audit log got the entry live, at the top.
        QTRY_VERIFY_WITH_TIMEOUT(c.window.auditLogModel()->rowCount() > 0 &&
                                     c.window.auditLogModel()->entryAt(0).action == u"user.ban"_s,
                                 Timeout);
        QCOMPARE(c.window.auditLogModel()->entryAt(0).targetId, erin.id);
        QCOMPARE(c.window.auditLogModel()->entryAt(0).reason, u"Spam in every group"_s);

        // And the user can no longer log in.
        const HttpReply login = m_server->http()->post(u"/api/auth/login"_s, {{u"username"_s, u"erin"_s}, {u"password"_s, AdminServer::UserPassword}});
        QCOMPARE(login.status, 403);

        // Nobody acts on themselves or on their equals: the admin's own row has every action disabled.
        page->search(AdminServer::AdminName);
        QTRY_COMPARE_WITH_TIMEOUT(c.window.userListModel()->rowCount(), 1, Timeout);
        page->selectRow(0);
        QTRY_COMPARE_WITH_TIMEOUT(details->detail().user.username, AdminServer::AdminName, Timeout);
        for (auto a : {UserDetailsPanel::Action::Suspend, UserDetailsPanel::Action::Ban,
                       UserDetailsPanel::Action::Logout, UserDetailsPanel::Action::ChangeRole})
            QVERIFY(!details->button(a)->isEnabled());
    }

    void reportWorkflow()
    {
        // A message in a group, reported by another member.
        const TestUser gina = m_server->registerUser(u"gina"_s);
        const TestUser hank = m_server->registerUser(u"hank"_s);
        const HttpReply chat = m_server->http(gina.token)->post(u"/api/chat"_s, {{u"type"_s, u"group"_s}, {u"title"_s, u"G"_s},
                                                                                {u"memberIds"_s, QJsonArray{hank.id}}});
        QCOMPARE(chat.status, 201);
        const QString conversation = chat.json.value(u"conversation"_s).toObject().value(u"id"_s).toString();
        QString reported;
        for (const QString &text : {u"hello"_s, u"buy my pills"_s, u"bye"_s}) {
            const HttpReply m = m_server->http(gina.token)->post(u"/api/messages"_s, {{u"conversationId"_s, conversation}, {u"content"_s, text},
                                                                                      {u"clientMessageId"_s, text}});
            QCOMPARE(m.status, 201);
            if (text == u"buy my pills"_s)
                reported = m.json.value(u"message"_s).toObject().value(u"id"_s).toString();
        }
        const HttpReply report = m_server->http(hank.token)->post(u"/api/users/report"_s, {{u"userId"_s, gina.id}, {u"messageId"_s, reported},
                                                                                            {u"reason"_s, u"spam"_s}});
        QCOMPARE(report.status, 201);
        const QString reportId = report.json.value(u"report"_s).toObject().value(u"id"_s).toString();

        Console c;
        QVERIFY(logIn(c));
        c.window.setCurrentPage(MainWindow::Page::Reports);
        ReportsPage *page = c.window.reportsPage();
        ReportQueueModel *queue = c.window.reportQueueModel();
        QTRY_VERIFY_WITH_TIMEOUT(queue->rowOf(reportId) >= 0, Timeout);
        page->selectRow(queue->rowOf(reportId));
        ReportDetailsPanel *details = page->details();
        QTRY_VERIFY_WITH_TIMEOUT(details->conversationText().contains(u"buy my pills"_s), Timeout);
        QVERIFY(details->conversationText().contains(u"hello"_s)); // context around it
        QVERIFY(details->conversationText().contains(u"reported"_s));

        QTest::mouseClick(details->button(ReportDetailsPanel::Action::Assign), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(details->report().state, u"assigned"_s, Timeout);
        QCOMPARE(details->report().assignee.username, AdminServer::AdminName);
        QVERIFY(!details->button(ReportDetailsPanel::Action::Assign)->isEnabled());

        QTest::mouseClick(details->button(ReportDetailsPanel::Action::HideMessage), Qt::LeftButton);
        QPointer<ReasonDialog> dialog = page->actions()->openDialog();
        QVERIFY(dialog);
        dialog->setReason(u"spam"_s);
        QTest::mouseClick(dialog->confirmButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(page->statusText().contains(u"hidden"_s), Timeout);

        QTest::mouseClick(details->button(ReportDetailsPanel::Action::Resolve), Qt::LeftButton);
        dialog = page->actions()->openDialog();
        QVERIFY(dialog);
        QVERIFY(!dialog->confirmButton()->isEnabled());
        child<QComboBox>(dialog, u"resolution"_s)->setCurrentText(u"message_removed"_s);
        dialog->setReason(u"Removed the spam"_s);
        QTest::mouseClick(dialog->confirmButton(), Qt::LeftButton);
        // Resolved reports leave the open queue.
        QTRY_COMPARE_WITH_TIMEOUT(queue->rowOf(reportId), -1, Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(details->report().state, u"resolved"_s, Timeout);
        QVERIFY(details->report().resolution.has_value());
        QCOMPARE(details->report().resolution->action, u"message_removed"_s);
        QVERIFY(!details->button(ReportDetailsPanel::Action::Resolve)->isEnabled());

        page->setStateFilter(u"resolved"_s);
        QTRY_VERIFY_WITH_TIMEOUT(queue->rowOf(reportId) >= 0, Timeout);

        // The audit page filters by actor name and action.
        c.window.setCurrentPage(MainWindow::Page::Audit);
        AuditLogPage *audit = c.window.auditPage();
        audit->setActor(AdminServer::AdminName);
        audit->setAction(u"report.resolve"_s);
        audit->applyFilters();
        AuditLogModel *log = c.window.auditLogModel();
        QTRY_VERIFY_WITH_TIMEOUT(log->rowCount() >= 1 && !log->isLoading() &&
                                     log->filter().action == u"report.resolve"_s,
                                 Timeout);
        for (int row = 0; row < log->rowCount(); ++row)
            QCOMPARE(log->entryAt(row).action, u"report.resolve"_s);
        QCOMPARE(log->entryAt(0).targetId, reportId);
    }

    void expiredSessionPromptsOnce()
    {
        Console c;
        QVERIFY(logIn(c));
        QSignalSpy expired(&c.session, &AdminSession::sessionExpired);
        // End this login behind the console's back; its next requests fail and the refresh is refused.
        HttpClient http(m_server->url());
        http.setToken(c.session.accessToken());
        QCOMPARE(http.post(u"/api/auth/logout"_s, {}).status, 204);

        c.window.usersPage()->search(QString());
        c.window.reportsPage()->reload();
        c.window.auditPage()->reload();
        QTRY_VERIFY_WITH_TIMEOUT(c.window.loginDialog() && c.window.loginDialog()->isVisible(), Timeout);
        QTest::qWait(500);
        QCOMPARE(expired.size(), 1);
        QCOMPARE(c.window.findChildren<LoginDialog *>().size(), 1);
        LoginDialog *dialog = c.window.loginDialog();
        QCOMPARE(child<QLineEdit>(dialog, u"username"_s)->text(), AdminServer::AdminName);
        QVERIFY(child<QLineEdit>(dialog, u"password"_s)->text().isEmpty());

        child<QLineEdit>(dialog, u"password"_s)->setText(AdminServer::AdminPassword);
        QTest::mouseClick(child<QPushButton>(dialog, u"login"_s), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(c.session.isLoggedIn() && !c.window.loginDialog(), Timeout);
        QTRY_VERIFY_WITH_TIMEOUT(c.feed.isConnected(), Timeout);
        QTRY_VERIFY_WITH_TIMEOUT(c.window.userListModel()->rowCount() > 0, Timeout);
    }

    void presencePageWithTenThousandUsers()
    {
        // The page as the window shows it: a sorted, filtered proxy over the model, in a visible view.
        PresenceModel model;
        PresencePage page(&model);
        page.resize(900, 600);
        page.show();
        QVERIFY(page.view()->uniformRowHeights());
        PresenceSnapshot snapshot;
        for (int i = 0; i < 10000; ++i) {
            PresenceUser u{QString::number(i + 1), u"user%1"_s.arg(i, 5, 10, QChar(u'0')), {}};
            Connection c;
            c.id = u"c%1"_s.arg(i);
            c.clientAddress = u"10.0.%1.%2"_s.arg(i / 256).arg(i % 256);
            c.userAgent = u"Banter/1.4"_s;
            c.connectedSince = c.lastActivity = QDateTime::currentDateTimeUtc();
            u.connections.append(c);
            snapshot.users.append(u);
        }
        snapshot.onlineUsers = snapshot.connections = 10000;
        QElapsedTimer clock;
        clock.start();
        model.applySnapshot(snapshot);
        QCoreApplication::processEvents();
        QCOMPARE(page.proxy()->rowCount(), 10000);
        const qint64 snapshotMs = clock.elapsed();

        // A thousand people come and go: row by row, never a reset, the view stays responsive.
        QSignalSpy resets(page.proxy(), &QAbstractItemModel::modelReset);
        QSignalSpy layouts(page.proxy(), &QAbstractItemModel::layoutChanged);
        clock.restart();
        for (int i = 0; i < 500; ++i) {
            Connection c;
            c.id = u"n%1"_s.arg(i);
            c.clientAddress = u"192.168.0.1"_s;
            model.addConnection(u"new%1"_s.arg(i), u"newcomer%1"_s.arg(i), c);
            model.removeConnection(QString::number(i * 20 + 1), u"c%1"_s.arg(i * 20));
            if (i % 50 == 0)
                QCoreApplication::processEvents();
        }
        QCoreApplication::processEvents();
        const qint64 churnMs = clock.elapsed();
        QCOMPARE(resets.size(), 0);
        QCOMPARE(layouts.size(), 0);
        QCOMPARE(page.proxy()->rowCount(), 10000);
        QVERIFY2(page.countsText().startsWith(u"10000 users online"_s) || page.countsText().startsWith(u"10,000 users online"_s),
                 qPrintable(page.countsText()));

        clock.restart();
        page.setFilterText(u"newcomer4"_s);
        QCOMPARE(page.proxy()->rowCount(), 111); // newcomer4, 40-49, 400-499
        page.setFilterText(QString());
        QCOMPARE(page.proxy()->rowCount(), 10000);
        const qint64 filterMs = clock.elapsed();
        qInfo("10,000 users: snapshot %lld ms, 1,000 changes %lld ms, two filters %lld ms", snapshotMs, churnMs, filterMs);
        // Generous for a debug build with sanitizers; a reset per change or a resize-to-contents would blow it.
        QVERIFY2(churnMs < 10000, qPrintable(QString::number(churnMs)));
    }

    void windowStateIsRemembered()
    {
        QSize size;
        {
            Console c;
            QVERIFY(logIn(c));
            c.window.setCurrentPage(MainWindow::Page::Reports);
            c.window.resize(700, 500); // at least the window's minimum, within the offscreen screen (800x600)
            size = c.window.size();
        }
        QCOMPARE(QSettings().value(u"window/page"_s).toString(), u"reports"_s);
        QVERIFY(!QSettings().value(u"window/geometry"_s).toByteArray().isEmpty());
        Console again;
        QCOMPARE(again.window.currentPage(), MainWindow::Page::Reports);
        // The offscreen screen (800x600) may clamp the restored size by a few pixels.
        QVERIFY2(qAbs(again.window.width() - size.width()) <= 30 && again.window.height() == size.height(),
                 qPrintable(u"%1x%2, saved %3x%4"_s.arg(again.window.width()).arg(again.window.height())
                                .arg(size.width()).arg(size.height())));
    }

    void germanIsComplete()
    {
        // Every string of the console has a German translation ...
        QFile ts(QStringLiteral(BANTER_SOURCE_DIR "/translations/banter_de.ts"));
        QVERIFY(ts.open(QIODevice::ReadOnly));
        const QByteArray xml = ts.readAll();
        QVERIFY(!xml.contains("type=\"unfinished\""));
        QVERIFY(xml.contains("<translation>"));

        // ... and the compiled one turns the window German.
        QTranslator german;
        QVERIFY(german.load(QStringLiteral(BANTER_QM_DIR "/banter_de.qm")));
        QCoreApplication::installTranslator(&german);
        {
            Console c;
            c.window.show();
            c.window.start();
            QVERIFY(c.window.loginDialog());
            QCOMPARE(c.window.loginDialog()->windowTitle(), u"Bei Banter anmelden"_s);
            const auto *nav = c.window.findChild<QListWidget *>(u"navigation"_s);
            QVERIFY(nav);
            QCOMPARE(nav->item(0)->text(), u"Übersicht"_s);
            QCOMPARE(nav->item(4)->text(), u"Audit-Protokoll"_s);
        }
        QCoreApplication::removeTranslator(&german);
    }

    void cleanupTestCase()
    {
        if (!m_server)
            return;
        const int code = m_server->banterd().terminate();
        if (code != 0)
            qWarning().noquote() << "banterd's log:\n" << m_server->banterd().output().right(8000);
        QCOMPARE(code, 0);
    }
};

QTEST_MAIN(TestConsoleUi)
#include "tst_console_ui.moc"
