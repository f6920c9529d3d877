// The realtime contract from the Qt side: Banter::Client::SocketIoClient and ChatClient against a real banterd
// and PostgreSQL. The wire contract is covered broadly by tests/compat (socket.io-client); this suite checks what
// only a test with database access and control of the process can see: content sealed at rest and bound to its
// place, key rotation across a restart, exactly-once delivery and gapless seqs under concurrency, multi-device
// presence, catch-up through sync paging, and durability of acknowledged sends across kill -9.
#include "storage/ConnectionFactory.h"
#include "support/BanterdProcess.h"
#include "support/HttpClient.h"
#include "support/PgFixture.h"

#include <banter/client/ChatClient.h>
#include <banter/client/SocketIoClient.h>

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUuid>
#include <QWebSocket>

#include <algorithm>
#include <functional>
#include <map>
#include <memory>

using namespace Qt::StringLiterals;
using namespace Banter::Test;
using Banter::Client::ChatClient;
using Banter::Client::SocketIoClient;

namespace {

constexpr int WaitMs = 20000;

struct User
{
    QString id;
    QString token;
};

QJsonObject sendPayload(const QString &conversationId, const QString &content, const QString &clientMessageId)
{
    return {{u"conversationId"_s, conversationId}, {u"content"_s, content}, {u"clientMessageId"_s, clientMessageId}};
}

QString errorCode(const QJsonObject &ack)
{
    return ack.value(u"error"_s).toObject().value(u"code"_s).toString();
}

QString compact(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

// The payload objects of one event name a SocketIoClient received, in arrival order.
class EventRecorder : public QObject
{
public:
    EventRecorder(SocketIoClient *client, const QString &name) : QObject(client)
    {
        connect(client, &SocketIoClient::event, this, [this, name](const QString &event, const QJsonArray &args) {
            if (event == name)
                payloads.append(args.at(0).toObject());
        });
    }
    QList<QJsonObject> payloads;
};

} // namespace

class TestRealtime : public QObject
{
    Q_OBJECT
    PgFixture m_pg;
    QUrl m_db;
    QTemporaryDir m_dataDir; // one data dir for every banterd started here: keys.json outlives restarts
    std::unique_ptr<BanterdProcess> m_banterd;
    QString m_log; // output of every banterd this test ran, for failure messages
    qsizetype m_logMark = 0;
    const QString m_sql = u"tst_realtime_sql"_s;
    User m_alice, m_bob;
    QElapsedTimer m_clock;

    QUrl base() const { return m_banterd->baseUrl(); }

    bool startServer(quint16 port = 0)
    {
        m_banterd = std::make_unique<BanterdProcess>();
        // Later flags win, so these override BanterdProcess's own --data-dir and --port 0.
        QStringList args{u"--data-dir"_s, m_dataDir.path(),
                         u"--auth-rate-limit"_s, u"1000"_s,
                         u"--argon2-memory-kib"_s, u"1024"_s,
                         u"--argon2-iterations"_s, u"1"_s,
                         u"--socket-event-rate"_s, u"100000"_s,
                         u"--http-rate-limit"_s, u"100000"_s,
                         u"--user-rate-limit"_s, u"100000"_s,
                         u"--search-index-share"_s, u"100"_s};
        if (port != 0)
            args << u"--port"_s << QString::number(port);
        const bool ok = m_banterd->start(m_db, args);
        m_log += m_banterd->output();
        m_logMark = m_banterd->output().size();
        return ok;
    }
    QString serverLog()
    {
        if (m_banterd)
            m_log += QString::fromUtf8(m_banterd->process().readAll());
        return m_log.right(6000);
    }
    int stopServer()
    {
        serverLog();
        const int code = m_banterd->terminate();
        m_log += m_banterd->output().mid(m_logMark);
        m_logMark = m_banterd->output().size();
        return code;
    }

    // --- SQL, as the superuser, straight into the test database ---
    QList<QVariantList> rows(const QString &sql)
    {
        QSqlQuery q(QSqlDatabase::database(m_sql));
        QList<QVariantList> out;
        if (!q.exec(sql)) {
            qWarning() << "SQL failed:" << sql << q.lastError().text();
            return out;
        }
        while (q.next()) {
            QVariantList row;
            for (int i = 0; i < q.record().count(); ++i)
                row << q.value(i);
            out << row;
        }
        return out;
    }
    QVariant scalar(const QString &sql)
    {
        const auto r = rows(sql);
        return r.isEmpty() || r.first().isEmpty() ? QVariant() : r.first().first();
    }
    bool execSql(const QString &sql)
    {
        QSqlQuery q(QSqlDatabase::database(m_sql));
        if (!q.exec(sql)) {
            qWarning() << "SQL failed:" << sql << q.lastError().text();
            return false;
        }
        return true;
    }

    // --- REST ---
    User registerUser(const QString &name)
    {
        HttpClient http(base());
        const HttpReply r = http.post(u"/api/auth/register"_s, {{u"username"_s, name}, {u"password"_s, u"correct horse"_s}});
        if (r.status != 201)
            qWarning() << "register failed" << r.status << r.body;
        return {r.json.value(u"user"_s).toObject().value(u"id"_s).toString(), r.json.value(u"token"_s).toString()};
    }
    QString createConversation(const User &owner, const QString &type, const QList<User> &others, const QString &title = {})
    {
        HttpClient http(base());
        http.setToken(owner.token);
        QJsonArray ids;
        for (const User &u : others)
            ids.append(u.id);
        QJsonObject body{{u"type"_s, type}, {u"memberIds"_s, ids}};
        if (!title.isEmpty())
            body.insert(u"title"_s, title);
        const HttpReply r = http.post(u"/api/chat"_s, body);
        if (r.status != 201)
            qWarning() << "create conversation failed" << r.status << r.body;
        return r.json.value(u"conversation"_s).toObject().value(u"id"_s).toString();
    }
    // The whole history after `after`, paged with ?after=&limit=200; ascending.
    QList<QJsonObject> history(const User &as, const QString &conversationId, qint64 after = 0)
    {
        HttpClient http(base());
        http.setToken(as.token);
        QList<QJsonObject> out;
        for (int page = 0; page < 100; ++page) {
            const HttpReply r = http.get(QStringLiteral("/api/chat/%1/messages?after=%2&limit=200").arg(conversationId).arg(after));
            if (r.status != 200) {
                qWarning() << "history failed" << r.status << r.body;
                break;
            }
            const QJsonArray messages = r.json.value(u"messages"_s).toArray();
            for (const QJsonValue &m : messages)
                out << m.toObject();
            if (messages.isEmpty())
                break;
            after = messages.last().toObject().value(u"seq"_s).toInteger();
        }
        return out;
    }

