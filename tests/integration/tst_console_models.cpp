// The console's widget-free core against a real banterd: AdminSession (login, refresh on 401, sessionExpired
// once), AdminApi, AdminLiveFeed on "/admin", and the models, checked with QAbstractItemModelTester and for
// incremental signals (no resets after the snapshot). Plus the models' own behaviour at scale, offline.
#include "tst_console_fixture.h"

#include "core/AdminApi.h"
#include "core/AdminLiveFeed.h"
#include "core/AdminSession.h"
#include "core/AuditLogModel.h"
#include "core/MetricsHistory.h"
#include "core/PresenceModel.h"
#include "core/ReportQueueModel.h"
#include "core/UserListModel.h"

#include <banter/client/SocketIoClient.h>

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QSortFilterProxyModel>

using namespace Qt::StringLiterals;
using namespace Banter::Test;
using namespace Banter::Console;
using Banter::Client::SocketIoClient;

namespace {
// Counts a model's structural signals.
struct ModelSignals
{
    explicit ModelSignals(QAbstractItemModel *model)
        : inserted(model, &QAbstractItemModel::rowsInserted), removed(model, &QAbstractItemModel::rowsRemoved),
          reset(model, &QAbstractItemModel::modelReset), changed(model, &QAbstractItemModel::dataChanged)
    {
    }
    void clear()
    {
        inserted.clear();
        removed.clear();
        reset.clear();
        changed.clear();
    }
    QSignalSpy inserted, removed, reset, changed;
};

// The error of a failed result, for QVERIFY2 (which evaluates its message also when the check passes).
template <typename R>
QString why(const R &r)
{
    if (r.has_value() && !r->ok())
        return r->error().describe();
    return {};
}
template <typename T>
QString why(const ApiResult<T> &r)
{
    return r.ok() ? QString() : r.error().describe();
}

template <typename T>
ApiResult<T> await(const std::function<void(AdminApi::Callback<T>)> &call)
{
    std::optional<ApiResult<T>> result;
    call([&](const ApiResult<T> &r) { result.emplace(r); });
    QDeadlineTimer deadline(20000);
    while (!result && !deadline.hasExpired())
        QTest::qWait(10);
    return result.value_or(ApiResult<T>(ApiError::client(u"timeout"_s, u"no answer"_s)));
}
} // namespace

class TestConsoleModels : public QObject
{
    Q_OBJECT
    PgFixture m_pg;
    std::unique_ptr<AdminServer> m_server;
    QNetworkAccessManager m_network;
    std::unique_ptr<AdminSession> m_session;
    std::unique_ptr<AdminApi> m_api;
    TestUser m_alice, m_bob;

