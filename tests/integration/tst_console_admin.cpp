// banter-console's headless admin commands end to end against a real banterd: exit codes (0 ok, 1 refused,
// 2 unreachable, 3 authentication, 64 usage), --json output shapes, credentials from the environment and stdin,
// and --follow streams.
#include "tst_console_fixture.h"

#include <banter/client/SocketIoClient.h>

#include <QJsonArray>
#include <QSignalSpy>
#include <QTcpServer>

#include <csignal>

using namespace Qt::StringLiterals;
using namespace Banter::Test;
using Banter::Client::SocketIoClient;

class TestConsoleAdmin : public QObject
{
    Q_OBJECT
    PgFixture m_pg;
    std::unique_ptr<AdminServer> m_server;
    TestUser m_alice, m_bob, m_carol;
    QString m_conversationId;

    // Runs a command as the admin (credentials from the environment).
    ConsoleRun admin(QStringList args)
    {
        args << u"--server"_s << m_server->server();
        return runConsole(args, consoleEnvironment(AdminServer::AdminName, AdminServer::AdminPassword));
    }
    ConsoleRun as(const QString &user, const QString &password, QStringList args)
    {
        args << u"--server"_s << m_server->server();
        return runConsole(args, consoleEnvironment(user, password));
    }
    static QString show(const ConsoleRun &r)
    {
        return u"exit %1\nstdout: %2\nstderr: %3"_s.arg(r.code).arg(r.out, r.err);
    }

    QString sendMessage(const TestUser &from, const QString &content)
    {
        auto http = m_server->http(from.token);
        const HttpReply r = http->post(u"/api/messages"_s, {{u"conversationId"_s, m_conversationId}, {u"content"_s, content},
                                                           {u"clientMessageId"_s, QUuid::createUuid().toString(QUuid::WithoutBraces)}});
        if (r.status != 201)
            qWarning() << "send failed" << r.status << r.body;
        return r.json.value(u"message"_s).toObject().value(u"id"_s).toString();
    }
    QString reportMessage(const TestUser &reporter, const TestUser &reported, const QString &messageId, const QString &reason)
    {
        auto http = m_server->http(reporter.token);
        const HttpReply r = http->post(u"/api/users/report"_s, {{u"userId"_s, reported.id}, {u"messageId"_s, messageId},
                                                               {u"reason"_s, reason}});
        if (r.status != 201)
            qWarning() << "report failed" << r.status << r.body;
        return r.json.value(u"report"_s).toObject().value(u"id"_s).toString();
    }

    // A console left running (--follow): lines as they come, then SIGTERM.
    struct Follower
    {
        QProcess process;
        QStringList lines;
        QString partial;
        void start(const QStringList &args, const QProcessEnvironment &env)
        {
            process.setProcessEnvironment(env);
            QObject::connect(&process, &QProcess::readyReadStandardOutput, &process, [this] {
                partial += QString::fromUtf8(process.readAllStandardOutput());
                qsizetype nl;
                while ((nl = partial.indexOf(u'\n')) >= 0) {
                    lines << partial.left(nl);
                    partial.remove(0, nl + 1);
                }
            });
            process.start(QStringLiteral(BANTER_CONSOLE_PATH), args);
            process.closeWriteChannel();
        }
        QJsonObject json(int i) const { return QJsonDocument::fromJson(lines.value(i).toUtf8()).object(); }
        int indexOfEvent(const QString &event, int from = 0) const
        {
            for (int i = from; i < lines.size(); ++i) {
                if (json(i).value(u"event"_s).toString() == event)
                    return i;
            }
            return -1;
        }
        int stop()
        {
            ::kill(pid_t(process.processId()), SIGTERM);
            if (!process.waitForFinished(15000)) {
                process.kill();
                process.waitForFinished();
                return -1;
            }
            return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        }
        ~Follower()
        {
            if (process.state() != QProcess::NotRunning) {
                process.kill();
                process.waitForFinished();
            }
        }
    };

private slots:
    void initTestCase()
    {
        QVERIFY2(m_pg.available(), "the pg fixture is not running");
        m_server = std::make_unique<AdminServer>(m_pg);
        QVERIFY(m_server->start());
        m_alice = m_server->registerUser(u"alice"_s);
        m_bob = m_server->registerUser(u"bob"_s);
        m_carol = m_server->registerUser(u"carol"_s);
        QVERIFY(!m_alice.token.isEmpty() && !m_bob.token.isEmpty() && !m_carol.token.isEmpty());
        auto http = m_server->http(m_bob.token);
        const HttpReply conversation = http->post(u"/api/chat"_s, {{u"type"_s, u"group"_s}, {u"title"_s, u"Team"_s},
                                                                  {u"memberIds"_s, QJsonArray{m_alice.id, m_carol.id}}});
        QCOMPARE(conversation.status, 201);
        m_conversationId = conversation.json.value(u"conversation"_s).toObject().value(u"id"_s).toString();
    }

