// The admin API (docs/admin-api.md) through real HTTP and Socket.IO against a real banterd and PostgreSQL:
// authorisation in one place, rank rules, every action audited and the audit log append-only, bans closing
// sockets at once, tombstones live and on sync, and the /admin live feed.
#include "support/BanterdProcess.h"
#include "support/HttpClient.h"
#include "support/PgFixture.h"

#include <banter/client/SocketIoClient.h>

#include <QJsonArray>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Banter::Test;
using Banter::Client::SocketIoClient;

class TestAdmin : public QObject
{
    Q_OBJECT
    PgFixture m_pg;
    QUrl m_db;
    BanterdProcess m_banterd;
    QString m_adminToken, m_modToken, m_aliceToken, m_bobToken;
    QString m_adminId, m_modId, m_aliceId, m_bobId;

    static QString code(const HttpReply &r) { return r.json.value(u"error"_s).toObject().value(u"code"_s).toString(); }

    HttpReply call(const QString &token, const QByteArray &method, const QString &path, const QJsonObject &body = {})
    {
        HttpClient http(m_banterd.baseUrl());
        http.setToken(token);
        return http.send(method, path, method == "GET" ? QByteArray() : QJsonDocument(body).toJson());
    }

    QJsonObject registerUser(const QString &name)
    {
        HttpClient http(m_banterd.baseUrl());
        return http.post(u"/api/auth/register"_s, {{u"username"_s, name}, {u"password"_s, u"correct horse"_s}}).json;
    }

    QString login(const QString &name, const QString &password)
    {
        HttpClient http(m_banterd.baseUrl());
        return http.post(u"/api/auth/login"_s, {{u"username"_s, name}, {u"password"_s, password}})
            .json.value(u"token"_s)
            .toString();
    }

    // Every audit entry whose action is `action` and target `target`.
    QJsonArray audited(const QString &action, const QString &target)
    {
        HttpReply r = call(m_adminToken, "GET", u"/api/admin/audit?action="_s + action + u"&target="_s + target);
        return r.json.value(u"entries"_s).toArray();
    }

    std::unique_ptr<SocketIoClient> connectAs(const QString &token, const QString &nsp = u"/"_s)
    {
        auto client = std::make_unique<SocketIoClient>();
        client->setAuth({{u"token"_s, token}});
        client->setNamespace(nsp);
        client->setReconnect(false);
        QSignalSpy connected(client.get(), &SocketIoClient::connected);
        client->open(m_banterd.baseUrl());
        if (!connected.wait(5000))
            return nullptr;
        return client;
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_pg.available(), "the pg fixture is not running");
        m_db = m_pg.createDatabase();
        QTemporaryDir data;
        // The first admin comes from the command line, password on stdin.
        QProcess create;
        create.setProcessChannelMode(QProcess::MergedChannels);
        create.start(QStringLiteral(BANTERD_PATH), {u"--database-url"_s, m_db.toString(), u"--data-dir"_s, data.path(),
                                                    u"--argon2-memory-kib"_s, u"1024"_s, u"--argon2-iterations"_s, u"1"_s,
                                                    u"--create-admin"_s, u"root"_s});
        create.write("root password 1\n");
        create.closeWriteChannel();
        QVERIFY(create.waitForFinished(30000));
        QCOMPARE(create.exitCode(), 0);
        QVERIFY2(create.readAll().contains("created admin root"), "create-admin output");