    bool loginAdmin(AdminSession &session)
    {
        session.setServer(m_server->url());
        std::optional<ApiResult<SessionUser>> result;
        session.login(AdminServer::AdminName, AdminServer::AdminPassword, {}, this,
                      [&](const ApiResult<SessionUser> &r) { result.emplace(r); });
        QDeadlineTimer deadline(20000);
        while (!result && !deadline.hasExpired())
            QTest::qWait(20);
        if (!result || !result->ok()) {
            qWarning() << "login failed" << (result ? result->error().describe() : u"timeout"_s);
            return false;
        }
        return true;
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_pg.available(), "the pg fixture is not running");
        m_server = std::make_unique<AdminServer>(m_pg);
        QVERIFY(m_server->start());
        m_alice = m_server->registerUser(u"alice"_s);
        m_bob = m_server->registerUser(u"bob"_s);
        m_session = std::make_unique<AdminSession>(&m_network);
        m_api = std::make_unique<AdminApi>(m_session.get());
        QVERIFY(loginAdmin(*m_session));
        QCOMPARE(m_session->user().username, AdminServer::AdminName);
        QCOMPARE(m_session->user().role, u"admin"_s);
        QVERIFY(m_session->accessTokenExpiry() > QDateTime::currentDateTimeUtc());
    }

    void loginErrors()
    {
        AdminSession session(&m_network);
        session.setServer(m_server->url());
        QSignalSpy failed(&session, &AdminSession::loginFailed);
        std::optional<ApiResult<SessionUser>> result;
        session.login(AdminServer::AdminName, u"wrong password"_s, {}, this, [&](const ApiResult<SessionUser> &r) { result.emplace(r); });
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 20000);
        QVERIFY(!result->ok());
        QCOMPARE(result->error().code, u"invalid_credentials"_s);
        QCOMPARE(result->error().httpStatus, 401);
        QCOMPARE(failed.size(), 1);
        QVERIFY(!session.isLoggedIn());

        // Not logged in: calls fail at once, with no request.
        AdminApi api(&session);
        const auto r = await<PresenceSnapshot>([&](auto done) { api.presence(this, done); });
        QCOMPARE(r.error().code, u"not_logged_in"_s);
    }

    void refreshOnUnauthorized()
    {
        // A session that only has a stale access token but a good refresh token: the call succeeds after one
        // refresh and one retry; the new tokens are adopted.
        const TestUser admin = m_server->login(AdminServer::AdminName, AdminServer::AdminPassword);
        AdminSession session(&m_network);
        session.setServer(m_server->url());
        session.setTokens(u"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.forged"_s, admin.refreshToken);
        QSignalSpy tokens(&session, &AdminSession::tokensChanged);
        QSignalSpy expired(&session, &AdminSession::sessionExpired);
        AdminApi api(&session);
        std::optional<ApiResult<MetricsSample>> a, b;
        api.metrics(this, [&](const ApiResult<MetricsSample> &r) { a.emplace(r); });
        api.metrics(this, [&](const ApiResult<MetricsSample> &r) { b.emplace(r); });
        QTRY_VERIFY_WITH_TIMEOUT(a && b, 20000);
        QVERIFY2(a->ok(), qPrintable(why(a)));
        QVERIFY2(b->ok(), qPrintable(why(b)));
        QCOMPARE(tokens.size(), 1); // single-flight: both 401s shared one refresh
        QCOMPARE(expired.size(), 0);
        QVERIFY(session.refreshToken() != admin.refreshToken);
        QCOMPARE(session.user().role, u"admin"_s);
    }

    void sessionExpiresOnce()
    {
        AdminSession session(&m_network);
        session.setServer(m_server->url());
        session.setTokens(u"stale.token.here"_s, u"not-a-refresh-token"_s);
        QSignalSpy expired(&session, &AdminSession::sessionExpired);
        AdminApi api(&session);
        QList<ApiError> errors;
        for (int i = 0; i < 5; ++i)
            api.presence(this, [&](const ApiResult<PresenceSnapshot> &r) { errors.append(r.error()); });
        QTRY_COMPARE_WITH_TIMEOUT(errors.size(), 5, 20000);
        for (const ApiError &e : errors)
            QCOMPARE(e.code, u"session_expired"_s);
        QCOMPARE(expired.size(), 1);
        QVERIFY(!session.isLoggedIn());
        const auto later = await<PresenceSnapshot>([&](auto done) { api.presence(this, done); });
        QCOMPARE(later.error().code, u"session_expired"_s);
        QCOMPARE(expired.size(), 1); // no storm
    }

    void plainUserIsRefused()
    {
        AdminSession session(&m_network);
        session.setServer(m_server->url());
        session.setTokens(m_bob.token, m_bob.refreshToken);
        QCOMPARE(session.user().role, u"user"_s);
        AdminApi api(&session);
        const auto r = await<Page<AdminUser>>([&](auto done) { api.searchUsers({}, this, done); });
        QCOMPARE(r.error().httpStatus, 403);
        QCOMPARE(r.error().code, u"forbidden"_s);

        AdminLiveFeed feed(&session);
        QSignalSpy failed(&feed, &AdminLiveFeed::connectFailed);
        QSignalSpy snapshot(&feed, &AdminLiveFeed::snapshot);
        feed.start();
        QVERIFY(failed.wait(20000));
        QCOMPARE(snapshot.size(), 0);
        QVERIFY(!feed.isRunning());
    }

    void presenceModelFollowsSockets()
    {
        AdminLiveFeed feed(m_session.get());
        PresenceModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.attach(&feed);
        QSignalSpy snapshots(&feed, &AdminLiveFeed::snapshot);
        feed.start();
        QVERIFY(snapshots.wait(20000));
        QVERIFY(feed.isConnected());
        QCOMPARE(model.userRow(m_alice.id), -1);
        ModelSignals sig(&model);

        SocketIoClient phone;
        phone.setAuth({{u"token"_s, m_alice.token}});
        phone.open(m_server->url());
        QTRY_VERIFY_WITH_TIMEOUT(model.userRow(m_alice.id) >= 0, 10000);
        QCOMPARE(sig.inserted.size(), 1);
        QVERIFY(!sig.inserted.at(0).at(0).value<QModelIndex>().isValid()); // a top-level (user) row
        const QModelIndex alice = model.userIndex(m_alice.id);
        QCOMPARE(alice.data(PresenceModel::UsernameRole).toString(), u"alice"_s);
        QCOMPARE(alice.data(PresenceModel::ConnectionCountRole).toInt(), 1);
        QCOMPARE(model.rowCount(alice), 1);
        QVERIFY(!model.index(0, 0, alice).data(PresenceModel::ConnectionIdRole).toString().isEmpty());
        QCOMPARE(model.onlineUsers(), 1);
        QCOMPARE(model.totalConnections(), 1);

        SocketIoClient laptop;
        laptop.setAuth({{u"token"_s, m_alice.token}});
        laptop.open(m_server->url());
        QTRY_COMPARE_WITH_TIMEOUT(model.totalConnections(), qint64(2), 10000);
        QCOMPARE(sig.inserted.size(), 2);
        QCOMPARE(sig.inserted.at(1).at(0).value<QModelIndex>(), model.userIndex(m_alice.id)); // a child row
        QCOMPARE(model.rowCount(model.userIndex(m_alice.id)), 2);
        QCOMPARE(model.onlineUsers(), 1);

        SocketIoClient bob;
        bob.setAuth({{u"token"_s, m_bob.token}});
        bob.open(m_server->url());
        QTRY_VERIFY_WITH_TIMEOUT(model.userRow(m_bob.id) >= 0, 10000);

        // Filter and sort through a proxy by the roles.
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setFilterRole(PresenceModel::UsernameRole);
        proxy.setFilterFixedString(u"bob"_s);
        QCOMPARE(proxy.rowCount(), 1);
        QCOMPARE(proxy.index(0, 0).data(PresenceModel::UserIdRole).toString(), m_bob.id);

        phone.close();
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(model.userIndex(m_alice.id)), 1, 10000);
        QCOMPARE(sig.removed.size(), 1);
        QCOMPARE(sig.removed.at(0).at(0).value<QModelIndex>(), model.userIndex(m_alice.id));
        laptop.close();
        QTRY_COMPARE_WITH_TIMEOUT(model.userRow(m_alice.id), -1, 10000);
        QCOMPARE(sig.removed.size(), 2);
        QVERIFY(!sig.removed.at(1).at(0).value<QModelIndex>().isValid());
        QCOMPARE(model.userRow(m_bob.id), 0); // renumbered
        QCOMPARE(model.onlineUsers(), 1);
        QCOMPARE(model.totalConnections(), 1);
        QCOMPARE(sig.reset.size(), 0); // incremental all along
        bob.close();
        QTRY_COMPARE_WITH_TIMEOUT(model.onlineUsers(), qint64(0), 10000);

        // A reconnect brings a fresh snapshot.
        bob.open(m_server->url());
        QTRY_COMPARE_WITH_TIMEOUT(model.onlineUsers(), qint64(1), 10000);
        feed.stop();
        QVERIFY(!feed.isConnected());
        snapshots.clear();
        feed.start();
        QVERIFY(snapshots.wait(20000));
        QCOMPARE(model.onlineUsers(), 1);
        QVERIFY(model.userRow(m_bob.id) >= 0);
        bob.close();
    }

    // The live feed outlives a server restart: it reconnects by itself and starts over from a fresh snapshot.
    void liveFeedReconnectsAfterRestart()
    {
        AdminLiveFeed feed(m_session.get());
        PresenceModel model;
        model.attach(&feed);
        QSignalSpy snapshots(&feed, &AdminLiveFeed::snapshot);
        QSignalSpy connection(&feed, &AdminLiveFeed::connectedChanged);
        feed.start();
        QVERIFY(snapshots.wait(20000));
        QVERIFY(m_server->restart());
        QTRY_VERIFY_WITH_TIMEOUT(snapshots.size() >= 2, 30000);
        QVERIFY(connection.size() >= 3); // up, down, up
        QVERIFY(feed.isConnected());

        SocketIoClient socket;
        socket.setAuth({{u"token"_s, m_alice.token}});
        socket.open(m_server->url());
        QTRY_VERIFY_WITH_TIMEOUT(model.userRow(m_alice.id) >= 0, 10000);
        socket.close();
        QTRY_COMPARE_WITH_TIMEOUT(model.userRow(m_alice.id), -1, 10000);
    }

    void metricsHistoryFromFeed()
    {
        AdminLiveFeed feed(m_session.get());
        MetricsHistory history(1);
        QAbstractItemModelTester tester(&history, QAbstractItemModelTester::FailureReportingMode::QtTest);
        history.attach(&feed);
        feed.start();
        QTRY_VERIFY_WITH_TIMEOUT(history.size() >= 2, 15000);
        QVERIFY(history.sample(1).at > history.sample(0).at);
        QCOMPARE(history.index(0, MetricsHistory::TimeColumn).data(Qt::EditRole).toDateTime(), history.sample(0).at);

        const auto latest = await<MetricsSample>([&](auto done) { m_api->metrics(this, done); });
        QVERIFY2(latest.ok(), qPrintable(why(latest)));
        QVERIFY(latest->at.isValid());
        QVERIFY(latest.json().contains(u"dbBatchMs"_s));
    }

    void userListModel()
    {
        UserListModel model(m_api.get());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        connect(&model, &UserListModel::failed, this, [](const ApiError &e) { qWarning() << "search failed:" << e.describe(); });
        model.search(u"ali"_s);
        QTRY_VERIFY_WITH_TIMEOUT(!model.isLoading() && model.rowCount() == 1, 10000);
        QCOMPARE(model.index(0, UserListModel::UsernameColumn).data().toString(), u"alice"_s);
        QCOMPARE(model.index(0, 0).data(UserListModel::StateRole).toString(), u"active"_s);

        model.search(u"alice"_s);
        QTRY_VERIFY_WITH_TIMEOUT(!model.isLoading() && model.rowCount() == 1, 10000);
        ModelSignals sig(&model);
        const auto banned = await<AdminUser>([&](auto done) { m_api->banUser(m_alice.id, u"model test"_s, this, done); });
        QVERIFY2(banned.ok(), qPrintable(why(banned)));
        QCOMPARE(banned->state, u"banned"_s);
        model.updateUser(banned.value());
        QCOMPARE(sig.changed.size(), 1);
        QCOMPARE(sig.reset.size(), 0);
        QCOMPARE(model.index(0, 0).data(UserListModel::StateRole).toString(), u"banned"_s);

        // The server's validation reaches the caller as is.
        const auto noReason = await<AdminUser>([&](auto done) { m_api->unbanUser(m_alice.id, QString(), this, done); });
        QCOMPARE(noReason.error().code, u"validation_failed"_s);
        QCOMPARE(noReason.error().httpStatus, 400);
        const auto unbanned = await<AdminUser>([&](auto done) { m_api->unbanUser(m_alice.id, u"ok"_s, this, done); });
        QVERIFY(unbanned.ok());
        m_alice = m_server->login(u"alice"_s, AdminServer::UserPassword);
    }

    // The contract: q is a prefix, so an empty q lists everyone (banned included), a page at a time.
    void userListModelEmptyQueryPages()
    {
        UserListModel model(m_api.get()); // no QAbstractItemModelTester here: it calls fetchMore itself
        model.search(QString(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(!model.isLoading(), 10000);
        QCOMPARE(model.rowCount(), 1);
        QVERIFY(model.canFetchMore({}));
        model.fetchMore({});
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 2, 10000);
        model.fetchMore({});
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 3, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(!model.isLoading(), 10000);
        QVERIFY(!model.canFetchMore({})); // root, alice, bob
    }

    void reportQueueModel()
    {
        auto bobHttp = m_server->http(m_bob.token);
        HttpReply chat = bobHttp->post(u"/api/chat"_s, {{u"type"_s, u"direct"_s}, {u"memberIds"_s, QJsonArray{m_alice.id}}});
        QCOMPARE(chat.status, 201);
        const QString conversation = chat.json.value(u"conversation"_s).toObject().value(u"id"_s).toString();
        HttpReply msg = m_server->http(m_alice.token)->post(u"/api/messages"_s, {{u"conversationId"_s, conversation},
                                                                                {u"content"_s, u"nasty"_s}, {u"clientMessageId"_s, u"m1"_s}});
        QCOMPARE(msg.status, 201);
        const QString messageId = msg.json.value(u"message"_s).toObject().value(u"id"_s).toString();
        for (const QString &reason : {u"one"_s, u"two"_s}) {
            HttpReply rep = bobHttp->post(u"/api/users/report"_s, {{u"userId"_s, m_alice.id}, {u"messageId"_s, messageId}, {u"reason"_s, reason}});
            QCOMPARE(rep.status, 201);
        }

        ReportQueueModel model(m_api.get());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.reload();
        QTRY_VERIFY_WITH_TIMEOUT(!model.isLoading() && model.rowCount() == 2, 10000);
        const Report first = model.reportAt(0);
        QCOMPARE(first.reason, u"one"_s);
        QCOMPARE(first.reportedUser.id, m_alice.id);
        QCOMPARE(first.message.value(u"content"_s).toString(), u"nasty"_s);

        ModelSignals sig(&model);
        const auto assigned = await<Report>([&](auto done) { m_api->assignReport(first.id, this, done); });
        QVERIFY2(assigned.ok(), qPrintable(why(assigned)));
        model.updateReport(assigned.value());
        QCOMPARE(sig.changed.size(), 1);
        QCOMPARE(model.index(0, 0).data(ReportQueueModel::AssigneeIdRole).toString(), m_session->user().id);
        const auto resolved = await<Report>([&](auto done) { m_api->resolveReport(first.id, u"warned"_s, u"done"_s, this, done); });
        QVERIFY2(resolved.ok(), qPrintable(why(resolved)));
        QVERIFY(resolved->resolution.has_value());
        model.updateReport(resolved.value());
        QCOMPARE(sig.removed.size(), 1); // no longer open or assigned
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(sig.reset.size(), 0);

        const auto conflict = await<Report>([&](auto done) { m_api->dismissReport(first.id, u"again"_s, this, done); });
        QCOMPARE(conflict.error().httpStatus, 409);
        QCOMPARE(conflict.error().code, u"conflict"_s);

        model.setStateFilter(u"resolved"_s);
        QTRY_VERIFY_WITH_TIMEOUT(!model.isLoading() && model.rowCount() == 1, 10000);
        QCOMPARE(model.reportAt(0).id, first.id);
    }

    void auditLogModelPrependsLive()
    {
        AdminLiveFeed feed(m_session.get());
        AuditLogModel model(m_api.get());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.attach(&feed);
        QSignalSpy connected(&feed, &AdminLiveFeed::connectedChanged);
        feed.start();
        QVERIFY(connected.wait(20000));
        model.reload();
        QTRY_VERIFY_WITH_TIMEOUT(!model.isLoading() && model.rowCount() > 0, 10000);
        const int before = model.rowCount();
        QCOMPARE(model.entryAt(0).action, u"report.resolve"_s); // newest first

        ModelSignals sig(&model);
        const auto r = await<int>([&](auto done) { m_api->logoutUser(m_bob.id, u"audit model"_s, this, done); });
        QVERIFY2(r.ok(), qPrintable(why(r)));
        QVERIFY(r.value() >= 1);
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), before + 1, 10000);
        QCOMPARE(sig.inserted.size(), 1);
        QCOMPARE(sig.inserted.at(0).at(1).toInt(), 0); // prepended
        QCOMPARE(sig.reset.size(), 0);
        const AuditEntry entry = model.entryAt(0);
        QCOMPARE(entry.action, u"user.logout"_s);
        QCOMPARE(entry.targetId, m_bob.id);
        QCOMPARE(entry.actor.username, AdminServer::AdminName);
        QCOMPARE(entry.reason, u"audit model"_s);

        // The same entry again (a page racing the live event) is not shown twice; a filtered-out one not at all.
        model.prependEntry(entry);
        QCOMPARE(model.rowCount(), before + 1);
        AuditQuery onlyBans;
        onlyBans.action = u"user.ban"_s;
        model.setFilter(onlyBans);
        QTRY_VERIFY_WITH_TIMEOUT(!model.isLoading() && model.rowCount() >= 1, 10000);
        for (int i = 0; i < model.rowCount(); ++i)
            QCOMPARE(model.entryAt(i).action, u"user.ban"_s);
        const int bans = model.rowCount();
        const auto again = await<int>([&](auto done) { m_api->logoutUser(m_alice.id, u"filtered"_s, this, done); });
        QVERIFY(again.ok());
        QTest::qWait(500);
        QCOMPARE(model.rowCount(), bans);
        m_bob = m_server->login(u"bob"_s, AdminServer::UserPassword);
        m_alice = m_server->login(u"alice"_s, AdminServer::UserPassword);
    }

    // Offline: 10,000 users arrive and leave one by one; every update is a single insert/remove, and cheap (the
    // userId -> row hash; removing a user row renumbers the rows after it, an integer pass).
    void presenceModelAtScale()
    {
        PresenceModel model;
        ModelSignals sig(&model);
        constexpr int Users = 10000;
        const auto connection = [](const QString &id) {
            Connection c;
            c.id = id;
            c.clientAddress = u"10.0.0.1"_s;
            return c;
        };
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < Users; ++i)
            model.addConnection(QString::number(i), u"user%1"_s.arg(i, 5, 10, QLatin1Char('0')), connection(u"c%1"_s.arg(i)));
        for (int i = 0; i < Users; i += 2)
            model.addConnection(QString::number(i), QString(), connection(u"d%1"_s.arg(i))); // a second device
        QCOMPARE(model.onlineUsers(), Users);
        QCOMPARE(model.totalConnections(), Users + Users / 2);
        for (int i = 0; i < Users; i += 3)
            model.removeConnection(QString::number(i), u"c%1"_s.arg(i));
        for (int i = Users - 1; i >= 0; i -= 7)
            model.removeConnection(QString::number(i), u"d%1"_s.arg(i));
        const qint64 ms = timer.elapsed();
        QCOMPARE(sig.reset.size(), 0);
        QCOMPARE(sig.inserted.size(), Users + Users / 2);
        // Every user row still answers for its own id: the index stayed right through the renumbering.
        qint64 connections = 0;
        for (int row = 0; row < model.rowCount(); ++row) {
            const QString id = model.index(row, 0).data(PresenceModel::UserIdRole).toString();
            QCOMPARE(model.userRow(id), row);
            QCOMPARE(model.rowCount(model.index(row, 0)), int(model.connections(id).size()));
            connections += model.rowCount(model.index(row, 0));
        }
        QCOMPARE(model.totalConnections(), connections);
        qInfo() << "10,000 users:" << sig.inserted.size() + sig.removed.size() << "incremental updates in" << ms << "ms";
        QVERIFY2(ms < 5000, qPrintable(u"%1 ms"_s.arg(ms))); // ASan build; a release build is far faster

        // A view's usual companion, a sorting and filtering proxy, follows the same updates.
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setSortRole(PresenceModel::UsernameRole);
        proxy.setFilterRole(PresenceModel::UsernameRole);
        proxy.sort(0);
        const int before = proxy.rowCount();
        QCOMPARE(before, model.rowCount());
        for (int i = 0; i < 100; ++i)
            model.addConnection(u"new%1"_s.arg(i), u"aaa%1"_s.arg(i, 3, 10, QLatin1Char('0')), connection(u"n%1"_s.arg(i)));
        QCOMPARE(proxy.rowCount(), before + 100);
        QCOMPARE(proxy.index(0, 0).data(PresenceModel::UsernameRole).toString(), u"aaa000"_s);
        for (int i = 0; i < 100; ++i)
            model.removeConnection(u"new%1"_s.arg(i), u"n%1"_s.arg(i));
        QCOMPARE(proxy.rowCount(), before);
        proxy.setFilterFixedString(u"user0000"_s);
        QVERIFY(proxy.rowCount() >= 1);
        QCOMPARE(sig.reset.size(), 0);
    }

    void presenceModelInvariants()
    {
        PresenceModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        PresenceSnapshot s;
        s.connections = 3;
        s.onlineUsers = 2;
        s.users = {{u"1"_s, u"ann"_s, {Connection{u"a"_s, u"1.1.1.1"_s, u"ua"_s, {}, {}, {}}}},
                   {u"2"_s, u"ben"_s, {Connection{u"b"_s, u"2.2.2.2"_s, u"ua"_s, {}, {}, {}}, Connection{u"c"_s, {}, {}, {}, {}, {}}}}};
        model.applySnapshot(s);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.totalConnections(), 3);
        model.addConnection(u"2"_s, u"ben"_s, Connection{u"b"_s, {}, {}, {}, {}, {}}); // already known
        QCOMPARE(model.totalConnections(), 3);
        model.removeConnection(u"9"_s, u"x"_s); // unknown
        model.removeConnection(u"1"_s, u"a"_s);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.userRow(u"2"_s), 0);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.totalConnections(), 0);
    }

    void metricsHistoryRing()
    {
        MetricsHistory history(1);
        QAbstractItemModelTester tester(&history, QAbstractItemModelTester::FailureReportingMode::QtTest);
        history.setCapacity(3);
        ModelSignals sig(&history);
        const QDateTime t0 = QDateTime::currentDateTimeUtc();
        for (int i = 0; i < 5; ++i) {
            MetricsSample s;
            s.at = t0.addSecs(i);
            s.connections = i;
            s.messagesIn = i * 10.0;
            history.append(s);
        }
        QCOMPARE(history.size(), 3);
        QCOMPARE(history.sample(0).connections, 2);
        QCOMPARE(history.latest().connections, 4);
        QCOMPARE(history.maximum(MetricsHistory::MessagesInColumn), 40.0);
        QCOMPARE(sig.inserted.size(), 5);
        QCOMPARE(sig.removed.size(), 2);
        QCOMPARE(sig.reset.size(), 0);
        history.setCapacity(2);
        QCOMPARE(history.size(), 2);
        QCOMPARE(history.sample(0).connections, 3);
        QCOMPARE(history.index(1, MetricsHistory::ConnectionsColumn).data(Qt::EditRole).toDouble(), 4.0);
    }

    void cleanupTestCase()
    {
        m_api.reset();
        m_session.reset();
        if (m_server)
            QCOMPARE(m_server->banterd().terminate(), 0);
    }
};

QTEST_GUILESS_MAIN(TestConsoleModels)
#include "tst_console_models.moc"