    void usageErrors()
    {
        const QProcessEnvironment env = consoleEnvironment(AdminServer::AdminName, AdminServer::AdminPassword);
        const QString server = m_server->server();
        QCOMPARE(runConsole({u"users"_s}, env).code, 64);
        QCOMPARE(runConsole({u"users"_s, u"frobnicate"_s}, env).code, 64);
        QCOMPARE(runConsole({u"frobnicate"_s}, env).code, 64);
        ConsoleRun noReason = runConsole({u"users"_s, u"ban"_s, u"alice"_s, u"--server"_s, server}, env);
        QCOMPARE(noReason.code, 64);
        QVERIFY2(noReason.err.contains(u"--reason"_s), qPrintable(show(noReason)));
        QCOMPARE(runConsole({u"users"_s, u"suspend"_s, u"alice"_s, u"--for"_s, u"soon"_s, u"--reason"_s, u"x"_s}, env).code, 64);
        QCOMPARE(runConsole({u"users"_s, u"role"_s, u"alice"_s, u"king"_s, u"--reason"_s, u"x"_s}, env).code, 64);
        QCOMPARE(runConsole({u"reports"_s, u"resolve"_s, u"1"_s, u"--reason"_s, u"x"_s}, env).code, 64); // no --action
        QCOMPARE(runConsole({u"reports"_s, u"list"_s, u"--state"_s, u"odd"_s}, env).code, 64);
        QCOMPARE(runConsole({u"presence"_s, u"extra"_s}, env).code, 64);
        QCOMPARE(runConsole({u"presence"_s, u"--server"_s, u"ftp://x"_s}, env).code, 64);
        ConsoleRun noUser = runConsole({u"presence"_s, u"--server"_s, server}, consoleEnvironment());
        QCOMPARE(noUser.code, 64);
        QVERIFY2(noUser.err.contains(u"BANTER_USER"_s), qPrintable(show(noUser)));
        ConsoleRun noPassword = runConsole({u"presence"_s, u"--server"_s, server, u"--user"_s, u"root"_s}, consoleEnvironment());
        QCOMPARE(noPassword.code, 64);

        for (const QStringList &help : {QStringList{u"presence"_s, u"--help"_s}, {u"metrics"_s, u"--help"_s},
                                        {u"users"_s, u"ban"_s, u"--help"_s}, {u"reports"_s, u"resolve"_s, u"--help"_s},
                                        {u"messages"_s, u"hide"_s, u"--help"_s},
                                        {u"conversations"_s, u"remove-member"_s, u"--help"_s}, {u"audit"_s, u"--help"_s}}) {
            ConsoleRun r = runConsole(help, env);
            QCOMPARE(r.code, 0);
            QVERIFY2(r.out.contains(u"--server"_s) && r.out.contains(u"--password-stdin"_s), qPrintable(show(r)));
        }
        ConsoleRun suspendHelp = runConsole({u"users"_s, u"suspend"_s, u"--help"_s}, env);
        QVERIFY(suspendHelp.out.contains(u"--for"_s));
    }