    // --- sockets ---
    std::unique_ptr<SocketIoClient> client(const User &user,
                                           SocketIoClient::Transport transport = SocketIoClient::Transport::WebSocket)
    {
        auto c = std::make_unique<SocketIoClient>();
        c->setAuth({{u"token"_s, user.token}});
        c->setTransport(transport);
        return c;
    }
    bool openAndWait(SocketIoClient &c)
    {
        QSignalSpy connected(&c, &SocketIoClient::connected);
        c.open(base());
        return connected.wait(WaitMs);
    }
    std::unique_ptr<SocketIoClient> connectedClient(const User &user)
    {
        auto c = client(user);
        if (!openAndWait(*c))
            return nullptr;
        return c;
    }
    // Emits with an ack and waits for it (the client's own ack timeout answers first when the server does not).
    QJsonObject request(SocketIoClient &c, const QString &event, const QJsonValue &payload, int timeoutMs = 15000)
    {
        struct Box
        {
            bool done = false;
            QJsonObject value;
        };
        auto box = std::make_shared<Box>();
        c.emitWithAck(event, payload, [box](const QJsonValue &v) {
            box->done = true;
            box->value = v.toObject();
        }, timeoutMs);
        if (!QTest::qWaitFor([&] { return box->done; }, timeoutMs + 5000))
            qWarning() << "no answer to" << event;
        return box->value;
    }
    QJsonObject send(SocketIoClient &c, const QString &conversationId, const QString &content, const QString &clientMessageId = {})
    {
        return request(c, u"message:send"_s,
                       sendPayload(conversationId, content,
                                   clientMessageId.isEmpty() ? QUuid::createUuid().toString(QUuid::WithoutBraces) : clientMessageId));
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_pg.available(), "the pg fixture is not running");
        QVERIFY(m_dataDir.isValid());
        m_db = m_pg.createDatabase();
        QVERIFY(m_db.isValid());
        QVERIFY2(startServer(), qPrintable(m_log));
        auto db = Banter::Server::ConnectionFactory(m_db).open(m_sql);
        QVERIFY2(db.ok(), db.ok() ? "" : qPrintable(db.error().message));
        m_alice = registerUser(u"alice"_s);
        m_bob = registerUser(u"bob"_s);
        QVERIFY(!m_alice.token.isEmpty() && !m_bob.token.isEmpty());
    }
    void init() { m_clock.start(); }
    void cleanup()
    {
        qInfo("%s took %lld ms", QTest::currentTestFunction(), m_clock.elapsed());
        if (QTest::currentTestFailed() && m_banterd)
            qInfo("banterd (%s) said:\n%s", m_banterd->process().state() == QProcess::Running ? "running" : "not running",
                  qPrintable(serverLog()));
    }
    void cleanupTestCase()
    {
        QSqlDatabase::database(m_sql).close();
        QSqlDatabase::removeDatabase(m_sql);
        if (m_banterd)
            QCOMPARE(stopServer(), 0);
    }

    // 1. CONNECT with a token; a bad token is refused with connect_error data.code "unauthorized".
    void connectWithTokenAndRefuseBadOnes()
    {
        auto good = client(m_alice);
        QSignalSpy connected(good.get(), &SocketIoClient::connected);
        QSignalSpy refused(good.get(), &SocketIoClient::connectError);
        good->open(base());
        QVERIFY(connected.wait(WaitMs));
        QVERIFY(good->isConnected());
        QVERIFY(!good->sid().isEmpty());
        QCOMPARE(connected.at(0).at(0).toString(), good->sid());
        QCOMPARE(refused.count(), 0);
        // The connection is authenticated: a sync round trip is answered.
        const QJsonObject synced = request(*good, u"sync"_s, QJsonObject{{u"since"_s, QJsonObject{}}});
        QVERIFY2(synced.value(u"ok"_s).toBool(), qPrintable(compact(synced)));

        QString forged = m_alice.token;
        forged[forged.size() - 2] = forged[forged.size() - 2] == u'A' ? u'B' : u'A';
        for (const QString &token : {u"not-a-token"_s, forged}) {
            SocketIoClient bad;
            bad.setAuth({{u"token"_s, token}});
            QSignalSpy badConnected(&bad, &SocketIoClient::connected);
            QSignalSpy badRefused(&bad, &SocketIoClient::connectError);
            bad.open(base());
            QVERIFY(badRefused.wait(WaitMs));
            const QJsonObject error = badRefused.at(0).at(0).toJsonObject();
            QCOMPARE(error.value(u"data"_s).toObject().value(u"code"_s).toString(), u"unauthorized"_s);
            QCOMPARE(badConnected.count(), 0);
            QVERIFY(!bad.isConnected());
        }

        // A logged-out session's token no longer connects.
        HttpClient http(base());
        const HttpReply login = http.post(u"/api/auth/login"_s, {{u"username"_s, u"alice"_s}, {u"password"_s, u"correct horse"_s}});
        QCOMPARE(login.status, 200);
        const QString session = login.json.value(u"token"_s).toString();
        http.setToken(session);
        QCOMPARE(http.post(u"/api/auth/logout"_s, {}).status, 204);
        SocketIoClient loggedOut;
        loggedOut.setAuth({{u"token"_s, session}});
        QSignalSpy loggedOutRefused(&loggedOut, &SocketIoClient::connectError);
        loggedOut.open(base());
        QVERIFY(loggedOutRefused.wait(WaitMs));
        QCOMPARE(loggedOutRefused.at(0).at(0).toJsonObject().value(u"data"_s).toObject().value(u"code"_s).toString(), u"unauthorized"_s);

        // Without credentials the socket connects but may not send.
        SocketIoClient anonymous;
        QVERIFY(openAndWait(anonymous));
        const QJsonObject ack = send(anonymous, u"1"_s, u"hello"_s);
        QCOMPARE(ack.value(u"ok"_s).toBool(true), false);
        QCOMPARE(errorCode(ack), u"unauthorized"_s);
    }

    // A frame or message above maxPayload closes that socket; banterd keeps serving.
    void oversizedFrameClosesSocketOnly()
    {
        for (const int frameSize : {0, 16 * 1024}) { // one 128 KiB frame; then 128 KiB in 16 KiB frames
            QWebSocket ws;
            QList<QString> frames;
            connect(&ws, &QWebSocket::textMessageReceived, &ws, [&frames](const QString &f) { frames << f; });
            QSignalSpy closed(&ws, &QWebSocket::disconnected);
            if (frameSize > 0)
                ws.setOutgoingFrameSize(quint64(frameSize));
            ws.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/socket.io/?EIO=4&transport=websocket").arg(m_banterd->port())));
            QTRY_VERIFY_WITH_TIMEOUT(!frames.isEmpty(), WaitMs);
            QVERIFY2(frames.first().startsWith(u"0{"_s), qPrintable(frames.first()));
            const qint64 maxPayload = QJsonDocument::fromJson(frames.first().mid(1).toUtf8()).object().value(u"maxPayload"_s).toInteger();
            QCOMPARE(maxPayload, 64 * 1024);
            ws.sendTextMessage(u"40"_s + compact({{u"token"_s, m_alice.token}}));
            QTRY_VERIFY_WITH_TIMEOUT(frames.size() >= 2, WaitMs);
            QVERIFY2(frames.at(1).startsWith(u"40{"_s), qPrintable(frames.at(1)));
            const QString big = u"42[\"message:send\",{\"conversationId\":\"1\",\"clientMessageId\":\"big\",\"content\":\""_s +
                                QString(128 * 1024, u'x') + u"\"}]"_s;
            ws.sendTextMessage(big);
            QVERIFY2(closed.wait(WaitMs), "banterd kept a socket that sent 128 KiB");
            qInfo() << "closed with" << ws.closeCode() << ws.closeReason();
            QVERIFY2(ws.closeCode() == QWebSocketProtocol::CloseCodeTooMuchData ||
                         ws.closeCode() == QWebSocketProtocol::CloseCodePolicyViolated,
                     qPrintable(QStringLiteral("close code %1").arg(int(ws.closeCode()))));
            QCOMPARE(m_banterd->process().state(), QProcess::Running);
        }
        HttpClient http(base());
        QCOMPARE(http.get(u"/readyz"_s).status, 200);
        auto after = connectedClient(m_alice);
        QVERIFY(after);
        QVERIFY(request(*after, u"sync"_s, QJsonObject{{u"since"_s, QJsonObject{}}}).value(u"ok"_s).toBool());
        // SocketIoClient itself refuses to send a packet above the announced maxPayload.
        const QJsonObject tooBig = send(*after, u"1"_s, QString(70 * 1024, u'y'));
        QCOMPARE(errorCode(tooBig), u"payload_too_large"_s);
        QVERIFY(after->isConnected());
    }