        QVERIFY2(m_banterd.start(m_db, {u"--auth-rate-limit"_s, u"1000"_s, u"--login-rate-limit"_s, u"1000"_s,
                                        u"--argon2-memory-kib"_s, u"1024"_s, u"--argon2-iterations"_s, u"1"_s,
                                        u"--user-rate-limit"_s, u"1000"_s}),
                 qPrintable(m_banterd.output()));
        m_adminToken = login(u"root"_s, u"root password 1"_s);
        QVERIFY(!m_adminToken.isEmpty());
        m_adminId = call(m_adminToken, "GET", u"/api/users/profile"_s).json.value(u"user"_s).toObject().value(u"id"_s).toString();
        const QJsonObject mod = registerUser(u"mod"_s), alice = registerUser(u"alice"_s), bob = registerUser(u"bob"_s);
        m_modId = mod.value(u"user"_s).toObject().value(u"id"_s).toString();
        m_aliceId = alice.value(u"user"_s).toObject().value(u"id"_s).toString();
        m_bobId = bob.value(u"user"_s).toObject().value(u"id"_s).toString();
        m_aliceToken = alice.value(u"token"_s).toString();
        m_bobToken = bob.value(u"token"_s).toString();
        HttpReply promoted = call(m_adminToken, "PUT", u"/api/admin/users/"_s + m_modId + u"/role"_s,
                                  {{u"role"_s, u"moderator"_s}, {u"reason"_s, u"trusted"_s}});
        QCOMPARE(promoted.status, 200);
        QCOMPARE(promoted.json.value(u"user"_s).toObject().value(u"role"_s).toString(), u"moderator"_s);
        m_modToken = login(u"mod"_s, u"correct horse"_s);
        QVERIFY(!m_modToken.isEmpty());
    }
    void cleanupTestCase() { QCOMPARE(m_banterd.terminate(), 0); }

    void authorisationInOnePlace()
    {
        const QList<std::pair<QByteArray, QString>> routes = {
            {"GET", u"/api/admin/users"_s}, {"GET", u"/api/admin/users/999999"_s}, {"POST", u"/api/admin/users/999999/suspend"_s},
            {"POST", u"/api/admin/users/999999/ban"_s}, {"POST", u"/api/admin/users/999999/unban"_s},
            {"POST", u"/api/admin/users/999999/logout"_s}, {"PUT", u"/api/admin/users/999999/role"_s},
            {"GET", u"/api/admin/reports"_s}, {"GET", u"/api/admin/reports/999999"_s},
            {"POST", u"/api/admin/reports/999999/assign"_s}, {"POST", u"/api/admin/reports/999999/resolve"_s},
            {"POST", u"/api/admin/reports/999999/dismiss"_s}, {"POST", u"/api/admin/messages/999999/hide"_s},
            {"DELETE", u"/api/admin/messages/999999"_s}, {"DELETE", u"/api/admin/conversations/999999/members/999998"_s},
            {"GET", u"/api/admin/audit"_s}, {"GET", u"/api/admin/presence"_s}, {"GET", u"/api/admin/metrics"_s}};
        for (const auto &[method, path] : routes) {
            HttpReply anonymous = call(QString(), method, path, {{u"reason"_s, u"x"_s}});
            QVERIFY2(anonymous.status == 401, qPrintable(path));
            HttpReply user = call(m_aliceToken, method, path, {{u"reason"_s, u"x"_s}});
            QVERIFY2(user.status == 403 && code(user) == u"forbidden"_s, qPrintable(path + u" as a user: "_s + QString::number(user.status)));
            HttpReply mod = call(m_modToken, method, path, {{u"reason"_s, u"x"_s}, {u"role"_s, u"user"_s}});
            if (path.endsWith(u"/role"_s))
                QVERIFY2(mod.status == 403, "role changes are for admins only");
            else
                QVERIFY2(mod.status != 401 && mod.status != 403, qPrintable(path + u" as a moderator: "_s + QString::number(mod.status)));
        }
    }

    void rankRules()
    {
        // A moderator cannot act on an admin or on another moderator, nobody on themselves.
        QCOMPARE(call(m_modToken, "POST", u"/api/admin/users/"_s + m_adminId + u"/ban"_s, {{u"reason"_s, u"x"_s}}).status, 403);
        HttpReply self = call(m_modToken, "POST", u"/api/admin/users/"_s + m_modId + u"/logout"_s, {{u"reason"_s, u"x"_s}});
        QCOMPARE(self.status, 403);
        // Without a reason nothing happens.
        HttpReply noReason = call(m_modToken, "POST", u"/api/admin/users/"_s + m_bobId + u"/ban"_s, {});
        QCOMPARE(noReason.status, 400);
        QCOMPARE(code(noReason), u"validation_failed"_s);
    }

    void banClosesSocketsAtOnceAndIsAudited()
    {
        const QJsonObject carol = registerUser(u"carol"_s);
        const QString carolId = carol.value(u"user"_s).toObject().value(u"id"_s).toString();
        auto socket = connectAs(carol.value(u"token"_s).toString());
        QVERIFY(socket);
        QSignalSpy gone(socket.get(), &SocketIoClient::disconnected);
        QElapsedTimer timer;
        timer.start();
        HttpReply ban = call(m_modToken, "POST", u"/api/admin/users/"_s + carolId + u"/ban"_s, {{u"reason"_s, u"spam links"_s}});
        QCOMPARE(ban.status, 200);
        QCOMPARE(ban.json.value(u"user"_s).toObject().value(u"state"_s).toString(), u"banned"_s);
        // (the HTTP call runs an event loop, so the close may already have arrived)
        QTRY_VERIFY_WITH_TIMEOUT(gone.count() > 0, 2000);
        QVERIFY2(timer.elapsed() < 1500, "the banned user's socket closes within a second");
        // The token is dead, and the ban is in the audit log with actor, target and reason.
        QCOMPARE(call(carol.value(u"token"_s).toString(), "GET", u"/api/users/profile"_s).status, 401);
        const QJsonArray entries = audited(u"user.ban"_s, carolId);
        QCOMPARE(entries.size(), 1);
        const QJsonObject e = entries.first().toObject();
        QCOMPARE(e.value(u"actor"_s).toObject().value(u"username"_s).toString(), u"mod"_s);
        QCOMPARE(e.value(u"reason"_s).toString(), u"spam links"_s);
        // Unban restores logins.
        QCOMPARE(call(m_modToken, "POST", u"/api/admin/users/"_s + carolId + u"/unban"_s, {{u"reason"_s, u"appeal"_s}}).status, 200);
        QVERIFY(!login(u"carol"_s, u"correct horse"_s).isEmpty());
        QCOMPARE(audited(u"user.unban"_s, carolId).size(), 1);
    }

    void suspendForADuration()
    {
        const QJsonObject dave = registerUser(u"dave"_s);
        const QString id = dave.value(u"user"_s).toObject().value(u"id"_s).toString();
        HttpReply r = call(m_modToken, "POST", u"/api/admin/users/"_s + id + u"/suspend"_s,
                           {{u"reason"_s, u"cool down"_s}, {u"durationSeconds"_s, 3600}});
        QCOMPARE(r.status, 200);
        const QJsonObject user = r.json.value(u"user"_s).toObject();
        QCOMPARE(user.value(u"state"_s).toString(), u"suspended"_s);
        const QDateTime until = QDateTime::fromString(user.value(u"suspendedUntil"_s).toString(), Qt::ISODateWithMs);
        QVERIFY(qAbs(QDateTime::currentDateTimeUtc().secsTo(until) - 3600) < 60);
        QVERIFY(login(u"dave"_s, u"correct horse"_s).isEmpty());
        QCOMPARE(audited(u"user.suspend"_s, id).first().toObject().value(u"details"_s).toObject().value(u"durationSeconds"_s).toInt(), 3600);
    }

    void reportWorkflowWithContext()
    {
        // alice and bob talk; bob reports alice's message.
        HttpReply chat = call(m_aliceToken, "POST", u"/api/chat"_s, {{u"type"_s, u"direct"_s}, {u"memberIds"_s, QJsonArray{m_bobId}}});
        QCOMPARE(chat.status, 201);
        const QString cid = chat.json.value(u"conversation"_s).toObject().value(u"id"_s).toString();
        QString reported;
        for (int i = 0; i < 8; ++i) {
            HttpReply m = call(m_aliceToken, "POST", u"/api/messages"_s,
                               {{u"conversationId"_s, cid}, {u"content"_s, u"message %1"_s.arg(i)}, {u"clientMessageId"_s, u"r%1"_s.arg(i)}});
            QCOMPARE(m.status, 201);
            if (i == 4)
                reported = m.json.value(u"message"_s).toObject().value(u"id"_s).toString();
        }
        HttpReply report = call(m_bobToken, "POST", u"/api/users/report"_s,
                                {{u"userId"_s, m_aliceId}, {u"messageId"_s, reported}, {u"reason"_s, u"insulting"_s}});
        QCOMPARE(report.status, 201);
        const QString rid = report.json.value(u"report"_s).toObject().value(u"id"_s).toString();

        HttpReply queue = call(m_modToken, "GET", u"/api/admin/reports?state=open"_s);
        QCOMPARE(queue.status, 200);
        QJsonObject found;
        for (const QJsonValue &v : queue.json.value(u"reports"_s).toArray())
            if (v.toObject().value(u"id"_s).toString() == rid)
                found = v.toObject();
        QVERIFY(!found.isEmpty());
        QCOMPARE(found.value(u"message"_s).toObject().value(u"content"_s).toString(), u"message 4"_s);
        QCOMPARE(found.value(u"context"_s).toArray().size(), 8); // seq 1..8 all lie within 5 of seq 5
        QCOMPARE(found.value(u"reporter"_s).toObject().value(u"username"_s).toString(), u"bob"_s);

        HttpReply assigned = call(m_modToken, "POST", u"/api/admin/reports/"_s + rid + u"/assign"_s);
        QCOMPARE(assigned.json.value(u"report"_s).toObject().value(u"state"_s).toString(), u"assigned"_s);
        QCOMPARE(assigned.json.value(u"report"_s).toObject().value(u"assignee"_s).toObject().value(u"username"_s).toString(), u"mod"_s);
        HttpReply resolved = call(m_modToken, "POST", u"/api/admin/reports/"_s + rid + u"/resolve"_s,
                                  {{u"action"_s, u"warned"_s}, {u"reason"_s, u"first offence"_s}});
        QCOMPARE(resolved.status, 200);
        const QJsonObject resolution = resolved.json.value(u"report"_s).toObject().value(u"resolution"_s).toObject();
        QCOMPARE(resolution.value(u"action"_s).toString(), u"warned"_s);
        // Closed reports stay closed.
        QCOMPARE(call(m_modToken, "POST", u"/api/admin/reports/"_s + rid + u"/dismiss"_s, {{u"reason"_s, u"x"_s}}).status, 409);
        QCOMPARE(audited(u"report.assign"_s, rid).size(), 1);
        QCOMPARE(audited(u"report.resolve"_s, rid).size(), 1);
    }

    void tombstonesLiveAndOnSync()
    {
        HttpReply chat = call(m_aliceToken, "POST", u"/api/chat"_s,
                              {{u"type"_s, u"group"_s}, {u"title"_s, u"t"_s}, {u"memberIds"_s, QJsonArray{m_bobId}}});
        const QString cid = chat.json.value(u"conversation"_s).toObject().value(u"id"_s).toString();
        HttpReply sent = call(m_aliceToken, "POST", u"/api/messages"_s,
                              {{u"conversationId"_s, cid}, {u"content"_s, u"regrettable"_s}, {u"clientMessageId"_s, u"t1"_s}});
        const QString mid = sent.json.value(u"message"_s).toObject().value(u"id"_s).toString();
        auto bob = connectAs(m_bobToken);
        QVERIFY(bob);
        QSignalSpy events(bob.get(), &SocketIoClient::event);
        HttpReply hidden = call(m_modToken, "POST", u"/api/admin/messages/"_s + mid + u"/hide"_s, {{u"reason"_s, u"abuse"_s}});
        QCOMPARE(hidden.status, 200);
        QTRY_VERIFY_WITH_TIMEOUT(std::any_of(events.cbegin(), events.cend(), [&](const QList<QVariant> &e) {
                                     return e.at(0).toString() == u"message:removed"_s
                                         && e.at(1).toJsonArray().at(0).toObject().value(u"messageId"_s).toString() == mid;
                                 }),
                                 3000);
        // History and sync show a tombstone with the same seq, never the content.
        HttpReply history = call(m_bobToken, "GET", u"/api/chat/"_s + cid + u"/messages"_s);
        const QJsonObject tomb = history.json.value(u"messages"_s).toArray().first().toObject();
        QCOMPARE(tomb.value(u"id"_s).toString(), mid);
        QVERIFY(tomb.value(u"removed"_s).toBool());
        QVERIFY(tomb.value(u"content"_s).isNull());
        QCOMPARE(tomb.value(u"seq"_s).toInt(), 1);
        bool acked = false;
        QJsonObject syncReply;
        bob->emitWithAck(u"sync"_s, QJsonObject{{u"since"_s, QJsonObject{{cid, 0}}}}, [&](const QJsonValue &v) {
            syncReply = v.toObject();
            acked = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(acked, 5000);
        const QJsonObject synced = syncReply.value(u"messages"_s).toArray().first().toObject();
        QVERIFY(synced.value(u"removed"_s).toBool());
        QVERIFY(synced.value(u"content"_s).isNull());
        QVERIFY(!QString::fromUtf8(QJsonDocument(syncReply).toJson()).contains(u"regrettable"_s));
        // Delete erases the content for good; both actions are audited.
        QCOMPARE(call(m_modToken, "DELETE", u"/api/admin/messages/"_s + mid, {{u"reason"_s, u"erase"_s}}).status, 200);
        QCOMPARE(audited(u"message.hide"_s, mid).size(), 1);
        QCOMPARE(audited(u"message.delete"_s, mid).size(), 1);
        // Removing a member: they stop receiving the conversation's messages, and no longer find them.
        QCOMPARE(call(m_aliceToken, "POST", u"/api/messages"_s, {{u"conversationId"_s, cid}, {u"content"_s, u"zebracrossing ahead"_s},
                                                                 {u"clientMessageId"_s, u"t2"_s}}).status, 201);
        QTRY_COMPARE_WITH_TIMEOUT(call(m_bobToken, "GET", u"/api/messages/search?q=zebracross"_s).json.value(u"results"_s).toArray().size(), 1, 5000);
        QCOMPARE(call(m_modToken, "DELETE", u"/api/admin/conversations/"_s + cid + u"/members/"_s + m_bobId,
                      {{u"reason"_s, u"left the team"_s}}).status, 204);
        QCOMPARE(call(m_bobToken, "GET", u"/api/chat/"_s + cid).status, 404);
        QCOMPARE(call(m_bobToken, "GET", u"/api/messages/search?q=zebracross"_s).json.value(u"results"_s).toArray().size(), 0);
        QCOMPARE(call(m_bobToken, "GET", u"/api/messages/search?q=zebracross&conversationId="_s + cid).status, 404);
        QCOMPARE(call(m_aliceToken, "GET", u"/api/messages/search?q=zebracross"_s).json.value(u"results"_s).toArray().size(), 1);
        QCOMPARE(audited(u"conversation.remove_member"_s, cid).size(), 1);
    }

    // Issue #10: moderators read a message's earlier versions; a moderator's removals and member removals are
    // events in the conversation's log that a device offline at the time replays.
    void editHistoryAndModerationInTheLog()
    {
        HttpReply chat = call(m_aliceToken, "POST", u"/api/chat"_s,
                              {{u"type"_s, u"group"_s}, {u"title"_s, u"history"_s}, {u"memberIds"_s, QJsonArray{m_bobId}}});
        const QString cid = chat.json.value(u"conversation"_s).toObject().value(u"id"_s).toString();
        HttpReply sent = call(m_aliceToken, "POST", u"/api/messages"_s,
                              {{u"conversationId"_s, cid}, {u"content"_s, u"draft one"_s}, {u"clientMessageId"_s, u"h1"_s}});
        const QString mid = sent.json.value(u"message"_s).toObject().value(u"id"_s).toString();
        QCOMPARE(call(m_aliceToken, "PUT", u"/api/messages/"_s + mid, {{u"content"_s, u"draft two"_s}}).status, 200);
        QCOMPARE(call(m_aliceToken, "PUT", u"/api/messages/"_s + mid, {{u"content"_s, u"final"_s}}).status, 200);
        HttpReply history = call(m_modToken, "GET", u"/api/admin/messages/"_s + mid + u"/history"_s);
        QCOMPARE(history.status, 200);
        QCOMPARE(history.json.value(u"message"_s).toObject().value(u"content"_s).toString(), u"final"_s);
        const QJsonArray versions = history.json.value(u"versions"_s).toArray();
        QCOMPARE(versions.size(), 2);
        QCOMPARE(versions.at(0).toObject().value(u"content"_s).toString(), u"draft one"_s);
        QCOMPARE(versions.at(1).toObject().value(u"content"_s).toString(), u"draft two"_s);
        QCOMPARE(call(m_bobToken, "GET", u"/api/admin/messages/"_s + mid + u"/history"_s).status, 403);
        QCOMPARE(call(m_modToken, "GET", u"/api/admin/messages/999999/history"_s).status, 404);

        // Bob is offline while a moderator hides the message and removes him; he catches up from the log.
        QCOMPARE(call(m_modToken, "POST", u"/api/admin/messages/"_s + mid + u"/hide"_s, {{u"reason"_s, u"spam"_s}}).status, 200);
        QCOMPARE(call(m_modToken, "DELETE", u"/api/admin/conversations/"_s + cid + u"/members/"_s + m_bobId,
                      {{u"reason"_s, u"spam"_s}}).status, 204);
        QCOMPARE(call(m_modToken, "DELETE", u"/api/admin/conversations/"_s + cid + u"/members/"_s + m_bobId,
                      {{u"reason"_s, u"again"_s}}).status, 404);
        auto alice = connectAs(m_aliceToken);
        QVERIFY(alice);
        bool acked = false;
        QJsonObject synced;
        alice->emitWithAck(u"sync"_s, QJsonObject{{u"since"_s, QJsonObject{{cid, 0}}}}, [&](const QJsonValue &v) {
            synced = v.toObject();
            acked = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(acked, 5000);
        QStringList types;
        for (const QJsonValue &e : synced.value(u"events"_s).toArray())
            types << e.toObject().value(u"type"_s).toString();
        QCOMPARE(types, (QStringList{u"message"_s, u"message.edited"_s, u"message.edited"_s, u"message.hidden"_s,
                                     u"member.removed"_s}));
        const QJsonObject removed = synced.value(u"events"_s).toArray().last().toObject();
        QCOMPARE(removed.value(u"userId"_s).toString(), m_bobId);
        QCOMPARE(removed.value(u"role"_s).toString(), u"member"_s);
        QCOMPARE(removed.value(u"actorId"_s).toString(), m_modId);
        // Hidden: the message is a tombstone and its edits are replayed without their text (which stays sealed
        // in storage for the audit).
        QVERIFY(synced.value(u"messages"_s).toArray().first().toObject().value(u"removed"_s).toBool());
        QVERIFY(synced.value(u"events"_s).toArray().at(1).toObject().value(u"content"_s).isNull());
        QVERIFY(!QString::fromUtf8(QJsonDocument(synced).toJson()).contains(u"draft"_s));
        QVERIFY(!QString::fromUtf8(QJsonDocument(synced).toJson()).contains(u"final"_s));
        QCOMPARE(call(m_bobToken, "GET", u"/api/chat/"_s + cid).status, 404);
    }

    void auditLogIsAppendOnly()
    {
        QVERIFY(!m_pg.exec(m_db, u"DELETE FROM audit_log"_s));
        QVERIFY(!m_pg.exec(m_db, u"UPDATE audit_log SET reason = 'edited'"_s));
        QVERIFY(!m_pg.exec(m_db, u"TRUNCATE audit_log"_s));
        HttpReply all = call(m_adminToken, "GET", u"/api/admin/audit?limit=500"_s);
        QVERIFY2(all.json.value(u"entries"_s).toArray().size() >= 10, all.body.constData());
        for (const QJsonValue &v : all.json.value(u"entries"_s).toArray())
            QVERIFY(v.toObject().value(u"reason"_s).toString() != u"edited"_s);
        // Filters: by actor and by time.
        HttpReply byMod = call(m_adminToken, "GET", u"/api/admin/audit?actor="_s + m_modId);
        for (const QJsonValue &v : byMod.json.value(u"entries"_s).toArray())
            QCOMPARE(v.toObject().value(u"actor"_s).toObject().value(u"id"_s).toString(), m_modId);
        QCOMPARE(call(m_adminToken, "GET", u"/api/admin/audit?from=2999-01-01T00:00:00Z"_s).json.value(u"entries"_s).toArray().size(), 0);
    }

    void adminNamespacePushesPresenceAndMetrics()
    {
        // A normal user cannot join /admin.
        SocketIoClient denied;
        denied.setAuth({{u"token"_s, m_aliceToken}});
        denied.setNamespace(u"/admin"_s);
        denied.setReconnect(false);
        QSignalSpy refused(&denied, &SocketIoClient::connectError);
        denied.open(m_banterd.baseUrl());
        QVERIFY(refused.wait(5000));
        QCOMPARE(refused.first().at(0).toJsonObject().value(u"data"_s).toObject().value(u"code"_s).toString(), u"forbidden"_s);

        auto console = std::make_unique<SocketIoClient>();
        console->setAuth({{u"token"_s, m_modToken}});
        console->setNamespace(u"/admin"_s);
        console->setReconnect(false);
        QSignalSpy events(console.get(), &SocketIoClient::event); // before open(): the snapshot follows CONNECT at once
        QSignalSpy connected(console.get(), &SocketIoClient::connected);
        console->open(m_banterd.baseUrl());
        QVERIFY(connected.wait(5000));
        auto has = [&](const QString &name, const std::function<bool(const QJsonObject &)> &pred) {
            return std::any_of(events.cbegin(), events.cend(), [&](const QList<QVariant> &e) {
                return e.at(0).toString() == name && pred(e.at(1).toJsonArray().at(0).toObject());
            });
        };
        QTRY_VERIFY_WITH_TIMEOUT(has(u"presence:snapshot"_s, [](const QJsonObject &o) { return o.contains(u"totals"_s); }), 3000);
        auto alice = connectAs(m_aliceToken);
        QVERIFY(alice);
        QTRY_VERIFY_WITH_TIMEOUT(has(u"presence:connected"_s, [&](const QJsonObject &o) { return o.value(u"userId"_s).toString() == m_aliceId; }), 3000);
        alice->close();
        QTRY_VERIFY_WITH_TIMEOUT(has(u"presence:disconnected"_s, [&](const QJsonObject &o) { return o.value(u"userId"_s).toString() == m_aliceId; }), 3000);
        QTRY_VERIFY_WITH_TIMEOUT(has(u"metrics"_s, [](const QJsonObject &o) { return o.contains(u"deliveriesOut"_s) && o.contains(u"dbBatchMs"_s); }), 3000);
        // Audit entries arrive live.
        QCOMPARE(call(m_modToken, "POST", u"/api/admin/users/"_s + m_bobId + u"/logout"_s, {{u"reason"_s, u"reset"_s}}).status, 200);
        QTRY_VERIFY_WITH_TIMEOUT(has(u"audit:entry"_s, [](const QJsonObject &o) {
                                     return o.value(u"entry"_s).toObject().value(u"action"_s).toString() == u"user.logout"_s;
                                 }),
                                 3000);
    }
};

QTEST_GUILESS_MAIN(TestAdmin)
#include "tst_admin.moc"
