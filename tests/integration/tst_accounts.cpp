// The accounts contract through real HTTP against a real banterd and PostgreSQL.
#include "crypto/CryptoService.h"
#include "crypto/KeyStore.h"
#include "crypto/TokenSigner.h"
#include "crypto/Totp.h"
#include "support/BanterdProcess.h"
#include "support/HttpClient.h"
#include "support/PgFixture.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTcpSocket>
#include <QTest>
#include <QUuid>
#include <QtCrypto>

using namespace Qt::StringLiterals;
using namespace Banter::Test;
using namespace Banter::Server;

class TestAccounts : public QObject
{
    Q_OBJECT
    PgFixture m_pg;
    QUrl m_db;
    BanterdProcess m_banterd;
    std::unique_ptr<HttpClient> m_http;

    static QString code(const HttpReply &r) { return r.json.value(u"error"_s).toObject().value(u"code"_s).toString(); }

    QJsonObject registerUser(const QString &name, const QString &password = u"correct horse"_s)
    {
        HttpClient http(m_banterd.baseUrl());
        HttpReply r = http.post(u"/api/auth/register"_s, {{u"username"_s, name}, {u"password"_s, password}});
        if (r.status != 201)
            qWarning() << "register failed" << r.status << r.body;
        return r.json;
    }
    HttpReply login(const QString &name, const QString &password, const QString &totp = {})
    {
        HttpClient http(m_banterd.baseUrl());
        QJsonObject body{{u"username"_s, name}, {u"password"_s, password}};
        if (!totp.isEmpty())
            body.insert(u"totp"_s, totp);
        return http.post(u"/api/auth/login"_s, body);
    }
    HttpReply getAs(const QString &token, const QString &path)
    {
        HttpClient http(m_banterd.baseUrl());
        http.setToken(token);
        return http.get(path);
    }