    // Client pings share the socket's event budget: a ping flood is closed (1008) like an event flood, while the
    // server's own heartbeats (answered with pongs) cost nothing, even well above the event rate.
    void pingFloodClosedHeartbeatsUnaffected()
    {
        BanterdProcess strict;
        QVERIFY2(strict.start(m_pg.createDatabase(), {u"--socket-event-rate"_s, u"1"_s, u"--ping-interval-ms"_s, u"100"_s,
                                                     u"--ping-timeout-ms"_s, u"5000"_s, u"--argon2-memory-kib"_s, u"1024"_s,
                                                     u"--argon2-iterations"_s, u"1"_s}),
                 qPrintable(strict.output()));
        HttpClient http(strict.baseUrl());
        const HttpReply reg = http.post(u"/api/auth/register"_s, {{u"username"_s, u"pinger"_s}, {u"password"_s, u"correct horse"_s}});
        QCOMPARE(reg.status, 201);

        // Heartbeats: a server ping every tick (250 ms) for 3 s, each answered, at an event rate of 1/s with a
        // burst of 2. Were pongs counted, no event would get through after this.
        SocketIoClient client;
        client.setAuth({{u"token"_s, reg.json.value(u"token"_s).toString()}});
        QSignalSpy connected(&client, &SocketIoClient::connected);
        client.open(strict.baseUrl());
        QVERIFY(connected.wait(WaitMs));
        QTest::qWait(3000);
        QVERIFY(client.isConnected());
        const QJsonObject synced = request(client, u"sync"_s, QJsonObject{{u"since"_s, QJsonObject{}}});
        QVERIFY2(synced.value(u"ok"_s).toBool(), qPrintable(compact(synced)));

        // A flood of client pings: about the burst is answered, then the socket is closed.
        QWebSocket ws;
        int pongs = 0;
        bool opened = false;
        connect(&ws, &QWebSocket::textMessageReceived, &ws, [&](const QString &frame) {
            opened = opened || frame.startsWith(u"0{"_s);
            pongs += frame == u"3"_s ? 1 : 0;
        });
        QSignalSpy closed(&ws, &QWebSocket::disconnected);
        ws.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/socket.io/?EIO=4&transport=websocket").arg(strict.port())));
        QTRY_VERIFY_WITH_TIMEOUT(opened, WaitMs);
        for (int i = 0; i < 3000; ++i)
            ws.sendTextMessage(u"2"_s);
        QVERIFY2(closed.wait(WaitMs), "a flood of 3000 pings was not closed");
        QCOMPARE(ws.closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
        QVERIFY2(pongs < 100, qPrintable(QStringLiteral("%1 of 3000 flooded pings answered").arg(pongs)));
        QVERIFY(client.isConnected()); // the other socket carries on
        QCOMPARE(strict.terminate(), 0);
    }

    // 2. No plaintext at rest; a sealed row moved to another conversation or seq reads as unreadable.
    void contentIsSealedAndBoundToItsPlace()
    {
        const QString direct = createConversation(m_alice, u"direct"_s, {m_bob});
        const QString other = createConversation(m_alice, u"group"_s, {m_bob}, u"other"_s);
        QVERIFY(!direct.isEmpty() && !other.isEmpty());
        auto alice = connectedClient(m_alice);
        auto bob = connectedClient(m_bob);
        QVERIFY(alice && bob);
        EventRecorder bobReceived(bob.get(), u"message:received"_s);

        const QString marker = u"BanterPlaintextMarker-"_s + QUuid::createUuid().toString(QUuid::Id128);
        QStringList contents{marker + u"-one"_s, marker + u"-two"_s, marker + u"-three"_s, u"same words"_s, u"same words"_s};
        QStringList ids;
        for (const QString &content : contents) {
            const QJsonObject ack = send(*alice, direct, content);
            QVERIFY2(ack.value(u"ok"_s).toBool(), qPrintable(compact(ack)));
            QCOMPARE(ack.value(u"message"_s).toObject().value(u"content"_s).toString(), content);
            ids << ack.value(u"message"_s).toObject().value(u"id"_s).toString();
        }
        QTRY_COMPARE_WITH_TIMEOUT(bobReceived.payloads.size(), contents.size(), WaitMs);
        for (int i = 0; i < contents.size(); ++i)
            QCOMPARE(bobReceived.payloads.at(i).value(u"message"_s).toObject().value(u"content"_s).toString(), contents.at(i));

        const QByteArray plain = marker.toUtf8();
        const QList<QVariantList> stored = rows(
            u"SELECT id, key_id, octet_length(nonce), encode(nonce, 'hex'), encode(ciphertext, 'hex'), messages::text "
            "FROM messages WHERE conversation_id = %1 ORDER BY seq"_s.arg(direct));
        QCOMPARE(stored.size(), contents.size());
        QSet<QString> nonces;
        QSet<QByteArray> ciphertexts;
        for (int i = 0; i < stored.size(); ++i) {
            const QVariantList &row = stored.at(i);
            QCOMPARE(row.at(0).toString(), ids.at(i));
            QVERIFY(!row.at(1).toString().isEmpty());
            QCOMPARE(row.at(2).toInt(), 12);
            nonces.insert(row.at(3).toString());
            const QByteArray ciphertext = QByteArray::fromHex(row.at(4).toByteArray());
            ciphertexts.insert(ciphertext);
            QVERIFY(ciphertext.size() >= contents.at(i).toUtf8().size() + 16); // + the GCM tag
            QVERIFY(!ciphertext.contains(contents.at(i).toUtf8()));
            QVERIFY(!ciphertext.contains(plain));
            QVERIFY(!ciphertext.contains("same words"));
            const QString text = row.at(5).toString(); // the row as pg_dump would write it
            QVERIFY2(!text.contains(marker) && !text.contains(QString::fromLatin1(plain.toHex())) &&
                         !text.contains(QString::fromLatin1(plain.toBase64())) && !text.contains(u"same words"_s),
                     qPrintable(text));
        }
        QCOMPARE(nonces.size(), stored.size());      // a fresh nonce per row
        QCOMPARE(ciphertexts.size(), stored.size()); // equal content does not mean equal ciphertext
        // Nowhere else in the database either (a preview column, a search table...).
        const auto tables = rows(u"SELECT tablename FROM pg_tables WHERE schemaname = 'public'"_s);
        QVERIFY(tables.size() >= 4);
        for (const QVariantList &t : tables) {
            const QVariant hits = scalar(u"SELECT count(*) FROM \"%1\" x WHERE strpos(x::text, '%2') > 0 OR strpos(x::text, '%3') > 0 "
                                         "OR strpos(x::text, 'same words') > 0"_s
                                             .arg(t.first().toString(), marker, QString::fromLatin1(plain.toHex())));
            QVERIFY2(hits.isValid() && hits.toInt() == 0, qPrintable(t.first().toString()));
        }

        // Tamper: copy row one into the other conversation; move row two to another seq.
        QVERIFY(execSql(u"INSERT INTO messages (conversation_id, seq, sender_id, client_message_id, key_id, nonce, ciphertext, created_at) "
                        "SELECT %1, 1, sender_id, client_message_id, key_id, nonce, ciphertext, created_at FROM messages WHERE id = %2"_s
                            .arg(other, ids.at(0))));
        QVERIFY(execSql(u"UPDATE conversations SET last_seq = 1 WHERE id = %1"_s.arg(other)));
        QVERIFY(execSql(u"UPDATE messages SET seq = 42 WHERE id = %1"_s.arg(ids.at(1))));

        const QList<QJsonObject> directHistory = history(m_bob, direct);
        QCOMPARE(directHistory.size(), contents.size());
        QMap<qint64, QJsonObject> bySeq;
        for (const QJsonObject &m : directHistory)
            bySeq.insert(m.value(u"seq"_s).toInteger(), m);
        QCOMPARE(bySeq.keys(), (QList<qint64>{1, 3, 4, 5, 42}));
        for (const qint64 seq : {1, 3, 4, 5}) {
            const QJsonObject m = bySeq.value(seq);
            QCOMPARE(m.value(u"content"_s).toString(), contents.at(int(seq - 1)));
            QVERIFY(!m.value(u"unreadable"_s).toBool());
        }
        const QJsonObject moved = bySeq.value(42);
        QCOMPARE(moved.value(u"id"_s).toString(), ids.at(1));
        QVERIFY2(moved.value(u"content"_s).isNull(), qPrintable(compact(moved)));
        QCOMPARE(moved.value(u"unreadable"_s).toBool(), true);

        const QList<QJsonObject> copied = history(m_alice, other);
        QCOMPARE(copied.size(), 1);
        QVERIFY2(copied.first().value(u"content"_s).isNull(), qPrintable(compact(copied.first())));
        QCOMPARE(copied.first().value(u"unreadable"_s).toBool(), true);
        // The socket path says the same.
        const QJsonObject synced = request(*alice, u"sync"_s, QJsonObject{{u"since"_s, QJsonObject{{other, 0}}}});
        QVERIFY2(synced.value(u"ok"_s).toBool(), qPrintable(compact(synced)));
        const QJsonArray syncedMessages = synced.value(u"messages"_s).toArray();
        QCOMPARE(syncedMessages.size(), 1);
        QVERIFY(syncedMessages.at(0).toObject().value(u"content"_s).isNull());
        QCOMPARE(syncedMessages.at(0).toObject().value(u"unreadable"_s).toBool(), true);
    }

    // Edits and deletes (issue #10): every version stays sealed, and a deletion erases the text everywhere it
    // was — the message row, its earlier versions and the edit events of the log — while the log keeps its order.
    void editsAndDeletesLeaveNoPlaintext()
    {
        const QString conversation = createConversation(m_alice, u"group"_s, {m_bob}, u"edits at rest"_s);
        auto alice = connectedClient(m_alice);
        QVERIFY(alice);
        const QString first = u"first-version-zx81"_s, second = u"second-version-c64"_s, third = u"third-version-a500"_s;
        const QJsonObject sent = send(*alice, conversation, first);
        QVERIFY2(sent.value(u"ok"_s).toBool(), qPrintable(compact(sent)));
        const QString id = sent.value(u"message"_s).toObject().value(u"id"_s).toString();
        for (const QString &content : {second, third}) {
            const QJsonObject edited = request(*alice, u"message:edit"_s, QJsonObject{{u"messageId"_s, id}, {u"content"_s, content}});
            QVERIFY2(edited.value(u"ok"_s).toBool(), qPrintable(compact(edited)));
            QCOMPARE(edited.value(u"message"_s).toObject().value(u"content"_s).toString(), content);
        }
        QCOMPARE(scalar(u"SELECT count(*) FROM message_versions WHERE message_id = %1"_s.arg(id)).toInt(), 2);
        QCOMPARE(scalar(u"SELECT count(*) FROM conversation_events WHERE message_id = %1 AND ciphertext IS NOT NULL"_s.arg(id)).toInt(), 2);
        auto noPlaintextAnywhere = [&](const QStringList &words) {
            const auto tables = rows(u"SELECT tablename FROM pg_tables WHERE schemaname = 'public'"_s);
            for (const QVariantList &t : tables)
                for (const QString &w : words) {
                    const QVariant hits = scalar(u"SELECT count(*) FROM \"%1\" x WHERE strpos(x::text, '%2') > 0 OR strpos(x::text, '%3') > 0"_s
                                                     .arg(t.first().toString(), w, QString::fromLatin1(w.toUtf8().toHex())));
                    if (!hits.isValid() || hits.toInt() != 0)
                        return t.first().toString() + u": "_s + w;
                }
            return QString();
        };
        QCOMPARE(noPlaintextAnywhere({first, second, third}), QString());
        // The log replays the edits with their text.
        const QJsonObject synced = request(*alice, u"sync"_s, QJsonObject{{u"since"_s, QJsonObject{{conversation, 0}}}});
        QStringList replayed;
        for (const QJsonValue &e : synced.value(u"events"_s).toArray())
            if (e.toObject().value(u"type"_s).toString() == u"message.edited"_s)
                replayed << e.toObject().value(u"content"_s).toString();
        QCOMPARE(replayed, (QStringList{second, third}));

        const QJsonObject deleted = request(*alice, u"message:delete"_s, QJsonObject{{u"messageId"_s, id}});
        QVERIFY2(deleted.value(u"ok"_s).toBool(), qPrintable(compact(deleted)));
        QCOMPARE(scalar(u"SELECT count(*) FROM message_versions WHERE message_id = %1"_s.arg(id)).toInt(), 0);
        QCOMPARE(scalar(u"SELECT octet_length(ciphertext) FROM messages WHERE id = %1"_s.arg(id)).toInt(), 0);
        QCOMPARE(scalar(u"SELECT count(*) FROM conversation_events WHERE message_id = %1 AND ciphertext IS NOT NULL"_s.arg(id)).toInt(), 0);
        const QJsonObject after = request(*alice, u"sync"_s, QJsonObject{{u"since"_s, QJsonObject{{conversation, 0}}}});
        const QJsonArray events = after.value(u"events"_s).toArray();
        QCOMPARE(events.size(), 4); // message, two edits, the deletion: the order stays, the text is gone
        for (int i = 0; i < events.size(); ++i)
            QCOMPARE(events.at(i).toObject().value(u"seq"_s).toInteger(), i + 1);
        QVERIFY(events.at(1).toObject().value(u"content"_s).isNull());
        QCOMPARE(events.at(3).toObject().value(u"type"_s).toString(), u"message.deleted"_s);
        QCOMPARE(events.at(3).toObject().value(u"by"_s).toString(), u"author"_s);
        QVERIFY(!compact(after).contains(u"version"_s));
    }

    // 3. After --rotate-keys and a restart, old rows still open and new rows use the new key.
    void keyRotationKeepsOldMessagesReadable()
    {
        const QString conversation = createConversation(m_alice, u"group"_s, {m_bob}, u"rotation"_s);
        QStringList contents{u"before rotation one"_s, u"before rotation two"_s};
        {
            auto alice = connectedClient(m_alice);
            QVERIFY(alice);
            for (const QString &content : contents)
                QVERIFY(send(*alice, conversation, content).value(u"ok"_s).toBool());
        }
        const QString oldKey = scalar(u"SELECT key_id FROM messages WHERE conversation_id = %1 AND seq = 1"_s.arg(conversation)).toString();
        QVERIFY(!oldKey.isEmpty());
        const QString keyFile = m_dataDir.path() + u"/keys.json"_s;
        QVERIFY(QFile::exists(keyFile));
        const QByteArray keysBefore = [&] { QFile f(keyFile); return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray(); }();

        QCOMPARE(stopServer(), 0);
        QProcess rotate;
        rotate.setProcessChannelMode(QProcess::MergedChannels);
        rotate.start(QStringLiteral(BANTERD_PATH), {u"--rotate-keys"_s, u"--database-url"_s, m_db.toString(), u"--data-dir"_s, m_dataDir.path()});
        QVERIFY(rotate.waitForFinished(30000));
        const QString rotateOutput = QString::fromUtf8(rotate.readAll());
        QVERIFY2(rotate.exitStatus() == QProcess::NormalExit && rotate.exitCode() == 0, qPrintable(rotateOutput));
        QVERIFY2(rotateOutput.contains(u"data key"_s), qPrintable(rotateOutput));
        const QByteArray keysAfter = [&] { QFile f(keyFile); return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray(); }();
        QVERIFY(keysAfter.size() > keysBefore.size());

        QVERIFY2(startServer(), qPrintable(serverLog()));
        // Old rows (also the ones from the test above) open; the tokens issued before still work.
        const QList<QJsonObject> before = history(m_bob, conversation);
        QCOMPARE(before.size(), 2);
        for (int i = 0; i < 2; ++i) {
            QCOMPARE(before.at(i).value(u"content"_s).toString(), contents.at(i));
            QVERIFY(!before.at(i).value(u"unreadable"_s).toBool());
        }
        auto alice = connectedClient(m_alice);
        QVERIFY(alice);
        const QJsonObject ack = send(*alice, conversation, u"after rotation"_s);
        QVERIFY2(ack.value(u"ok"_s).toBool(), qPrintable(compact(ack)));
        QCOMPARE(ack.value(u"message"_s).toObject().value(u"seq"_s).toInteger(), 3);
        const QString newKey = scalar(u"SELECT key_id FROM messages WHERE conversation_id = %1 AND seq = 3"_s.arg(conversation)).toString();
        QVERIFY(!newKey.isEmpty());
        QVERIFY2(newKey != oldKey, qPrintable(newKey));
        QCOMPARE(scalar(u"SELECT key_id FROM messages WHERE conversation_id = %1 AND seq = 1"_s.arg(conversation)).toString(), oldKey);
        const QList<QJsonObject> all = history(m_bob, conversation);
        QCOMPARE(all.size(), 3);
        QCOMPARE(all.at(0).value(u"content"_s).toString(), contents.at(0));
        QCOMPARE(all.at(2).value(u"content"_s).toString(), u"after rotation"_s);
        // A retry of an old-key message still dedupes (the stored row is opened to compare content).
        const QString firstClientId = scalar(u"SELECT client_message_id FROM messages WHERE conversation_id = %1 AND seq = 1"_s.arg(conversation)).toString();
        const QJsonObject retry = send(*alice, conversation, contents.at(0), firstClientId);
        QVERIFY2(retry.value(u"ok"_s).toBool(), qPrintable(compact(retry)));
        QCOMPARE(retry.value(u"message"_s).toObject().value(u"seq"_s).toInteger(), 1);
        QCOMPARE(retry.value(u"message"_s).toObject().value(u"id"_s).toString(), before.at(0).value(u"id"_s).toString());
        QCOMPARE(errorCode(send(*alice, conversation, u"different"_s, firstClientId)), u"conflict"_s);
    }

    // 4. Twenty members send at once: every ack ok, seqs 1..N gapless and unique, every other member's
    //    message delivered to each member exactly once.
    // The same over HTTP long-polling (our client's PollingChannel), and with half the senders on each transport.
    void concurrentSendersGetGaplessSeqsAndExactlyOnceDelivery_data()
    {
        QTest::addColumn<int>("pollingEvery"); // every n-th sender polls; 0: none
        QTest::newRow("websocket") << 0;
        QTest::newRow("polling") << 1;
        QTest::newRow("mixed") << 2;
    }
    void concurrentSendersGetGaplessSeqsAndExactlyOnceDelivery()
    {
        QFETCH(int, pollingEvery);
        constexpr int Senders = 20;
        constexpr int PerSender = 10;
        constexpr int Total = Senders * PerSender;
        QList<User> users;
        for (int i = 0; i < Senders; ++i)
            users << registerUser(QStringLiteral("sender%1_%2").arg(i).arg(pollingEvery));
        const QString group = createConversation(users.first(), u"group"_s, users.mid(1), u"crowd"_s);
        QVERIFY(!group.isEmpty());

        std::vector<QList<QJsonObject>> received(Senders);
        std::map<QString, QJsonObject> acks; // clientMessageId -> ack
        std::vector<std::unique_ptr<SocketIoClient>> clients;
        for (int i = 0; i < Senders; ++i) {
            const bool polling = pollingEvery > 0 && i % pollingEvery == 0;
            clients.push_back(client(users.at(i), polling ? SocketIoClient::Transport::Polling : SocketIoClient::Transport::WebSocket));
            connect(clients.back().get(), &SocketIoClient::event, this, [&received, i](const QString &name, const QJsonArray &args) {
                if (name == u"message:received"_s)
                    received[std::size_t(i)] << args.at(0).toObject().value(u"message"_s).toObject();
            });
        }
        for (auto &c : clients)
            c->open(base());
        QTRY_VERIFY_WITH_TIMEOUT(std::all_of(clients.begin(), clients.end(), [](const auto &c) { return c->isConnected(); }), WaitMs);

        // Everything is written to the 20 sockets before any answer is read.
        for (int k = 0; k < PerSender; ++k) {
            for (int i = 0; i < Senders; ++i) {
                const QString id = QStringLiteral("c-%1-%2").arg(i).arg(k);
                clients[std::size_t(i)]->emitWithAck(u"message:send"_s, sendPayload(group, QStringLiteral("from %1 #%2").arg(i).arg(k), id),
                                                     [&acks, id](const QJsonValue &v) { acks[id] = v.toObject(); }, 30000);
            }
        }
        QTRY_COMPARE_WITH_TIMEOUT(int(acks.size()), Total, 40000);

        std::map<qint64, QString> seqToId;
        QHash<QString, QJsonObject> byId; // message id -> message
        for (int i = 0; i < Senders; ++i) {
            for (int k = 0; k < PerSender; ++k) {
                const QJsonObject ack = acks[QStringLiteral("c-%1-%2").arg(i).arg(k)];
                QVERIFY2(ack.value(u"ok"_s).toBool(), qPrintable(compact(ack)));
                const QJsonObject m = ack.value(u"message"_s).toObject();
                QCOMPARE(m.value(u"conversationId"_s).toString(), group);
                QCOMPARE(m.value(u"senderId"_s).toString(), users.at(i).id);
                QCOMPARE(m.value(u"content"_s).toString(), QStringLiteral("from %1 #%2").arg(i).arg(k));
                QCOMPARE(m.value(u"clientMessageId"_s).toString(), QStringLiteral("c-%1-%2").arg(i).arg(k));
                const qint64 seq = m.value(u"seq"_s).toInteger();
                QVERIFY2(seqToId.emplace(seq, m.value(u"id"_s).toString()).second, qPrintable(QStringLiteral("seq %1 acked twice").arg(seq)));
                byId.insert(m.value(u"id"_s).toString(), m);
            }
        }
        QCOMPARE(seqToId.begin()->first, 1);
        QCOMPARE(seqToId.rbegin()->first, Total); // Total distinct seqs from 1 to Total: gapless

        const auto stored = rows(u"SELECT seq, id, client_message_id FROM messages WHERE conversation_id = %1 ORDER BY seq"_s.arg(group));
        QCOMPARE(stored.size(), Total);
        for (int s = 0; s < Total; ++s) {
            QCOMPARE(stored.at(s).at(0).toLongLong(), s + 1);
            QCOMPARE(stored.at(s).at(1).toString(), seqToId[s + 1]);
        }
        QCOMPARE(scalar(u"SELECT last_seq FROM conversations WHERE id = %1"_s.arg(group)).toLongLong(), Total);

        constexpr int Expected = Total - PerSender;
        QTRY_VERIFY_WITH_TIMEOUT(std::all_of(received.begin(), received.end(), [](const auto &r) { return r.size() >= Expected; }), WaitMs);
        QTest::qWait(500); // a duplicate would arrive right behind
        for (int i = 0; i < Senders; ++i) {
            const QList<QJsonObject> &got = received[std::size_t(i)];
            QCOMPARE(got.size(), Expected);
            QSet<QString> seen;
            for (const QJsonObject &m : got) {
                const QString id = m.value(u"id"_s).toString();
                QVERIFY2(!seen.contains(id), qPrintable(QStringLiteral("member %1 got message %2 twice").arg(i).arg(id)));
                seen.insert(id);
                QVERIFY2(m.value(u"senderId"_s).toString() != users.at(i).id, "the sending socket got its own message back");
                QVERIFY(byId.contains(id));
                QCOMPARE(m, byId.value(id));
            }
        }
    }

    // 5. Presence counts devices: one user:online for the first, user:offline {lastSeen} only after the last.
    // Search over a long history in two conversations: each word prefix's postings are read newest first per
    // conversation (search/find), and a page is the newest matches of all of them, exact across a cursor, for a
    // common word, a sparse one, a rare one and several words at once.
    void searchOverLongHistoriesFindsEveryMatchNewestFirst()
    {
        const QString first = createConversation(m_alice, u"group"_s, {m_bob}, u"long history"_s);
        const QString second = createConversation(m_alice, u"group"_s, {m_bob}, u"short history"_s);
        auto alice = connectedClient(m_alice);
        QVERIFY(alice);
        constexpr int Count = 1500;
        struct Sent
        {
            QString id;
            QString content;
        };
        QList<Sent> sent(Count);
        int acked = 0;
        QStringList failures;
        for (int i = 0; i < Count; ++i) {
            // Every 7th message in the second conversation; "sparse" in every 300th; "needle" only in the first.
            const QString conversation = i % 7 == 3 ? second : first;
            const QString content = i == 0 ? u"needle in a sparse haystack"_s
                                    : i % 300 == 0 ? QStringLiteral("filler %1 sparse").arg(i)
                                                   : QStringLiteral("filler %1").arg(i);
            sent[i].content = content;
            alice->emitWithAck(u"message:send"_s, sendPayload(conversation, content, QStringLiteral("long-%1").arg(i)),
                               [&, i](const QJsonValue &v) {
                                   ++acked;
                                   if (!v.toObject().value(u"ok"_s).toBool())
                                       failures << compact(v.toObject());
                                   sent[i].id = v.toObject().value(u"message"_s).toObject().value(u"id"_s).toString();
                               }, 60000);
        }
        QTRY_COMPARE_WITH_TIMEOUT(acked, Count, 60000);
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join(u'\n')));
        // Newest first means by id (the acks tell them).
        std::sort(sent.begin(), sent.end(), [](const Sent &a, const Sent &b) { return a.id.toLongLong() > b.id.toLongLong(); });