    void unreachable()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const QString server = u"http://127.0.0.1:%1"_s.arg(probe.serverPort());
        probe.close();
        ConsoleRun r = runConsole({u"presence"_s, u"--json"_s, u"--server"_s, server},
                                  consoleEnvironment(AdminServer::AdminName, AdminServer::AdminPassword));
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(u"Cannot reach"_s) || r.err.contains(u"unreachable"_s), qPrintable(show(r)));
        QCOMPARE(r.json().value(u"error"_s).toObject().value(u"code"_s).toString(), u"unreachable"_s);
    }

    void authenticationFailures()
    {
        ConsoleRun wrong = as(AdminServer::AdminName, u"not the password"_s, {u"presence"_s});
        QCOMPARE(wrong.code, 3);
        QVERIFY2(wrong.err.contains(u"Login failed"_s), qPrintable(show(wrong)));

        ConsoleRun wrongJson = as(u"nobody"_s, u"whatever123"_s, {u"users"_s, u"search"_s, u"a"_s, u"--json"_s});
        QCOMPARE(wrongJson.code, 3);
        QCOMPARE(wrongJson.json().value(u"error"_s).toObject().value(u"code"_s).toString(), u"invalid_credentials"_s);

        // A plain user logs in fine but is no moderator: exit 3 and a sentence saying so, on every command.
        for (const QStringList &cmd : {QStringList{u"presence"_s}, {u"metrics"_s}, {u"users"_s, u"search"_s, u"a"_s},
                                       {u"users"_s, u"ban"_s, u"bob"_s, u"--reason"_s, u"x"_s},
                                       {u"reports"_s, u"list"_s}, {u"audit"_s}}) {
            ConsoleRun r = as(u"carol"_s, AdminServer::UserPassword, cmd);
            QVERIFY2(r.code == 3, qPrintable(cmd.join(u' ') + u": "_s + show(r)));
            QVERIFY2(r.err.contains(u"moderator or admin"_s), qPrintable(show(r)));
        }
        ConsoleRun json = as(u"carol"_s, AdminServer::UserPassword, {u"presence"_s, u"--json"_s});
        QCOMPARE(json.code, 3);
        QCOMPARE(json.json().value(u"error"_s).toObject().value(u"code"_s).toString(), u"forbidden"_s);
        QCOMPARE(json.json().value(u"error"_s).toObject().value(u"status"_s).toInt(), 403);

        // --password-stdin and --password work too.
        const QProcessEnvironment noPassword = consoleEnvironment(AdminServer::AdminName);
        ConsoleRun stdinRun = runConsole({u"metrics"_s, u"--server"_s, m_server->server(), u"--password-stdin"_s},
                                         noPassword, (AdminServer::AdminPassword + u'\n').toUtf8());
        QVERIFY2(stdinRun.code == 0, qPrintable(show(stdinRun)));
        ConsoleRun flag = runConsole({u"metrics"_s, u"--server"_s, m_server->server(), u"--user"_s, AdminServer::AdminName,
                                      u"--password"_s, AdminServer::AdminPassword}, consoleEnvironment());
        QVERIFY2(flag.code == 0, qPrintable(show(flag)));
    }

    void presenceSnapshot()
    {
        SocketIoClient socket;
        socket.setAuth({{u"token"_s, m_alice.token}});
        QSignalSpy connected(&socket, &SocketIoClient::connected);
        socket.open(m_server->url());
        QVERIFY(connected.wait(10000));

        ConsoleRun r = admin({u"presence"_s, u"--json"_s});
        QVERIFY2(r.code == 0, qPrintable(show(r)));
        const QJsonObject o = r.json();
        const QJsonObject totals = o.value(u"totals"_s).toObject();
        QVERIFY2(totals.value(u"connections"_s).toInt() >= 1, qPrintable(r.out));
        QVERIFY(totals.value(u"onlineUsers"_s).toInt() >= 1);
        bool found = false;
        for (const QJsonValue &v : o.value(u"users"_s).toArray()) {
            const QJsonObject u = v.toObject();
            if (u.value(u"userId"_s).toString() != m_alice.id)
                continue;
            found = true;
            QCOMPARE(u.value(u"username"_s).toString(), u"alice"_s);
            const QJsonObject c = u.value(u"connections"_s).toArray().at(0).toObject();
            for (const QString &key : {u"id"_s, u"clientAddress"_s, u"userAgent"_s, u"connectedSince"_s, u"lastActivity"_s})
                QVERIFY2(c.contains(key), qPrintable(key + u" missing in "_s + r.out));
        }
        QVERIFY2(found, qPrintable(r.out));

        ConsoleRun text = admin({u"presence"_s});
        QCOMPARE(text.code, 0);
        QVERIFY2(text.out.contains(u"alice"_s) && text.out.contains(u"users online"_s), qPrintable(show(text)));
        socket.close();
    }

    void presenceFollow()
    {
        Follower f;
        f.start({u"presence"_s, u"--follow"_s, u"--json"_s, u"--server"_s, m_server->server()},
                consoleEnvironment(AdminServer::AdminName, AdminServer::AdminPassword));
        QTRY_VERIFY_WITH_TIMEOUT(f.indexOfEvent(u"presence:snapshot"_s) >= 0, 15000);
        QVERIFY(f.json(f.indexOfEvent(u"presence:snapshot"_s)).value(u"data"_s).toObject().contains(u"totals"_s));

        auto socket = std::make_unique<SocketIoClient>();
        socket->setAuth({{u"token"_s, m_bob.token}});
        socket->open(m_server->url());
        QTRY_VERIFY_WITH_TIMEOUT(f.indexOfEvent(u"presence:connected"_s) >= 0, 10000);
        const QJsonObject data = f.json(f.indexOfEvent(u"presence:connected"_s)).value(u"data"_s).toObject();
        QCOMPARE(data.value(u"userId"_s).toString(), m_bob.id);
        QCOMPARE(data.value(u"username"_s).toString(), u"bob"_s);
        const QString connectionId = data.value(u"connection"_s).toObject().value(u"id"_s).toString();
        QVERIFY(!connectionId.isEmpty());

        socket->close();
        QTRY_VERIFY_WITH_TIMEOUT(f.indexOfEvent(u"presence:disconnected"_s) >= 0, 10000);
        const QJsonObject gone = f.json(f.indexOfEvent(u"presence:disconnected"_s)).value(u"data"_s).toObject();
        QCOMPARE(gone.value(u"userId"_s).toString(), m_bob.id);
        QCOMPARE(gone.value(u"connectionId"_s).toString(), connectionId);
        QCOMPARE(f.stop(), 0);
    }

    void metrics()
    {
        ConsoleRun r = admin({u"metrics"_s, u"--json"_s});
        QVERIFY2(r.code == 0, qPrintable(show(r)));
        for (const QString &key : {u"at"_s, u"connections"_s, u"onlineUsers"_s, u"messagesIn"_s, u"deliveriesOut"_s, u"dbBatchMs"_s})
            QVERIFY2(r.json().contains(key), qPrintable(key + u" missing in "_s + r.out));

        Follower f;
        f.start({u"metrics"_s, u"--follow"_s, u"--json"_s, u"--server"_s, m_server->server()},
                consoleEnvironment(AdminServer::AdminName, AdminServer::AdminPassword));
        QTRY_VERIFY_WITH_TIMEOUT(f.lines.size() >= 2, 15000);
        QVERIFY2(f.json(0).contains(u"messagesIn"_s), qPrintable(f.lines.join(u'\n')));
        QVERIFY(f.json(1).value(u"at"_s).toString() > f.json(0).value(u"at"_s).toString());
        QCOMPARE(f.stop(), 0);
    }

    void usersSearchAndShow()
    {
        ConsoleRun r = admin({u"users"_s, u"search"_s, u"al"_s, u"--json"_s});
        QVERIFY2(r.code == 0, qPrintable(show(r)));
        const QJsonArray users = r.json().value(u"users"_s).toArray();
        QCOMPARE(users.size(), 1);
        const QJsonObject alice = users.at(0).toObject();
        QCOMPARE(alice.value(u"username"_s).toString(), u"alice"_s);
        for (const QString &key : {u"id"_s, u"displayName"_s, u"role"_s, u"state"_s, u"online"_s, u"lastSeen"_s, u"createdAt"_s})
            QVERIFY2(alice.contains(key), qPrintable(key + u" missing in "_s + r.out));
        QVERIFY(r.json().contains(u"nextCursor"_s));

        ConsoleRun text = admin({u"users"_s, u"search"_s, u"b"_s});
        QCOMPARE(text.code, 0);
        QVERIFY2(text.out.contains(u"bob"_s) && !text.out.contains(u"alice"_s), qPrintable(show(text)));

        ConsoleRun byName = admin({u"users"_s, u"show"_s, u"ALICE"_s, u"--json"_s});
        QVERIFY2(byName.code == 0, qPrintable(show(byName)));
        for (const QString &key : {u"user"_s, u"sessions"_s, u"connections"_s, u"reports"_s, u"conversationCount"_s})
            QVERIFY2(byName.json().contains(key), qPrintable(key + u" missing in "_s + byName.out));
        QCOMPARE(byName.json().value(u"user"_s).toObject().value(u"id"_s).toString(), m_alice.id);
        QVERIFY(!byName.json().value(u"sessions"_s).toArray().isEmpty());
        QCOMPARE(byName.json().value(u"conversationCount"_s).toInt(), 1);

        ConsoleRun byId = admin({u"users"_s, u"show"_s, m_bob.id, u"--json"_s});
        QVERIFY2(byId.code == 0, qPrintable(show(byId)));
        QCOMPARE(byId.json().value(u"user"_s).toObject().value(u"username"_s).toString(), u"bob"_s);

        ConsoleRun missing = admin({u"users"_s, u"show"_s, u"nosuchuser"_s});
        QCOMPARE(missing.code, 1);
        QVERIFY2(missing.err.contains(u"nosuchuser"_s), qPrintable(show(missing)));
        QCOMPARE(admin({u"users"_s, u"show"_s, u"987654"_s}).code, 1);
    }

    void suspendBanUnban()
    {
        ConsoleRun suspend = admin({u"users"_s, u"suspend"_s, u"alice"_s, u"--for"_s, u"7d"_s, u"--reason"_s, u"cool off"_s, u"--json"_s});
        QVERIFY2(suspend.code == 0, qPrintable(show(suspend)));
        const QJsonObject user = suspend.json().value(u"user"_s).toObject();
        QCOMPARE(user.value(u"state"_s).toString(), u"suspended"_s);
        const QDateTime until = QDateTime::fromString(user.value(u"suspendedUntil"_s).toString(), Qt::ISODateWithMs);
        QVERIFY2(qAbs(QDateTime::currentDateTimeUtc().secsTo(until) - 7 * 86400) < 120, qPrintable(suspend.out));
        QCOMPARE(m_server->http(m_alice.token)->get(u"/api/users/profile"_s).status, 401);
        QCOMPARE(m_server->http()->post(u"/api/auth/login"_s, {{u"username"_s, u"alice"_s}, {u"password"_s, AdminServer::UserPassword}}).status, 403);

        ConsoleRun unban = admin({u"users"_s, u"unban"_s, u"alice"_s, u"--reason"_s, u"served"_s, u"--json"_s});
        QVERIFY2(unban.code == 0, qPrintable(show(unban)));
        QCOMPARE(unban.json().value(u"user"_s).toObject().value(u"state"_s).toString(), u"active"_s);

        ConsoleRun ban = admin({u"users"_s, u"ban"_s, u"alice"_s, u"--reason"_s, u"spam"_s});
        QVERIFY2(ban.code == 0, qPrintable(show(ban)));
        QVERIFY2(ban.out.contains(u"banned"_s), qPrintable(show(ban)));
        ConsoleRun banned = admin({u"users"_s, u"search"_s, u"alice"_s, u"--json"_s});
        const QJsonObject b = banned.json().value(u"users"_s).toArray().at(0).toObject();
        QCOMPARE(b.value(u"state"_s).toString(), u"banned"_s);
        QCOMPARE(b.value(u"banReason"_s).toString(), u"spam"_s);
        QCOMPARE(admin({u"users"_s, u"unban"_s, u"alice"_s, u"--reason"_s, u"appeal"_s}).code, 0);
        m_alice = m_server->login(u"alice"_s, AdminServer::UserPassword);
        QVERIFY(!m_alice.token.isEmpty());

        // Too short and too long are the server's to refuse: exit 1, its code shown.
        ConsoleRun tooShort = admin({u"users"_s, u"suspend"_s, u"alice"_s, u"--for"_s, u"10s"_s, u"--reason"_s, u"x"_s, u"--json"_s});
        QCOMPARE(tooShort.code, 1);
        QCOMPARE(tooShort.json().value(u"error"_s).toObject().value(u"code"_s).toString(), u"validation_failed"_s);
        ConsoleRun longReason = admin({u"users"_s, u"ban"_s, u"alice"_s, u"--reason"_s, QString(501, u'x')});
        QCOMPARE(longReason.code, 1);
        QVERIFY2(longReason.err.contains(u"validation_failed"_s), qPrintable(show(longReason)));
        ConsoleRun self = admin({u"users"_s, u"ban"_s, AdminServer::AdminName, u"--reason"_s, u"oops"_s});
        QVERIFY2(self.code == 1, qPrintable(show(self)));
    }

    void logoutRevokesSessions()
    {
        const TestUser second = m_server->login(u"bob"_s, AdminServer::UserPassword);
        ConsoleRun r = admin({u"users"_s, u"logout"_s, u"bob"_s, u"--reason"_s, u"lost phone"_s, u"--json"_s});
        QVERIFY2(r.code == 0, qPrintable(show(r)));
        QVERIFY2(r.json().value(u"revokedSessions"_s).toInt() >= 2, qPrintable(r.out));
        QCOMPARE(m_server->http(second.token)->get(u"/api/users/profile"_s).status, 401);
        QCOMPARE(m_server->http(m_bob.token)->get(u"/api/users/profile"_s).status, 401);
        m_bob = m_server->login(u"bob"_s, AdminServer::UserPassword);
        QVERIFY(!m_bob.token.isEmpty());
    }

    void roles()
    {
        ConsoleRun promote = admin({u"users"_s, u"role"_s, u"carol"_s, u"moderator"_s, u"--reason"_s, u"helps out"_s, u"--json"_s});
        QVERIFY2(promote.code == 0, qPrintable(show(promote)));
        QCOMPARE(promote.json().value(u"user"_s).toObject().value(u"role"_s).toString(), u"moderator"_s);

        // A moderator may moderate users, but not admins, and may not change roles: refused actions, exit 1.
        ConsoleRun search = as(u"carol"_s, AdminServer::UserPassword, {u"users"_s, u"search"_s, u"a"_s});
        QVERIFY2(search.code == 0, qPrintable(show(search)));
        ConsoleRun onAdmin = as(u"carol"_s, AdminServer::UserPassword, {u"users"_s, u"ban"_s, AdminServer::AdminName, u"--reason"_s, u"coup"_s});
        QVERIFY2(onAdmin.code == 1, qPrintable(show(onAdmin)));
        ConsoleRun role = as(u"carol"_s, AdminServer::UserPassword,
                             {u"users"_s, u"role"_s, u"bob"_s, u"moderator"_s, u"--reason"_s, u"friend"_s, u"--json"_s});
        QVERIFY2(role.code == 1, qPrintable(show(role)));
        QCOMPARE(role.json().value(u"error"_s).toObject().value(u"status"_s).toInt(), 403);

        ConsoleRun demote = admin({u"users"_s, u"role"_s, u"carol"_s, u"user"_s, u"--reason"_s, u"rotation"_s});
        QVERIFY2(demote.code == 0, qPrintable(show(demote)));
        m_carol = m_server->login(u"carol"_s, AdminServer::UserPassword);
    }

    void reports()
    {
        const QString spam = sendMessage(m_alice, u"buy cheap watches"_s);
        QVERIFY(!spam.isEmpty());
        const QString first = reportMessage(m_bob, m_alice, spam, u"spam"_s);
        const QString second = reportMessage(m_carol, m_alice, spam, u"also spam"_s);
        QVERIFY(!first.isEmpty() && !second.isEmpty());

        ConsoleRun list = admin({u"reports"_s, u"list"_s, u"--json"_s});
        QVERIFY2(list.code == 0, qPrintable(show(list)));
        const QJsonArray reports = list.json().value(u"reports"_s).toArray();
        QCOMPARE(reports.size(), 2);
        QCOMPARE(reports.at(0).toObject().value(u"id"_s).toString(), first); // oldest first
        QVERIFY(list.json().contains(u"nextCursor"_s));

        ConsoleRun showRun = admin({u"reports"_s, u"show"_s, first, u"--json"_s});
        QVERIFY2(showRun.code == 0, qPrintable(show(showRun)));
        const QJsonObject report = showRun.json().value(u"report"_s).toObject();
        QCOMPARE(report.value(u"state"_s).toString(), u"open"_s);
        QCOMPARE(report.value(u"reporter"_s).toObject().value(u"username"_s).toString(), u"bob"_s);
        QCOMPARE(report.value(u"reportedUser"_s).toObject().value(u"id"_s).toString(), m_alice.id);
        QCOMPARE(report.value(u"message"_s).toObject().value(u"content"_s).toString(), u"buy cheap watches"_s);
        QVERIFY(report.value(u"context"_s).isArray());
        QVERIFY(report.value(u"assignee"_s).isNull());
        QVERIFY(report.value(u"resolution"_s).isNull());
        ConsoleRun showText = admin({u"reports"_s, u"show"_s, first});
        QVERIFY2(showText.out.contains(u"buy cheap watches"_s), qPrintable(show(showText)));

        ConsoleRun assign = admin({u"reports"_s, u"assign"_s, first, u"--json"_s});
        QVERIFY2(assign.code == 0, qPrintable(show(assign)));
        QCOMPARE(assign.json().value(u"report"_s).toObject().value(u"state"_s).toString(), u"assigned"_s);
        QCOMPARE(assign.json().value(u"report"_s).toObject().value(u"assignee"_s).toObject().value(u"username"_s).toString(),
                 AdminServer::AdminName);

        ConsoleRun resolve = admin({u"reports"_s, u"resolve"_s, first, u"--action"_s, u"warned"_s, u"--reason"_s, u"first time"_s, u"--json"_s});
        QVERIFY2(resolve.code == 0, qPrintable(show(resolve)));
        const QJsonObject resolved = resolve.json().value(u"report"_s).toObject();
        QCOMPARE(resolved.value(u"state"_s).toString(), u"resolved"_s);
        QCOMPARE(resolved.value(u"resolution"_s).toObject().value(u"action"_s).toString(), u"warned"_s);
        QCOMPARE(resolved.value(u"resolution"_s).toObject().value(u"by"_s).toObject().value(u"username"_s).toString(), AdminServer::AdminName);

        ConsoleRun again = admin({u"reports"_s, u"dismiss"_s, first, u"--reason"_s, u"changed my mind"_s, u"--json"_s});
        QCOMPARE(again.code, 1);
        QCOMPARE(again.json().value(u"error"_s).toObject().value(u"code"_s).toString(), u"conflict"_s);

        ConsoleRun dismiss = admin({u"reports"_s, u"dismiss"_s, second, u"--reason"_s, u"duplicate"_s});
        QVERIFY2(dismiss.code == 0, qPrintable(show(dismiss)));
        ConsoleRun open = admin({u"reports"_s, u"list"_s, u"--json"_s});
        QCOMPARE(open.json().value(u"reports"_s).toArray().size(), 0);
        ConsoleRun closed = admin({u"reports"_s, u"list"_s, u"--state"_s, u"dismissed"_s, u"--json"_s});
        QCOMPARE(closed.json().value(u"reports"_s).toArray().size(), 1);
        QCOMPARE(admin({u"reports"_s, u"show"_s, u"987654"_s}).code, 1);
    }

    void messages()
    {
        const QString hideMe = sendMessage(m_alice, u"rude words"_s);
        const QString deleteMe = sendMessage(m_alice, u"ruder words"_s);
        ConsoleRun hide = admin({u"messages"_s, u"hide"_s, hideMe, u"--reason"_s, u"rude"_s, u"--json"_s});
        QVERIFY2(hide.code == 0, qPrintable(show(hide)));
        QCOMPARE(hide.json().value(u"message"_s).toObject().value(u"id"_s).toString(), hideMe);
        ConsoleRun del = admin({u"messages"_s, u"delete"_s, deleteMe, u"--reason"_s, u"ruder"_s});
        QVERIFY2(del.code == 0, qPrintable(show(del)));

        const HttpReply history = m_server->http(m_bob.token)->get(u"/api/chat/%1/messages"_s.arg(m_conversationId));
        QCOMPARE(history.status, 200);
        int tombstones = 0;
        for (const QJsonValue &v : history.json.value(u"messages"_s).toArray()) {
            const QJsonObject m = v.toObject();
            if (m.value(u"id"_s).toString() == hideMe || m.value(u"id"_s).toString() == deleteMe) {
                QVERIFY2(m.value(u"content"_s).isNull() && m.value(u"removed"_s).toBool(), history.body.constData());
                ++tombstones;
            }
        }
        QCOMPARE(tombstones, 2);
        QCOMPARE(admin({u"messages"_s, u"hide"_s, u"987654"_s, u"--reason"_s, u"x"_s}).code, 1);

        // An edited message's earlier versions, for moderators.
        const QString edited = sendMessage(m_alice, u"first thought"_s);
        const HttpReply put = m_server->http(m_alice.token)->put(u"/api/messages/"_s + edited, {{u"content"_s, u"second thought"_s}});
        QCOMPARE(put.status, 200);
        ConsoleRun text = admin({u"messages"_s, u"history"_s, edited});
        QVERIFY2(text.code == 0, qPrintable(show(text)));
        QVERIFY2(text.out.contains(u"second thought"_s) && text.out.contains(u"first thought"_s), qPrintable(show(text)));
        ConsoleRun json = admin({u"messages"_s, u"history"_s, edited, u"--json"_s});
        QVERIFY2(json.code == 0, qPrintable(show(json)));
        const QJsonArray versions = json.json().value(u"versions"_s).toArray();
        QCOMPARE(versions.size(), 1);
        QCOMPARE(versions.at(0).toObject().value(u"content"_s).toString(), u"first thought"_s);
        QCOMPARE(admin({u"messages"_s, u"history"_s, u"987654"_s}).code, 1);
    }

    void removeMember()
    {
        ConsoleRun r = admin({u"conversations"_s, u"remove-member"_s, m_conversationId, u"carol"_s, u"--reason"_s, u"off topic"_s, u"--json"_s});
        QVERIFY2(r.code == 0, qPrintable(show(r)));
        QCOMPARE(r.json().value(u"ok"_s).toBool(), true);
        QCOMPARE(m_server->http(m_carol.token)->get(u"/api/chat/"_s + m_conversationId).status, 404);
        ConsoleRun again = admin({u"conversations"_s, u"remove-member"_s, m_conversationId, u"carol"_s, u"--reason"_s, u"twice"_s});
        QVERIFY2(again.code == 1, qPrintable(show(again)));
    }

    void audit()
    {
        ConsoleRun all = admin({u"audit"_s, u"--json"_s});
        QVERIFY2(all.code == 0, qPrintable(show(all)));
        const QJsonArray entries = all.json().value(u"entries"_s).toArray();
        QStringList actions;
        for (const QJsonValue &v : entries)
            actions << v.toObject().value(u"action"_s).toString();
        for (const QString &action : {u"user.create_admin"_s, u"user.suspend"_s, u"user.ban"_s, u"user.unban"_s, u"user.logout"_s,
                                      u"user.role"_s, u"report.assign"_s, u"report.resolve"_s, u"report.dismiss"_s,
                                      u"message.hide"_s, u"message.delete"_s, u"conversation.remove_member"_s})
            QVERIFY2(actions.contains(action), qPrintable(action + u" missing: "_s + actions.join(u", "_s)));
        const QJsonObject newest = entries.at(0).toObject();
        QCOMPARE(newest.value(u"action"_s).toString(), u"conversation.remove_member"_s); // newest first
        for (const QString &key : {u"id"_s, u"at"_s, u"actor"_s, u"action"_s, u"targetType"_s, u"targetId"_s, u"reason"_s, u"details"_s})
            QVERIFY2(newest.contains(key), qPrintable(key + u" missing in "_s + all.out));
        QCOMPARE(newest.value(u"actor"_s).toObject().value(u"username"_s).toString(), AdminServer::AdminName);

        ConsoleRun bans = admin({u"audit"_s, u"--action"_s, u"user.ban"_s, u"--json"_s});
        QCOMPARE(bans.code, 0);
        QVERIFY(!bans.json().value(u"entries"_s).toArray().isEmpty());
        for (const QJsonValue &v : bans.json().value(u"entries"_s).toArray())
            QCOMPARE(v.toObject().value(u"action"_s).toString(), u"user.ban"_s);
        ConsoleRun byActor = admin({u"audit"_s, u"--actor"_s, AdminServer::AdminName, u"--json"_s});
        QCOMPARE(byActor.code, 0);
        QVERIFY(!byActor.json().value(u"entries"_s).toArray().isEmpty());
        ConsoleRun text = admin({u"audit"_s, u"--limit"_s, u"3"_s});
        QCOMPARE(text.code, 0);
        QVERIFY2(text.out.contains(u"conversation.remove_member"_s) && text.out.contains(u"More: --cursor"_s), qPrintable(show(text)));

        Follower f;
        f.start({u"audit"_s, u"--follow"_s, u"--json"_s, u"--action"_s, u"user.logout"_s, u"--server"_s, m_server->server()},
                consoleEnvironment(AdminServer::AdminName, AdminServer::AdminPassword));
        QTRY_VERIFY_WITH_TIMEOUT(f.lines.size() >= 1, 15000);
        QVERIFY2(f.json(0).contains(u"entries"_s), qPrintable(f.lines.join(u'\n')));
        QCOMPARE(admin({u"users"_s, u"ban"_s, u"bob"_s, u"--reason"_s, u"filtered out"_s}).code, 0);
        QCOMPARE(admin({u"users"_s, u"logout"_s, u"alice"_s, u"--reason"_s, u"followed"_s}).code, 0);
        QTRY_VERIFY_WITH_TIMEOUT(f.indexOfEvent(u"audit:entry"_s) >= 0, 10000);
        const QJsonObject entry = f.json(f.indexOfEvent(u"audit:entry"_s)).value(u"data"_s).toObject().value(u"entry"_s).toObject();
        QCOMPARE(entry.value(u"action"_s).toString(), u"user.logout"_s);
        QCOMPARE(entry.value(u"targetId"_s).toString(), m_alice.id);
        QCOMPARE(entry.value(u"reason"_s).toString(), u"followed"_s);
        QCOMPARE(f.stop(), 0);
        QCOMPARE(f.indexOfEvent(u"audit:entry"_s, f.indexOfEvent(u"audit:entry"_s) + 1), -1); // the ban was filtered out
    }

    void cleanupTestCase()
    {
        if (m_server)
            QCOMPARE(m_server->banterd().terminate(), 0);
    }
};

QTEST_GUILESS_MAIN(TestConsoleAdmin)
#include "tst_console_admin.moc"