    // QNetworkAccessManager always sends a User-Agent; this request has none (as from curl -A '' or a bare client).
    HttpReply postWithoutUserAgent(const QString &path, const QJsonObject &body)
    {
        const QByteArray json = QJsonDocument(body).toJson(QJsonDocument::Compact);
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_banterd.port());
        HttpReply reply;
        if (!socket.waitForConnected(10000))
            return reply;
        socket.write("POST " + path.toUtf8() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                     "Content-Length: " + QByteArray::number(json.size()) + "\r\nConnection: close\r\n\r\n" + json);
        QByteArray raw;
        QElapsedTimer timer;
        timer.start();
        // Read until the whole body (Content-Length) is in or the server closes.
        while (timer.elapsed() < 20000) {
            if (socket.bytesAvailable() == 0 && !socket.waitForReadyRead(500) && socket.state() != QAbstractSocket::ConnectedState)
                break;
            raw += socket.readAll();
            const qsizetype end = raw.indexOf("\r\n\r\n");
            if (end < 0)
                continue;
            const QList<QByteArray> lines = raw.left(end).split('\n');
            qsizetype length = -1;
            for (const QByteArray &line : lines) {
                if (line.toLower().startsWith("content-length:"))
                    length = line.mid(15).trimmed().toLongLong();
            }
            if (length >= 0 && raw.size() - end - 4 >= length) {
                reply.status = lines.value(0).split(' ').value(1).toInt();
                reply.body = raw.mid(end + 4, length);
                reply.json = QJsonDocument::fromJson(reply.body).object();
                break;
            }
        }
        return reply;
    }
    HttpReply refresh(const QString &token)
    {
        return m_http->post(u"/api/auth/refresh-token"_s, {{u"refreshToken"_s, token}});
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_pg.available(), "the pg fixture is not running");
        m_db = m_pg.createDatabase();
        QVERIFY2(m_banterd.start(m_db, {u"--auth-rate-limit"_s, u"1000"_s, u"--login-rate-limit"_s, u"1000"_s,
                                        u"--argon2-memory-kib"_s, u"19456"_s}),
                 qPrintable(m_banterd.output()));
        m_http = std::make_unique<HttpClient>(m_banterd.baseUrl());
    }
    void cleanupTestCase() { QCOMPARE(m_banterd.terminate(), 0); }

    void registerShapesAndErrors()
    {
        HttpReply r = m_http->post(u"/api/auth/register"_s,
                                   {{u"username"_s, u"Alice"_s}, {u"password"_s, u"correct horse"_s}, {u"displayName"_s, u"Alice A."_s}});
        QCOMPARE(r.status, 201);
        const QJsonObject user = r.json.value(u"user"_s).toObject();
        QVERIFY(user.value(u"id"_s).isString());
        QCOMPARE(user.value(u"username"_s).toString(), u"Alice"_s);
        QCOMPARE(user.value(u"displayName"_s).toString(), u"Alice A."_s);
        QVERIFY(!r.json.value(u"token"_s).toString().isEmpty());
        QVERIFY(!r.json.value(u"refreshToken"_s).toString().isEmpty());
        QVERIFY(!r.headers.value("x-request-id").isEmpty());

        r = m_http->post(u"/api/auth/register"_s, {{u"username"_s, u"alice"_s}, {u"password"_s, u"another one"_s}});
        QCOMPARE(r.status, 409);
        QCOMPARE(code(r), u"username_taken"_s);
        for (const QJsonObject &bad : {QJsonObject{{u"username"_s, u"ab"_s}, {u"password"_s, u"long enough"_s}},
                                       QJsonObject{{u"username"_s, u"bad name"_s}, {u"password"_s, u"long enough"_s}},
                                       QJsonObject{{u"username"_s, u"shortpw"_s}, {u"password"_s, u"1234567"_s}},
                                       QJsonObject{{u"username"_s, u"longpw"_s}, {u"password"_s, QString(1025, u'x')}},
                                       QJsonObject{{u"username"_s, u"typed"_s}, {u"password"_s, 12345678}},
                                       QJsonObject{{u"username"_s, u"sneaky"_s}, {u"password"_s, u"long enough"_s}, {u"role"_s, u"admin"_s}}}) {
            r = m_http->post(u"/api/auth/register"_s, bad);
            QCOMPARE(r.status, 400);
            QCOMPARE(code(r), u"validation_failed"_s);
        }
        r = m_http->send("POST", u"/api/auth/register"_s, "{\"username\":");
        QCOMPARE(r.status, 400);
        QCOMPARE(code(r), u"invalid_json"_s);
        r = m_http->send("POST", u"/api/auth/register"_s, QByteArray(2 * 1024 * 1024, 'x'));
        QCOMPARE(r.status, 413);
        QCOMPARE(code(r), u"payload_too_large"_s);
    }

    void loginSameAnswerForUnknownUserAndWrongPassword()
    {
        registerUser(u"bob"_s);
        HttpReply ok = login(u"BOB"_s, u"correct horse"_s);
        QCOMPARE(ok.status, 200);
        HttpReply wrong = login(u"bob"_s, u"wrong horse"_s);
        HttpReply unknown = login(u"nobody_here"_s, u"wrong horse"_s);
        QCOMPARE(wrong.status, 401);
        QCOMPARE(unknown.status, 401);
        QCOMPARE(code(wrong), u"invalid_credentials"_s);
        QCOMPARE(wrong.json.value(u"error"_s).toObject().value(u"message"_s),
                 unknown.json.value(u"error"_s).toObject().value(u"message"_s));
        // Both paths pay for one Argon2 verification: compare medians of a few tries.
        auto median = [this](const QString &user) {
            QList<qint64> times;
            for (int i = 0; i < 5; ++i) {
                QElapsedTimer t;
                t.start();
                login(user, u"wrong horse"_s);
                times << t.elapsed();
            }
            std::sort(times.begin(), times.end());
            return times[2];
        };
        const qint64 known = median(u"bob"_s), missing = median(u"nobody_here"_s);
        QVERIFY2(missing * 2 > known && known * 2 > missing, qPrintable(QStringLiteral("%1 vs %2 ms").arg(known).arg(missing)));
    }

    void tokensForgedExpiredAndAlgNone()
    {
        const QString token = registerUser(u"carol"_s).value(u"token"_s).toString();
        QCOMPARE(getAs(token, u"/api/users/profile"_s).status, 200);
        QCOMPARE(code(getAs({}, u"/api/users/profile"_s)), u"unauthorized"_s);
        QCOMPARE(getAs(u"garbage"_s, u"/api/users/profile"_s).status, 401);
        // Flip one signature character.
        QString forged = token;
        forged[forged.size() - 2] = forged[forged.size() - 2] == u'A' ? u'B' : u'A';
        QCOMPARE(getAs(forged, u"/api/users/profile"_s).status, 401);
        // alg none with the same payload.
        const QStringList parts = token.split(u'.');
        const QString none = QString::fromLatin1(QByteArray("{\"alg\":\"none\",\"typ\":\"JWT\"}")
                                                     .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
        QCOMPARE(getAs(none + u'.' + parts[1] + u'.', u"/api/users/profile"_s).status, 401);
        // A correctly signed but expired token, made with the server's own key file.
        QCA::Initializer init;
        CryptoService crypto;
        auto keys = KeyStore::loadOrCreate(m_banterd.dataDir() + u"/keys.json"_s, crypto);
        QVERIFY(keys.ok());
        TokenSigner signer(crypto, keys.value());
        auto claims = signer.verify(token, QDateTime::currentSecsSinceEpoch());
        QVERIFY(claims.ok());
        AccessClaims expired = claims.value();
        expired.iat -= 3600;
        expired.exp = QDateTime::currentSecsSinceEpoch() - 10;
        QCOMPARE(getAs(signer.sign(expired), u"/api/users/profile"_s).status, 401);
        AccessClaims fresh = claims.value();
        QCOMPARE(getAs(signer.sign(fresh), u"/api/users/profile"_s).status, 200); // the control
    }

    void refreshRotatesAndReuseRevokesFamily()
    {
        const QJsonObject reg = registerUser(u"dave"_s);
        const QString refresh1 = reg.value(u"refreshToken"_s).toString();
        HttpReply r2 = m_http->post(u"/api/auth/refresh-token"_s, {{u"refreshToken"_s, refresh1}});
        QCOMPARE(r2.status, 200);
        const QString refresh2 = r2.json.value(u"refreshToken"_s).toString();
        const QString access2 = r2.json.value(u"token"_s).toString();
        QVERIFY(refresh2 != refresh1);
        QCOMPARE(getAs(access2, u"/api/users/profile"_s).status, 200);
        // The old refresh token is reused: the whole login ends, including the newest pair.
        HttpReply reuse = m_http->post(u"/api/auth/refresh-token"_s, {{u"refreshToken"_s, refresh1}});
        QCOMPARE(reuse.status, 401);
        QCOMPARE(m_http->post(u"/api/auth/refresh-token"_s, {{u"refreshToken"_s, refresh2}}).status, 401);
        QCOMPARE(getAs(access2, u"/api/users/profile"_s).status, 401);
    }

    // Only a rotated-out token of the session is reuse; any other wrong token is refused and harms nothing.
    void wrongRefreshTokensLeaveTheSessionAlone()
    {
        const QJsonObject reg = registerUser(u"dora"_s);
        const QString access = reg.value(u"token"_s).toString();
        QString current = reg.value(u"refreshToken"_s).toString();
        const QString sessionId = current.section(u'.', 0, 0);
        QVERIFY(!QUuid::fromString(sessionId).isNull());
        const QStringList wrong{
            current.left(current.size() - 1),                           // truncated by one character
            current.left(sessionId.size() + 5),                         // truncated to a stub
            sessionId + u'.',                                           // the session id alone
            sessionId + u".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"_s,  // a guess of the right length
            access,                                                     // an access token in its place
            current + u'x',                                             // one character too many
        };
        for (const QString &token : wrong) {
            HttpReply r = refresh(token);
            QCOMPARE(r.status, 401);
            QCOMPARE(code(r), u"unauthorized"_s);
            QCOMPARE(r.json.value(u"error"_s).toObject().value(u"message"_s).toString(), u"invalid refresh token"_s);
            // The genuine login is untouched: its access token works and its refresh token rotates.
            QCOMPARE(getAs(access, u"/api/users/profile"_s).status, 200);
        }
        HttpReply genuine = refresh(current);
        QCOMPARE(genuine.status, 200);
        const QString rotatedOut = current;
        current = genuine.json.value(u"refreshToken"_s).toString();
        const QString access2 = genuine.json.value(u"token"_s).toString();
        // Wrong tokens after a rotation still harm nothing (the rotated-out one is not among them).
        QCOMPARE(refresh(current.left(current.size() - 3)).status, 401);
        QCOMPARE(refresh(access2).status, 401);
        QCOMPARE(getAs(access2, u"/api/users/profile"_s).status, 200);
        // The rotated-out token coming back is reuse: the session ends, newest pair included.
        QCOMPARE(refresh(rotatedOut).status, 401);
        QCOMPARE(getAs(access2, u"/api/users/profile"_s).status, 401);
        QCOMPARE(refresh(current).status, 401);
        QVERIFY(m_pg.exec(m_db, u"DO $$ BEGIN IF (SELECT revoked_reason FROM sessions WHERE id = '%1') "
                                 "IS DISTINCT FROM 'refresh_token_reuse' THEN RAISE EXCEPTION 'not revoked for reuse'; "
                                 "END IF; END $$"_s.arg(sessionId)));
    }

    // No User-Agent header: register and login work; the device shows an empty user agent.
    void registerAndLoginWithoutUserAgent()
    {
        const QJsonObject credentials{{u"username"_s, u"no_agent"_s}, {u"password"_s, u"correct horse"_s}};
        HttpReply reg = postWithoutUserAgent(u"/api/auth/register"_s, credentials);
        QVERIFY2(reg.status == 201, reg.body.constData());
        QVERIFY(!reg.json.value(u"token"_s).toString().isEmpty());
        HttpReply in = postWithoutUserAgent(u"/api/auth/login"_s, credentials);
        QVERIFY2(in.status == 200, in.body.constData());
        HttpReply sessions = getAs(in.json.value(u"token"_s).toString(), u"/api/auth/sessions"_s);
        QCOMPARE(sessions.status, 200);
        const QJsonArray list = sessions.json.value(u"sessions"_s).toArray();
        QCOMPARE(list.size(), 2);
        for (const QJsonValue &v : list)
            QCOMPARE(v.toObject().value(u"userAgent"_s).toString(), QString());
    }

    // Register is one transaction: when the session cannot be stored, no account is left behind.
    void registerIsAtomic()
    {
        // A constraint of the test's own makes this one user agent's session insert fail.
        QVERIFY(m_pg.exec(m_db, u"ALTER TABLE sessions ADD CONSTRAINT test_refuse_agent CHECK (user_agent <> 'refuse-me')"_s));
        auto attempt = [&] {
            QNetworkAccessManager network;
            QNetworkRequest request(m_banterd.baseUrl().resolved(QUrl(u"/api/auth/register"_s)));
            request.setRawHeader("Content-Type", "application/json");
            request.setRawHeader("User-Agent", "refuse-me");
            QNetworkReply *reply = network.post(request, QJsonDocument(QJsonObject{{u"username"_s, u"atomic_ann"_s},
                                                                                     {u"password"_s, u"correct horse"_s}})
                                                             .toJson(QJsonDocument::Compact));
            QEventLoop loop;
            QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
            loop.exec();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            reply->deleteLater();
            return status;
        };
        QCOMPARE(attempt(), 500);
        QCOMPARE(attempt(), 500); // not 409 username_taken: the first attempt left no account
        QVERIFY(m_pg.exec(m_db, u"DO $$ BEGIN IF EXISTS (SELECT 1 FROM users WHERE username = 'atomic_ann') "
                                 "THEN RAISE EXCEPTION 'account left behind'; END IF; END $$"_s));
        QVERIFY(m_pg.exec(m_db, u"ALTER TABLE sessions DROP CONSTRAINT test_refuse_agent"_s));
        QCOMPARE(attempt(), 201);
    }

    void logoutEndsOnlyThatDevice()
    {
        const QString phone = registerUser(u"erin"_s).value(u"token"_s).toString();
        const QString laptop = login(u"erin"_s, u"correct horse"_s).json.value(u"token"_s).toString();
        HttpClient http(m_banterd.baseUrl());
        http.setToken(phone);
        QCOMPARE(http.post(u"/api/auth/logout"_s, {}).status, 204);
        QCOMPARE(getAs(phone, u"/api/users/profile"_s).status, 401);
        QCOMPARE(getAs(laptop, u"/api/users/profile"_s).status, 200);
    }

    void sessionsListedAndRevoked()
    {
        const QString phone = registerUser(u"ivy"_s).value(u"token"_s).toString();
        const QString laptop = login(u"ivy"_s, u"correct horse"_s).json.value(u"token"_s).toString();
        HttpClient http(m_banterd.baseUrl());
        http.setToken(laptop);
        HttpReply list = http.get(u"/api/auth/sessions"_s);
        QCOMPARE(list.status, 200);
        const QJsonArray sessions = list.json.value(u"sessions"_s).toArray();
        QCOMPARE(sessions.size(), 2);
        QString other;
        for (const QJsonValue &v : sessions) {
            if (!v.toObject().value(u"current"_s).toBool())
                other = v.toObject().value(u"id"_s).toString();
        }
        QVERIFY(!other.isEmpty());
        QCOMPARE(http.del(u"/api/auth/sessions/"_s + other).status, 204);
        QCOMPARE(getAs(phone, u"/api/users/profile"_s).status, 401);
        QCOMPARE(getAs(laptop, u"/api/users/profile"_s).status, 200);
        QCOMPARE(http.del(u"/api/auth/sessions/"_s + other).status, 404);
        // Another user's session id is not found, not revoked.
        const QString mallory = registerUser(u"mallory"_s).value(u"token"_s).toString();
        HttpClient evil(m_banterd.baseUrl());
        evil.setToken(mallory);
        const QString laptopSession = http.get(u"/api/auth/sessions"_s).json.value(u"sessions"_s).toArray().at(0).toObject().value(u"id"_s).toString();
        QCOMPARE(evil.del(u"/api/auth/sessions/"_s + laptopSession).status, 404);
        QCOMPARE(getAs(laptop, u"/api/users/profile"_s).status, 200);
    }

    void twoFactor()
    {
        const QString token = registerUser(u"frank"_s).value(u"token"_s).toString();
        HttpClient http(m_banterd.baseUrl());
        http.setToken(token);
        HttpReply enable = http.post(u"/api/auth/2fa/enable"_s, {});
        QCOMPARE(enable.status, 200);
        QVERIFY(enable.json.value(u"otpauthUri"_s).toString().startsWith(u"otpauth://totp/"_s));
        const QJsonArray recovery = enable.json.value(u"recoveryCodes"_s).toArray();
        QCOMPARE(recovery.size(), 10);
        const QByteArray secret = *Totp::base32Decode(enable.json.value(u"secret"_s).toString());
        QCA::Initializer init;
        CryptoService crypto;
        Totp totp(crypto);
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        QCOMPARE(code(http.post(u"/api/auth/2fa/verify"_s, {{u"code"_s, u"000000"_s == totp.codeAt(secret, now) ? u"111111"_s : u"000000"_s}})),
                 u"invalid_totp"_s);
        // Use the previous step for enabling so the current one is still fresh for the login below.
        QCOMPARE(http.post(u"/api/auth/2fa/verify"_s, {{u"code"_s, totp.codeAt(secret, now - 30)}}).status, 200);

        QCOMPARE(code(login(u"frank"_s, u"correct horse"_s)), u"totp_required"_s);
        QCOMPARE(code(login(u"frank"_s, u"correct horse"_s, u"123"_s)), u"invalid_totp"_s);
        const QString current = totp.codeAt(secret, QDateTime::currentSecsSinceEpoch());
        QCOMPARE(login(u"frank"_s, u"correct horse"_s, current).status, 200);
        QCOMPARE(code(login(u"frank"_s, u"correct horse"_s, current)), u"invalid_totp"_s); // replayed
        const QString recoveryCode = recovery.at(0).toString();
        QCOMPARE(login(u"frank"_s, u"correct horse"_s, recoveryCode).status, 200);
        QCOMPARE(code(login(u"frank"_s, u"correct horse"_s, recoveryCode)), u"invalid_totp"_s); // single use
        // A wrong password never reaches the 2FA step.
        QCOMPARE(code(login(u"frank"_s, u"wrong horse"_s, current)), u"invalid_credentials"_s);
    }

    void profileStatusAndNoMassAssignment()
    {
        const QString token = registerUser(u"grace"_s).value(u"token"_s).toString();
        HttpClient http(m_banterd.baseUrl());
        http.setToken(token);
        HttpReply r = http.put(u"/api/users/profile"_s, {{u"displayName"_s, u"Grace H."_s}, {u"bio"_s, u"compilers"_s}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json.value(u"user"_s).toObject().value(u"displayName"_s).toString(), u"Grace H."_s);
        for (const char *field : {"role", "id", "username"}) {
            r = http.put(u"/api/users/profile"_s, {{QLatin1StringView(field), u"admin"_s}});
            QCOMPARE(r.status, 400);
        }
        QCOMPARE(http.get(u"/api/users/profile"_s).json.value(u"user"_s).toObject().value(u"role"_s).toString(), u"user"_s);
        r = http.put(u"/api/users/status"_s, {{u"availability"_s, u"dnd"_s}, {u"text"_s, u"focus"_s}});
        QCOMPARE(r.status, 200);
        QCOMPARE(http.get(u"/api/users/status"_s).json.value(u"status"_s).toObject().value(u"availability"_s).toString(), u"dnd"_s);
        QCOMPARE(http.put(u"/api/users/status"_s, {{u"availability"_s, u"asleep"_s}}).status, 400);
        QCOMPARE(http.put(u"/api/users/status"_s, {{u"text"_s, QString(141, u'x')}}).status, 400);
    }

    void searchBlockReportAndBans()
    {
        const QString me = registerUser(u"henry"_s).value(u"token"_s).toString();
        QStringList ids;
        for (int i = 0; i < 3; ++i)
            ids << registerUser(QStringLiteral("zed%1").arg(i)).value(u"user"_s).toObject().value(u"id"_s).toString();
        const QJsonObject banned = registerUser(u"zedbanned"_s);
        HttpClient http(m_banterd.baseUrl());
        http.setToken(me);
        HttpReply page1 = http.get(u"/api/users/search?q=zed&limit=2"_s);
        QCOMPARE(page1.status, 200);
        QCOMPARE(page1.json.value(u"users"_s).toArray().size(), 2);
        const QString cursor = page1.json.value(u"nextCursor"_s).toString();
        QVERIFY(!cursor.isEmpty());
        HttpReply page2 = http.get(u"/api/users/search?q=zed&limit=2&cursor="_s + cursor);
        QCOMPARE(page2.json.value(u"users"_s).toArray().size(), 2);

        // Banned: gone from search, and its token stops working.
        QVERIFY(m_pg.exec(m_db, u"UPDATE users SET state = 2 WHERE username = 'zedbanned'"_s));
        HttpReply after = http.get(u"/api/users/search?q=zed&limit=10"_s);
        QCOMPARE(after.json.value(u"users"_s).toArray().size(), 3);
        QCOMPARE(getAs(banned.value(u"token"_s).toString(), u"/api/users/profile"_s).status, 401);
        QCOMPARE(code(login(u"zedbanned"_s, u"correct horse"_s)), u"account_suspended"_s);

        QCOMPARE(http.post(u"/api/users/block"_s, {{u"userId"_s, ids[0]}}).status, 204);
        QCOMPARE(http.get(u"/api/users/blocked"_s).json.value(u"users"_s).toArray().size(), 1);
        QCOMPARE(http.del(u"/api/users/block/"_s + ids[0]).status, 204);
        QCOMPARE(http.get(u"/api/users/blocked"_s).json.value(u"users"_s).toArray().size(), 0);
        QCOMPARE(http.post(u"/api/users/block"_s, {{u"userId"_s, u"999999"_s}}).status, 404);

        HttpReply report = http.post(u"/api/users/report"_s, {{u"userId"_s, ids[1]}, {u"reason"_s, u"spam"_s}});
        QCOMPARE(report.status, 201);
        QCOMPARE(report.json.value(u"report"_s).toObject().value(u"state"_s).toString(), u"open"_s);
        QCOMPARE(http.post(u"/api/users/report"_s, {{u"userId"_s, ids[1]}}).status, 400);
        QCOMPARE(http.get(u"/api/users"_s).json.value(u"users"_s).toArray().size(), 0); // no conversations yet
    }

    void rateLimitsEngage()
    {
        BanterdProcess strict;
        // Cheap hashing: ten logins must fit well inside the one second that refills a token, also on a busy
        // machine (with the default Argon2 cost each took ~0.35 s there and refills hid the limit).
        QVERIFY(strict.start(m_pg.createDatabase(), {u"--auth-rate-limit"_s, u"1"_s, u"--argon2-memory-kib"_s, u"1024"_s,
                                                     u"--argon2-iterations"_s, u"1"_s}));
        HttpClient http(strict.baseUrl());
        int limited = 0;
        QByteArray retryAfter;
        for (int i = 0; i < 10; ++i) {
            HttpReply r = http.post(u"/api/auth/login"_s, {{u"username"_s, u"x"_s + QString::number(i)}, {u"password"_s, u"whatever1"_s}});
            if (r.status == 429) {
                ++limited;
                retryAfter = r.headers.value("retry-after");
                QCOMPARE(code(r), u"rate_limited"_s);
            }
        }
        QVERIFY(limited >= 5);
        QVERIFY(retryAfter.toInt() >= 1);
        QCOMPARE(strict.terminate(), 0);
    }
};

QTEST_GUILESS_MAIN(TestAccounts)
#include "tst_accounts.moc"