        HttpClient http(base());
        http.setToken(m_bob.token);
        auto search = [&](const QString &query) {
            const HttpReply r = http.get(u"/api/messages/search?"_s + query);
            QStringList found;
            if (r.status != 200)
                found << u"HTTP %1: %2"_s.arg(r.status).arg(QString::fromUtf8(r.body));
            for (const QJsonValue &v : r.json.value(u"results"_s).toArray())
                found << v.toObject().value(u"message"_s).toObject().value(u"id"_s).toString();
            return found;
        };
        auto expected = [&](const std::function<bool(const QString &)> &matches, int limit, qint64 below = 0) {
            QStringList ids;
            for (const Sent &m : std::as_const(sent))
                if (ids.size() < limit && matches(m.content) && (below == 0 || m.id.toLongLong() < below))
                    ids << m.id;
            return ids;
        };
        // The indexer goes in id order: once the newest message is found, every one is.
        QTRY_VERIFY_WITH_TIMEOUT(search(u"q=filler&limit=1"_s) == QStringList{sent.first().id}, 90000);

        auto has = [](const QString &word) { return [word](const QString &c) { return c.split(u' ').contains(word); }; };
        QCOMPARE(search(u"q=filler&limit=50"_s), expected(has(u"filler"_s), 50));
        QCOMPARE(search(u"q=fill&limit=50&conversationId="_s + second).size(), 50);
        QCOMPARE(search(u"q=needle"_s), expected(has(u"needle"_s), 50));
        QCOMPARE(search(u"q=sparse"_s), expected(has(u"sparse"_s), 50));
        QCOMPARE(search(u"q=sparse%20needle"_s).size(), 1);
        QCOMPARE(search(u"q=filler%20sparse&limit=3"_s), expected([](const QString &c) { return c.contains(u"filler"_s) && c.contains(u"sparse"_s); }, 3));
        // A cursor deep in the history: exactly the matches below it.
        const qint64 cursor = sent[Count - 40].id.toLongLong();
        QCOMPARE(search(u"q=filler&limit=50&cursor=%1"_s.arg(cursor)), expected(has(u"filler"_s), 50, cursor));
        QCOMPARE(search(u"q=nowhere"_s), QStringList{});
    }

    // Over polling too: a device that closes says so (Socket.IO DISCONNECT in a last POST), so it goes offline
    // at once rather than after the ping timeout (45 s at the defaults, past WaitMs).
    void presenceCountsDevices_data()
    {
        QTest::addColumn<bool>("polling");
        QTest::newRow("websocket") << false;
        QTest::newRow("polling") << true;
    }

    void presenceCountsDevices()
    {
        QFETCH(bool, polling);
        const auto transport = polling ? SocketIoClient::Transport::Polling : SocketIoClient::Transport::WebSocket;
        const QString tag = polling ? u"p"_s : u"w"_s;
        const User a = registerUser(u"presence_a"_s + tag);
        const User b = registerUser(u"presence_b"_s + tag);
        const User stranger = registerUser(u"presence_stranger"_s + tag);
        QVERIFY(!createConversation(b, u"direct"_s, {a}).isEmpty());

        auto bClient = connectedClient(b);
        auto strangerClient = connectedClient(stranger);
        QVERIFY(bClient && strangerClient);
        QList<QJsonObject> online, offline, strangerSaw;
        connect(bClient.get(), &SocketIoClient::event, this, [&](const QString &name, const QJsonArray &args) {
            const QJsonObject p = args.at(0).toObject();
            if (p.value(u"userId"_s).toString() != a.id)
                return;
            if (name == u"user:online"_s)
                online << p;
            else if (name == u"user:offline"_s)
                offline << p;
        });
        connect(strangerClient.get(), &SocketIoClient::event, this, [&](const QString &name, const QJsonArray &args) {
            if (name.startsWith(u"user:"_s) && args.at(0).toObject().value(u"userId"_s).toString() == a.id)
                strangerSaw << args.at(0).toObject();
        });

        auto phoneSocket = client(a, transport), laptopSocket = client(a, transport);
        ChatClient phone(phoneSocket.get()), laptop(laptopSocket.get());
        QVERIFY(openAndWait(*phoneSocket));
        QTRY_COMPARE_WITH_TIMEOUT(online.size(), 1, WaitMs);
        QVERIFY(openAndWait(*laptopSocket));
        QTest::qWait(1000);
        QCOMPARE(online.size(), 1);
        QCOMPARE(offline.size(), 0);

        phoneSocket->close();
        QTest::qWait(1000);
        QCOMPARE(offline.size(), 0);
        QCOMPARE(online.size(), 1);

        const QDateTime beforeLast = QDateTime::currentDateTimeUtc();
        laptopSocket->close();
        QTRY_COMPARE_WITH_TIMEOUT(offline.size(), 1, WaitMs);
        const QDateTime lastSeen = QDateTime::fromString(offline.first().value(u"lastSeen"_s).toString(), Qt::ISODateWithMs);
        QVERIFY2(lastSeen.isValid(), qPrintable(compact(offline.first())));
        QVERIFY(lastSeen >= beforeLast.addSecs(-5) && lastSeen <= QDateTime::currentDateTimeUtc().addSecs(5));
        const auto stored = rows(u"SELECT last_seen IS NOT NULL, (extract(epoch FROM last_seen) * 1000)::bigint FROM users WHERE id = %1"_s.arg(a.id));
        QCOMPARE(stored.size(), 1);
        QVERIFY2(stored.first().at(0).toBool(), "users.last_seen was not stored");
        QVERIFY2(qAbs(stored.first().at(1).toLongLong() - lastSeen.toMSecsSinceEpoch()) <= 1,
                 qPrintable(QStringLiteral("db %1 vs event %2").arg(stored.first().at(1).toLongLong()).arg(lastSeen.toMSecsSinceEpoch())));

        // Coming back is a new online.
        QVERIFY(openAndWait(*phoneSocket));
        QTRY_COMPARE_WITH_TIMEOUT(online.size(), 2, WaitMs);
        QTest::qWait(300);
        QCOMPARE(offline.size(), 1);
        QCOMPARE(strangerSaw.size(), 0); // no shared conversation: no presence
    }

    // 6. A device that was away catches up through sync pages: every missed message once, in seq order.
    void catchUpAfterReconnectPagesThroughSync()
    {
        const User reader = registerUser(u"reader"_s);
        const User writer = registerUser(u"writer"_s);
        const QString g1 = createConversation(writer, u"group"_s, {reader}, u"busy"_s);
        const QString g2 = createConversation(writer, u"group"_s, {reader}, u"quieter"_s);
        QVERIFY(!g1.isEmpty() && !g2.isEmpty());

        auto readerSocket = client(reader);
        ChatClient chat(readerSocket.get());
        chat.setPosition(g1, 0); // both conversations are known, with nothing seen yet
        chat.setPosition(g2, 0);
        QMap<QString, QList<qint64>> order; // conversation -> seqs in the order they were reported
        QHash<QString, QString> contentOf;  // conversation:seq -> content
        int received = 0;
        connect(&chat, &ChatClient::messageReceived, this, [&](const QJsonObject &m) {
            ++received;
            const QString cid = m.value(u"conversationId"_s).toString();
            order[cid] << m.value(u"seq"_s).toInteger();
            contentOf.insert(cid + u':' + QString::number(m.value(u"seq"_s).toInteger()), m.value(u"content"_s).toString());
        });
        QSignalSpy synced(&chat, &ChatClient::synced);
        QSignalSpy syncFailed(&chat, &ChatClient::syncFailed);
        readerSocket->open(base());
        QVERIFY(synced.wait(WaitMs));

        auto writerSocket = connectedClient(writer);
        QVERIFY(writerSocket);
        QHash<QString, QString> sent; // conversation:seq -> content
        int acked = 0;
        QStringList failures;
        auto burst = [&](const QString &cid, int count, const QString &tag) {
            for (int i = 0; i < count; ++i) {
                const QString content = QStringLiteral("%1 %2").arg(tag).arg(i);
                writerSocket->emitWithAck(u"message:send"_s, sendPayload(cid, content, tag + QString::number(i)), [&, cid, content](const QJsonValue &v) {
                    const QJsonObject ack = v.toObject();
                    ++acked;
                    if (!ack.value(u"ok"_s).toBool())
                        failures << compact(ack);
                    sent.insert(cid + u':' + QString::number(ack.value(u"message"_s).toObject().value(u"seq"_s).toInteger()), content);
                }, 30000);
            }
        };
        burst(g1, 5, u"live"_s);
        QTRY_COMPARE_WITH_TIMEOUT(received, 5, WaitMs);
        QTRY_COMPARE_WITH_TIMEOUT(acked, 5, WaitMs);
        QCOMPARE(chat.position(g1), 5);

        readerSocket->close();
        burst(g1, 300, u"away1-"_s);
        burst(g2, 150, u"away2-"_s);
        QTRY_COMPARE_WITH_TIMEOUT(acked, 455, 40000);
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join(u'\n')));
        QCOMPARE(received, 5);

        // The wire first: pages of at most 200, ascending per conversation, hasMore until the end.
        {
            auto probe = connectedClient(reader);
            QVERIFY(probe);
            QHash<QString, qint64> since{{g1, 5}, {g2, 0}};
            QSet<QString> seen;
            int pages = 0;
            for (bool more = true; more && pages < 10; ++pages) {
                const QJsonObject page = request(*probe, u"sync"_s,
                                                 QJsonObject{{u"since"_s, QJsonObject{{g1, since[g1]}, {g2, since[g2]}}}});
                QVERIFY2(page.value(u"ok"_s).toBool(), qPrintable(compact(page)));
                const QJsonArray messages = page.value(u"messages"_s).toArray();
                QVERIFY(messages.size() <= 200);
                more = page.value(u"hasMore"_s).toBool();
                if (more)
                    QVERIFY(!messages.isEmpty());
                for (const QJsonValue &v : messages) {
                    const QJsonObject m = v.toObject();
                    const QString cid = m.value(u"conversationId"_s).toString();
                    const qint64 seq = m.value(u"seq"_s).toInteger();
                    QCOMPARE(seq, since[cid] + 1); // ascending and gapless within each conversation
                    since[cid] = seq;
                    QVERIFY(!seen.contains(cid + u':' + QString::number(seq)));
                    seen.insert(cid + u':' + QString::number(seq));
                }
            }
            QVERIFY2(pages >= 3, qPrintable(QStringLiteral("450 messages came in %1 page(s)").arg(pages)));
            QCOMPARE(seen.size(), 450);
            QCOMPARE(since[g1], 305);
            QCOMPARE(since[g2], 150);
        }

        // Then the ChatClient: reconnect, sync round after round, every missed message once and in order.
        const int syncedBefore = int(synced.size());
        readerSocket->open(base());
        QTRY_COMPARE_WITH_TIMEOUT(received, 455, WaitMs);
        QTRY_COMPARE_WITH_TIMEOUT(int(synced.size()), syncedBefore + 1, WaitMs);
        QCOMPARE(syncFailed.size(), 0);
        QTest::qWait(500);
        QCOMPARE(received, 455);
        QList<qint64> expected1, expected2;
        for (qint64 s = 1; s <= 305; ++s)
            expected1 << s;
        for (qint64 s = 1; s <= 150; ++s)
            expected2 << s;
        QCOMPARE(order.value(g1), expected1);
        QCOMPARE(order.value(g2), expected2);
        QCOMPARE(contentOf, sent);
        QCOMPARE(chat.position(g1), 305);
        QCOMPARE(chat.position(g2), 150);

        // Live again after the catch-up.
        burst(g2, 10, u"back"_s);
        QTRY_COMPARE_WITH_TIMEOUT(received, 465, WaitMs);
        QTRY_COMPARE_WITH_TIMEOUT(acked, 465, WaitMs);
        QTest::qWait(300);
        QCOMPARE(received, 465);
        QCOMPARE(order.value(g2).mid(150), (QList<qint64>{151, 152, 153, 154, 155, 156, 157, 158, 159, 160}));
    }

    // 7. kill -9 in the middle of a burst; the client retries whatever was not acknowledged until it is.
    //    Acknowledged means stored: exactly once, same id and seq; seqs stay gapless.
    void killDuringBurstLosesNothingAcknowledged()
    {
        constexpr int Total = 300;
        constexpr int KillAfterAcks = 60;
        const User sender = registerUser(u"burst_sender"_s);
        const QString conversation = createConversation(sender, u"group"_s, {m_bob}, u"durable"_s);
        QVERIFY(!conversation.isEmpty());
        const quint16 port = m_banterd->port();

        auto socket = client(sender);
        socket->setReconnect(true, 200, 1000);
        QVERIFY(openAndWait(*socket));

        struct Send
        {
            QString content;
            QJsonObject message; // from the first ok ack
            bool ackedBeforeKill = false;
            int attempts = 0;
        };
        std::map<QString, Send> sends;
        int ackedCount = 0, retries = 0, ackedBeforeKill = 0, inFlightAtKill = 0;
        int next = 0; // sends emitted so far
        bool killed = false;
        QStringList problems;
        QObject scope; // retries scheduled on it die with this function
        std::function<void(const QString &)> emitSend = [&](const QString &id) {
            Send &s = sends[id];
            ++s.attempts;
            socket->emitWithAck(u"message:send"_s, sendPayload(conversation, s.content, id), [&, id](const QJsonValue &v) {
                const QJsonObject ack = v.toObject();
                Send &entry = sends[id];
                if (ack.value(u"ok"_s).toBool()) {
                    const QJsonObject m = ack.value(u"message"_s).toObject();
                    if (entry.message.isEmpty()) {
                        entry.message = m;
                        entry.ackedBeforeKill = !killed;
                        ackedBeforeKill += killed ? 0 : 1;
                        ++ackedCount;
                    } else if (m.value(u"id"_s) != entry.message.value(u"id"_s) || m.value(u"seq"_s) != entry.message.value(u"seq"_s)) {
                        problems << id + u": acked twice differently: "_s + compact(entry.message) + u" / "_s + compact(m);
                    }
                    if (!killed && ackedCount >= KillAfterAcks) {
                        killed = true;
                        inFlightAtKill = next - ackedCount;
                        m_banterd->process().kill(); // SIGKILL, with sends in flight
                    }
                    return;
                }
                const QString code = errorCode(ack);
                if (code == u"disconnected"_s || code == u"timeout"_s || code == u"unavailable"_s || code == u"rate_limited"_s) {
                    ++retries;
                    // Not from inside the callback: a transport-lost callback runs before the client has left the
                    // connected state, and a packet emitted then would go nowhere until its ack timed out.
                    QTimer::singleShot(100, &scope, [&emitSend, id] { emitSend(id); });
                } else {
                    problems << id + u": "_s + compact(ack);
                }
            }, 5000);
        };
        QStringList ids;
        for (int i = 0; i < Total; ++i) {
            const QString id = QStringLiteral("burst-%1").arg(i, 3, 10, QChar(u'0'));
            ids << id;
            sends[id].content = QStringLiteral("durable message %1").arg(i);
        }
        // A burst paced over the event loop: 10 sends every 2 ms.
        QTimer pacer;
        pacer.setInterval(2);
        connect(&pacer, &QTimer::timeout, this, [&] {
            for (int n = 0; n < 10 && next < Total; ++n)
                emitSend(ids.at(next++));
            if (next == Total)
                pacer.stop();
        });
        pacer.start();

        QTRY_VERIFY_WITH_TIMEOUT(killed, WaitMs);
        QVERIFY(m_banterd->process().state() == QProcess::NotRunning || m_banterd->process().waitForFinished(10000));
        QCOMPARE(m_banterd->process().exitStatus(), QProcess::CrashExit);
        serverLog();
        qInfo() << "killed after" << ackedBeforeKill << "acks with" << inFlightAtKill << "sends in flight," << Total - next << "still to come";
        QVERIFY2(inFlightAtKill > 0 || next < Total, "the burst was over before the kill");

        // Before anything restarts: every ack received so far came from the killed process, so its row is on disk.
        const auto committed = rows(u"SELECT client_message_id, id, seq FROM messages WHERE conversation_id = %1 ORDER BY seq"_s.arg(conversation));
        QHash<QString, std::pair<QString, qint64>> onDisk;
        for (int s = 0; s < committed.size(); ++s) {
            QCOMPARE(committed.at(s).at(2).toLongLong(), qint64(s + 1));
            onDisk.insert(committed.at(s).at(0).toString(), {committed.at(s).at(1).toString(), committed.at(s).at(2).toLongLong()});
        }
        int ackedSoFar = 0;
        for (const auto &[id, s] : sends) {
            if (s.message.isEmpty())
                continue;
            ++ackedSoFar;
            QVERIFY2(onDisk.contains(id), qPrintable(id + u" was acknowledged but is not stored"_s));
            QCOMPARE(onDisk.value(id).first, s.message.value(u"id"_s).toString());
            QCOMPARE(onDisk.value(id).second, s.message.value(u"seq"_s).toInteger());
        }
        qInfo() << committed.size() << "rows on disk at the kill," << ackedSoFar << "of them acknowledged";

        QVERIFY2(startServer(port), qPrintable(serverLog()));
        QTRY_COMPARE_WITH_TIMEOUT(ackedCount, Total, 45000);
        pacer.stop();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
        qInfo() << "retries:" << retries;

        const auto stored = rows(u"SELECT client_message_id, id, seq FROM messages WHERE conversation_id = %1 ORDER BY seq"_s.arg(conversation));
        QCOMPARE(stored.size(), Total);
        QSet<QString> storedIds;
        for (int s = 0; s < Total; ++s) {
            const QString id = stored.at(s).at(0).toString();
            QCOMPARE(stored.at(s).at(2).toLongLong(), s + 1); // gapless
            QVERIFY2(!storedIds.contains(id), qPrintable(id + u" stored twice"_s));
            storedIds.insert(id);
            QVERIFY2(sends.count(id) == 1, qPrintable(id));
            const Send &sent = sends[id];
            // Every ack, whether before the kill or after a retry, names the stored row.
            QCOMPARE(sent.message.value(u"id"_s).toString(), stored.at(s).at(1).toString());
            QCOMPARE(sent.message.value(u"seq"_s).toInteger(), stored.at(s).at(2).toLongLong());
            QCOMPARE(sent.message.value(u"content"_s).toString(), sent.content);
        }
        QCOMPARE(storedIds.size(), Total);
        int checkedBeforeKill = 0;
        for (const auto &[id, s] : sends)
            checkedBeforeKill += s.ackedBeforeKill && storedIds.contains(id) ? 1 : 0;
        QCOMPARE(checkedBeforeKill, ackedBeforeKill);
        QCOMPARE(scalar(u"SELECT last_seq FROM conversations WHERE id = %1"_s.arg(conversation)).toLongLong(), Total);
        const QList<QJsonObject> readBack = history(m_bob, conversation);
        QCOMPARE(readBack.size(), Total);
        for (const QJsonObject &m : readBack)
            QCOMPARE(m.value(u"content"_s).toString(), sends[m.value(u"clientMessageId"_s).toString()].content);
        // A client that lost every acknowledgement retries all 300 after the restart: each answer names the
        // row stored before (whether it was committed before the kill or after it), and nothing new is stored.
        std::map<QString, QJsonObject> again;
        for (const QString &id : std::as_const(ids))
            socket->emitWithAck(u"message:send"_s, sendPayload(conversation, sends[id].content, id),
                                [&again, id](const QJsonValue &v) { again[id] = v.toObject(); }, 15000);
        QTRY_COMPARE_WITH_TIMEOUT(int(again.size()), Total, WaitMs);
        for (const auto &[id, ack] : again) {
            QVERIFY2(ack.value(u"ok"_s).toBool(), qPrintable(id + u": "_s + compact(ack)));
            QCOMPARE(ack.value(u"message"_s).toObject().value(u"id"_s), sends[id].message.value(u"id"_s));
            QCOMPARE(ack.value(u"message"_s).toObject().value(u"seq"_s), sends[id].message.value(u"seq"_s));
        }
        QCOMPARE(scalar(u"SELECT count(*) FROM messages WHERE conversation_id = %1"_s.arg(conversation)).toInt(), Total);
        HttpClient http(base());
        QCOMPARE(http.get(u"/readyz"_s).status, 200);
    }
};

QTEST_GUILESS_MAIN(TestRealtime)
#include "tst_realtime.moc"
