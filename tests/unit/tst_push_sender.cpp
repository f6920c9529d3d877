// PushSender against a real, minimal HTTP/1.1 server in this process (its own thread, keep-alive,
// Content-Length bodies) that records what reaches it and answers by path: /status/NNN, /retry-after/N, /hang
// (never answers), anything else 201. TLS cases use a certificate made here and trusted through the default
// SSL configuration; host names of the reserved .test domain point at loopback through the sender's resolver.
#include "crypto/WebPushCrypto.h"
#include "service/PushSender.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QThread>
#include <QTimeZone>
#include <QtCrypto>
#include <atomic>
#include <memory>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <thread>

using namespace Qt::StringLiterals;
using namespace Banter;
using namespace Banter::Server;
using Kind = PushResult::Kind;

namespace {

constexpr auto Base64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;
const QString Subject = u"mailto:ops@banter.test"_s;

struct Recorded
{
    int connection = 0;
    QByteArray method;
    QByteArray target;
    QHash<QByteArray, QByteArray> headers; // names in lower case
    QByteArray body;
};

// The push service stand-in. Its objects live on its own thread; the test reads what it recorded.
class TestPushServer
{
public:
    enum class Mode { Http, Tls, CaptureHello };

    ~TestPushServer()
    {
        if (m_context) {
            m_context->deleteLater(); // QThread's finish deletes it, on its thread
            m_thread.quit();
            m_thread.wait();
        }
    }

    bool start(Mode mode = Mode::Http, const QSslConfiguration &tls = {})
    {
        m_thread.start();
        m_context = new QObject;
        m_context->moveToThread(&m_thread);
        bool listening = false;
        QMetaObject::invokeMethod(
            m_context,
            [&] {
                QTcpServer *server = nullptr;
                if (mode == Mode::Tls) {
                    auto *ssl = new QSslServer(m_context);
                    ssl->setSslConfiguration(tls);
                    server = ssl;
                } else {
                    server = new QTcpServer(m_context);
                }
                QObject::connect(server, &QTcpServer::pendingConnectionAvailable, server,
                                 [this, server, mode] {
                                     while (QTcpSocket *socket = server->nextPendingConnection()) {
                                         const int id = ++m_connections;
                                         if (mode == Mode::CaptureHello)
                                             captureHello(socket);
                                         else
                                             serve(socket, id);
                                     }
                                 });
                listening = server->listen(QHostAddress::LocalHost, 0);
                m_port = server->serverPort();
            },
            Qt::BlockingQueuedConnection);
        return listening;
    }

    quint16 port() const { return m_port; }
    int connections() const { return m_connections; }
    QString url(const QString &path, const QString &host = u"127.0.0.1"_s,
                const QString &scheme = u"http"_s) const
    {
        return u"%1://%2:%3%4"_s.arg(scheme, host).arg(m_port).arg(path);
    }
    QList<Recorded> requests() const
    {
        QMutexLocker lock(&m_mutex);
        return m_requests;
    }
    QByteArray hello() const
    {
        QMutexLocker lock(&m_mutex);
        return m_hello;
    }

private:
    void serve(QTcpSocket *socket, int id)
    {
        auto buffer = std::make_shared<QByteArray>();
        QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, id, buffer] {
            buffer->append(socket->readAll());
            for (;;) {
                const qsizetype headEnd = buffer->indexOf("\r\n\r\n");
                if (headEnd < 0)
                    return;
                Recorded r;
                r.connection = id;
                const QList<QByteArray> lines = buffer->first(headEnd).split('\n');
                const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
                r.method = requestLine.value(0);
                r.target = requestLine.value(1);
                for (qsizetype i = 1; i < lines.size(); ++i) {
                    const qsizetype colon = lines[i].indexOf(':');
                    if (colon > 0)
                        r.headers.insert(lines[i].first(colon).trimmed().toLower(),
                                         lines[i].sliced(colon + 1).trimmed());
                }
                const qsizetype length = r.headers.value("content-length", "0").toLongLong();
                if (buffer->size() < headEnd + 4 + length)
                    return;
                r.body = buffer->sliced(headEnd + 4, length);
                buffer->remove(0, headEnd + 4 + length);
                {
                    QMutexLocker lock(&m_mutex);
                    m_requests.append(r);
                }
                respond(socket, r.target);
            }
        });
    }

    static void respond(QTcpSocket *socket, const QByteArray &target)
    {
        int status = 201;
        QByteArray extra;
        QByteArray body;
        if (target.startsWith("/hang"))
            return;
        if (target.startsWith("/status/")) {
            status = target.sliced(8, 3).toInt();
            body = "no such subscription, or whatever else a push service says";
            if (status >= 300 && status < 400)
                extra = "Location: /elsewhere\r\n";
        } else if (target.startsWith("/retry-after/")) {
            status = 429;
            extra = "Retry-After: " + target.sliced(13) + "\r\n";
        }
        socket->write("HTTP/1.1 " + QByteArray::number(status) + " Whatever\r\nContent-Length: " +
                      QByteArray::number(body.size()) + "\r\n" + extra + "\r\n" + body);
    }

    // Keeps the first TLS record a client sends (its ClientHello), then hangs up.
    void captureHello(QTcpSocket *socket)
    {
        auto buffer = std::make_shared<QByteArray>();
        QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer] {
            buffer->append(socket->readAll());
            if (buffer->size() < 5)
                return;
            const qsizetype length = (quint8(buffer->at(3)) << 8) | quint8(buffer->at(4));
            if (buffer->size() < 5 + length)
                return;
            {
                QMutexLocker lock(&m_mutex);
                m_hello = buffer->first(5 + length);
            }
            socket->abort();
        });
    }

    QThread m_thread;
    QObject *m_context = nullptr;
    quint16 m_port = 0;
    std::atomic<int> m_connections{0};
    mutable QMutex m_mutex;
    QList<Recorded> m_requests;
    QByteArray m_hello;
};

struct Subscription
{
    P256KeyPair keys;
    QByteArray auth;
};

Subscription newSubscription()
{
    auto keys = WebPushCrypto::generateKeyPair();
    if (!keys)
        qFatal("generateKeyPair: %s", qPrintable(keys.error().message));
    QByteArray auth(WebPushCrypto::AuthSecretBytes, Qt::Uninitialized);
    for (char &c : auth)
        c = char(QRandomGenerator::global()->bounded(256));
    return {keys.value(), auth};
}

PushRequest pushTo(const QString &endpoint, const Subscription &s,
                   const QByteArray &plaintext = "{\"t\":\"hi\"}")
{
    PushRequest r;
    r.endpoint = endpoint;
    r.p256dh = s.keys.publicKey;
    r.auth = s.auth;
    r.plaintext = plaintext;
    return r;
}

QJsonObject jwtClaims(const QByteArray &authorization)
{
    static const QRegularExpression form(
        u"^vapid t=([A-Za-z0-9_-]+)\\.([A-Za-z0-9_-]+)\\.([A-Za-z0-9_-]+), k=([A-Za-z0-9_-]+)$"_s);
    const auto match = form.match(QString::fromLatin1(authorization));
    if (!match.hasMatch())
        return {};
    return QJsonDocument::fromJson(QByteArray::fromBase64(match.captured(2).toLatin1(), Base64Url)).object();
}

struct TestCertificate
{
    QSslCertificate certificate{QByteArray()};
    QSslKey key;
};

// A self-signed certificate naming dnsNames (its own trust anchor once added to the CA list).
TestCertificate makeCertificate(const QList<QByteArray> &dnsNames)
{
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_EC_gen("P-256"), EVP_PKEY_free);
    std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), X509_free);
    if (!key || !cert)
        return TestCertificate{};
    X509_set_version(cert.get(), X509_VERSION_3);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24 * 3600);
    X509_set_pubkey(cert.get(), key.get());
    X509_NAME *name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char *>(dnsNames.constFirst().constData()), -1,
                               -1, 0);
    X509_set_issuer_name(cert.get(), name);
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
    QByteArray san;
    for (const QByteArray &dns : dnsNames)
        san += (san.isEmpty() ? "DNS:" : ",DNS:") + dns;
    X509_EXTENSION *ext = X509V3_EXT_conf_nid(nullptr, &ctx, NID_subject_alt_name, san.constData());
    if (!ext)
        return TestCertificate{};
    X509_add_ext(cert.get(), ext, -1);
    X509_EXTENSION_free(ext);
    if (X509_sign(cert.get(), key.get(), EVP_sha256()) <= 0)
        return TestCertificate{};
    const auto pem = [](auto write) {
        std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
        write(bio.get());
        char *data = nullptr;
        const long size = BIO_get_mem_data(bio.get(), &data);
        return QByteArray(data, size);
    };
    const QByteArray certPem = pem([&](BIO *b) { PEM_write_bio_X509(b, cert.get()); });
    const QByteArray keyPem =
        pem([&](BIO *b) { PEM_write_bio_PrivateKey(b, key.get(), nullptr, nullptr, 0, nullptr, nullptr); });
    return {QSslCertificate(certPem), QSslKey(keyPem, QSsl::Ec)};
}

// Answers for names of the reserved .test domain from a table, counting the look-ups.
struct TestResolver
{
    std::shared_ptr<std::atomic<int>> lookups = std::make_shared<std::atomic<int>>(0);
    QHash<QString, QList<QHostAddress>> names;

    std::function<QList<QHostAddress>(const QString &)> function() const
    {
        return [lookups = lookups, names = names](const QString &host) {
            ++*lookups;
            return names.value(host);
        };
    }
};

} // namespace

class TestPushSender : public QObject
{
    Q_OBJECT

    P256KeyPair m_vapid;
    Subscription m_subscription;
    QSslConfiguration m_defaultSsl;

    PushSenderSettings devSettings() const
    {
        PushSenderSettings s;
        s.subject = Subject;
        s.allowPrivateAddresses = true;
        s.timeout = std::chrono::seconds(5);
        return s;
    }

private slots:
    void initTestCase()
    {
        auto vapid = WebPushCrypto::generateKeyPair();
        QVERIFY(vapid);
        m_vapid = vapid.value();
        m_subscription = newSubscription();
        m_defaultSsl = QSslConfiguration::defaultConfiguration();
    }

    void init()
    {
        // Qt's own complaints count: a QNetworkAccessManager destroyed on the wrong thread, a timer stopped
        // from another one, a reply deleted twice.
        QTest::failOnWarning(QRegularExpression(u".*"_s));
    }

    void cleanupTestCase()
    {
        // The main thread's manager goes before the application does.
        PushSender::releaseThreadResources();
        QSslConfiguration::setDefaultConfiguration(m_defaultSsl);
    }

    void addressClassification_data()
    {
        QTest::addColumn<QString>("address");
        QTest::addColumn<bool>("isPublic");
        for (const char *a : {"8.8.8.8", "93.184.216.34", "172.32.0.1", "100.128.0.1", "2001:4860:4860::8888",
                              "2a00:1450:4001:80b::200a", "::ffff:8.8.8.8", "64:ff9b::808:808"})
            QTest::newRow(a) << QString::fromLatin1(a) << true;
        for (const char *a : {"127.0.0.1",
                              "127.8.9.10",
                              "10.1.2.3",
                              "172.16.0.1",
                              "172.31.255.255",
                              "192.168.1.1",
                              "100.64.0.1",
                              "100.127.255.255",
                              "169.254.169.254",
                              "0.0.0.0",
                              "0.1.2.3",
                              "224.0.0.1",
                              "239.255.255.250",
                              "255.255.255.255",
                              "240.0.0.1",
                              "192.0.2.1",
                              "198.18.0.1",
                              "::",
                              "::1",
                              "fe80::1",
                              "febf::1",
                              "fc00::1",
                              "fd12:3456::1",
                              "ff02::1",
                              "fec0::1",
                              "::ffff:127.0.0.1",
                              "::ffff:10.0.0.1",
                              "::ffff:169.254.169.254",
                              "::127.0.0.1",
                              "64:ff9b::a00:1",
                              "2002:a00:1::1",
                              "2001:db8::1",
                              "100::1"})
            QTest::newRow(a) << QString::fromLatin1(a) << false;
    }
    void addressClassification()
    {
        QFETCH(QString, address);
        QFETCH(bool, isPublic);
        const QHostAddress parsed(address);
        QVERIFY(!parsed.isNull());
        QCOMPARE(PushSender::isPublicAddress(parsed), isPublic);
    }

    void retryAfterForms()
    {
        const QDateTime now(QDate(2025, 3, 1), QTime(12, 0, 0), QTimeZone::UTC);
        const auto ms = [&](QByteArrayView value) {
            const auto parsed = PushSender::parseRetryAfter(value, now);
            return parsed ? parsed->count() : qint64(-1);
        };
        QCOMPARE(ms("7"), qint64(7000));
        QCOMPARE(ms(" 120 "), qint64(120000));
        QCOMPARE(ms("Sat, 01 Mar 2025 12:00:30 GMT"), qint64(30000));
        QCOMPARE(ms("Sat, 01 Mar 2025 11:00:00 GMT"), qint64(0)); // past
        QCOMPARE(ms("99999999999999999999"), qint64(30) * 24 * 3600 * 1000);
        QCOMPARE(ms(""), qint64(-1));
        QCOMPARE(ms("-5"), qint64(-1));
        QCOMPARE(ms("soon"), qint64(-1));
        QCOMPARE(ms("Sat, 01 Mar 2025 12:00:30 PST"), qint64(-1));
    }

    void deliversEncryptedPushWithHeaders()
    {
        TestPushServer server;
        QVERIFY(server.start());
        PushSender sender(m_vapid, devSettings());
        PushRequest push = pushTo(server.url(u"/wpush/v2/abc?x=1"_s), m_subscription, R"({"title":"Hello"})");
        push.ttlSecs = 60;
        push.urgency = u"high"_s;
        push.topic = u"conv-42"_s;
        PushRequest longer = pushTo(server.url(u"/wpush/v2/def"_s), m_subscription, QByteArray(300, 'x'));
        const QList<PushResult> results = sender.send({push, longer});

        QCOMPARE(results.size(), 2);
        QCOMPARE(results[0].kind, Kind::Delivered);
        QCOMPARE(results[0].status, 201);
        QCOMPARE(results[1].kind, Kind::Delivered);
        QList<Recorded> got = server.requests();
        QCOMPARE(got.size(), 2);
        std::sort(got.begin(), got.end(),
                  [](const Recorded &a, const Recorded &b) { return a.target < b.target; });
        const Recorded &r = got[0];
        QCOMPARE(r.method, QByteArray("POST"));
        QCOMPARE(r.target, QByteArray("/wpush/v2/abc?x=1"));
        QCOMPARE(r.headers.value("host"), "127.0.0.1:" + QByteArray::number(server.port()));
        QCOMPARE(r.headers.value("ttl"), QByteArray("60"));
        QCOMPARE(r.headers.value("urgency"), QByteArray("high"));
        QCOMPARE(r.headers.value("topic"), QByteArray("conv-42"));
        QCOMPARE(r.headers.value("content-encoding"), QByteArray("aes128gcm"));
        QCOMPARE(r.headers.value("content-type"), QByteArray("application/octet-stream"));
        QVERIFY(!got[1].headers.contains("topic"));
        QCOMPARE(got[1].headers.value("urgency"), QByteArray("normal"));
        QCOMPARE(got[1].headers.value("ttl"), QByteArray("86400"));

        const QByteArray authorization = r.headers.value("authorization");
        QVERIFY2(authorization.endsWith(", k=" + m_vapid.publicKey.toBase64(Base64Url)),
                 authorization.constData());
        const QJsonObject claims = jwtClaims(authorization);
        QCOMPARE(claims.value(u"aud"_s).toString(), u"http://127.0.0.1:%1"_s.arg(server.port()));
        QCOMPARE(claims.value(u"sub"_s).toString(), Subject);
        const qint64 exp = claims.value(u"exp"_s).toInteger();
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        QVERIFY2(exp > now + 11 * 3600 && exp <= now + 12 * 3600 + 5, qPrintable(QString::number(exp - now)));

        // Padded to 256-byte buckets: 86 header bytes, the padded plaintext, the delimiter and the GCM tag.
        QCOMPARE(r.body.size(), WebPushCrypto::HeaderBytes + 256 + 1 + WebPushCrypto::TagBytes);
        QCOMPARE(got[1].body.size(), WebPushCrypto::HeaderBytes + 512 + 1 + WebPushCrypto::TagBytes);
        auto opened = WebPushCrypto::decrypt(m_subscription.keys, m_subscription.auth, r.body);
        QVERIFY2(opened, qPrintable(opened ? QString() : opened.error().message));
        QCOMPARE(opened.value(), QByteArray(R"({"title":"Hello"})"));
        auto openedLonger = WebPushCrypto::decrypt(m_subscription.keys, m_subscription.auth, got[1].body);
        QVERIFY(openedLonger);
        QCOMPARE(openedLonger.value(), QByteArray(300, 'x'));
        // Another subscription's keys do not open it: the body is really encrypted for this one.
        QVERIFY(!WebPushCrypto::decrypt(newSubscription().keys, m_subscription.auth, r.body));
    }

    void vapidTokenReusedPerOrigin()
    {
        TestPushServer server;
        QVERIFY(server.start());
        TestPushServer other;
        QVERIFY(other.start());
        PushSender sender(m_vapid, devSettings());
        QCOMPARE(sender.send({pushTo(server.url(u"/a"_s), m_subscription)})[0].kind, Kind::Delivered);
        QCOMPARE(sender
                     .send({pushTo(server.url(u"/b"_s), m_subscription),
                            pushTo(other.url(u"/c"_s), m_subscription)})[0]
                     .kind,
                 Kind::Delivered);
        const QList<Recorded> got = server.requests();
        QCOMPARE(got.size(), 2);
        // ES256 signatures are randomised: the same header twice means the token was reused, not re-signed.
        QCOMPARE(got[0].headers.value("authorization"), got[1].headers.value("authorization"));
        QCOMPARE(other.requests().size(), 1);
        const QByteArray otherAuthorization = other.requests()[0].headers.value("authorization");
        QVERIFY(otherAuthorization != got[0].headers.value("authorization"));
        QCOMPARE(jwtClaims(otherAuthorization).value(u"aud"_s).toString(),
                 u"http://127.0.0.1:%1"_s.arg(other.port()));
    }

    void answers_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<Kind>("kind");
        QTest::addColumn<int>("status");
        QTest::addColumn<qint64>("retryAfterMs"); // -1: none
        QTest::newRow("201") << u"/push/1"_s << Kind::Delivered << 201 << qint64(-1);
        QTest::newRow("200") << u"/status/200"_s << Kind::Delivered << 200 << qint64(-1);
        QTest::newRow("404") << u"/status/404"_s << Kind::Gone << 404 << qint64(-1);
        QTest::newRow("410") << u"/status/410"_s << Kind::Gone << 410 << qint64(-1);
        QTest::newRow("429") << u"/retry-after/7"_s << Kind::Retry << 429 << qint64(7000);
        QTest::newRow("500") << u"/status/500"_s << Kind::Retry << 500 << qint64(-1);
        QTest::newRow("503") << u"/status/503"_s << Kind::Retry << 503 << qint64(-1);
        QTest::newRow("400") << u"/status/400"_s << Kind::Rejected << 400 << qint64(-1);
        QTest::newRow("401") << u"/status/401"_s << Kind::Rejected << 401 << qint64(-1);
        QTest::newRow("403") << u"/status/403"_s << Kind::Rejected << 403 << qint64(-1);
        QTest::newRow("413") << u"/status/413"_s << Kind::Rejected << 413 << qint64(-1);
        QTest::newRow("301 not followed") << u"/status/301"_s << Kind::Rejected << 301 << qint64(-1);
    }
    void answers()
    {
        QFETCH(QString, path);
        QFETCH(Kind, kind);
        QFETCH(int, status);
        QFETCH(qint64, retryAfterMs);
        TestPushServer server;
        QVERIFY(server.start());
        PushSender sender(m_vapid, devSettings());
        const PushResult result = sender.send({pushTo(server.url(path), m_subscription)}).value(0);
        QCOMPARE(result.kind, kind);
        QCOMPARE(result.status, status);
        QCOMPARE(result.retryAfter ? result.retryAfter->count() : qint64(-1), retryAfterMs);
        QCOMPARE(server.requests().size(), 1); // no redirect followed, no retry by Qt
        // The error says what happened without the endpoint, which is a capability.
        QVERIFY2(!result.error.contains(path), qPrintable(result.error));
    }

    void silentServerTimesOut()
    {
        TestPushServer server;
        QVERIFY(server.start());
        PushSenderSettings settings = devSettings();
        settings.timeout = std::chrono::milliseconds(300);
        PushSender sender(m_vapid, settings);
        QElapsedTimer clock;
        clock.start();
        const QList<PushResult> results = sender.send(
            {pushTo(server.url(u"/hang"_s), m_subscription), pushTo(server.url(u"/ok"_s), m_subscription)});
        const qint64 elapsed = clock.elapsed();
        QCOMPARE(results[0].kind, Kind::Retry);
        QCOMPARE(results[0].status, 0);
        QVERIFY2(results[0].error.contains(u"300 ms"_s), qPrintable(results[0].error));
        QCOMPARE(results[1].kind, Kind::Delivered); // the hung one holds up no other
        QVERIFY2(elapsed >= 280 && elapsed < 3000, qPrintable(QString::number(elapsed)));
    }

    void connectionRefusedIsRetry()
    {
        quint16 closedPort = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
            closedPort = probe.serverPort();
        }
        PushSender sender(m_vapid, devSettings());
        const PushResult result =
            sender.send({pushTo(u"http://127.0.0.1:%1/x"_s.arg(closedPort), m_subscription)}).value(0);
        QCOMPARE(result.kind, Kind::Retry);
        QCOMPARE(result.status, 0);
        QVERIFY2(result.error.contains(u"ConnectionRefused"_s), qPrintable(result.error));
    }

    void refusedBeforeSendingOutsideDev()
    {
        TestPushServer server;
        QVERIFY(server.start());
        TestResolver resolver;
        resolver.names.insert(u"rebind.test"_s,
                              {QHostAddress(u"93.184.216.34"_s), QHostAddress(u"10.0.0.1"_s)});
        resolver.names.insert(u"lan.test"_s, {QHostAddress(u"192.168.1.20"_s)});
        resolver.names.insert(u"loop.test"_s, {QHostAddress(u"127.0.0.1"_s)});
        resolver.names.insert(u"mapped.test"_s, {QHostAddress(u"::ffff:169.254.169.254"_s)});
        resolver.names.insert(u"public.test"_s, {QHostAddress(u"93.184.216.34"_s)});
        PushSenderSettings settings;
        settings.subject = Subject;
        settings.timeout = std::chrono::seconds(5);
        settings.resolver = resolver.function();
        PushSender sender(m_vapid, settings);
        const QStringList endpoints{server.url(u"/x"_s),
                                    u"https://localhost/x"_s,
                                    u"https://push.localhost/x"_s,
                                    u"https://127.0.0.1/x"_s,
                                    u"https://10.1.2.3/x"_s,
                                    u"https://[::1]/x"_s,
                                    u"https://[::ffff:127.0.0.1]/x"_s,
                                    u"https://169.254.169.254/x"_s,
                                    u"https://0.0.0.0/x"_s,
                                    u"https://[fe80::1]/x"_s,
                                    u"https://rebind.test/x"_s,
                                    u"https://lan.test/x"_s,
                                    u"https://loop.test:%1/x"_s.arg(server.port()),
                                    u"https://mapped.test/x"_s,
                                    u"http://public.test/x"_s,
                                    u"ftp://public.test/x"_s,
                                    u"https://user:pw@public.test/x"_s,
                                    u"not a url"_s};
        QList<PushRequest> requests;
        for (const QString &endpoint : endpoints)
            requests.append(pushTo(endpoint, m_subscription));
        QElapsedTimer clock;
        clock.start();
        const QList<PushResult> results = sender.send(requests);
        QCOMPARE(results.size(), endpoints.size());
        for (qsizetype i = 0; i < results.size(); ++i) {
            QVERIFY2(results[i].kind == Kind::Rejected, qPrintable(endpoints[i]));
            QCOMPARE(results[i].status, 0);
            QVERIFY(!results[i].error.isEmpty());
        }
        QVERIFY(clock.elapsed() < 2000); // refused here: no connection tried (and timed out)
        QCOMPARE(server.requests().size(), 0);
        QCOMPARE(server.connections(), 0);
    }

    void refusesBadRequests()
    {
        TestPushServer server;
        QVERIFY(server.start());
        PushSender sender(m_vapid, devSettings());
        QList<PushRequest> requests(6, pushTo(server.url(u"/x"_s), m_subscription));
        requests[0].plaintext = QByteArray(WebPushCrypto::MaxPlaintextBytes + 1, 'x');
        requests[1].p256dh = QByteArray(65, '\x04');
        requests[2].auth = "short";
        requests[3].topic = u"not/base64url"_s;
        requests[4].topic = QString(33, u'a');
        requests[5].urgency = u"urgent"_s;
        for (const PushResult &result : sender.send(requests))
            QCOMPARE(result.kind, Kind::Rejected);
        QCOMPARE(server.requests().size(), 0);
        // At the limit: a full 4096-byte body still goes.
        const PushResult full = sender
                                    .send({pushTo(server.url(u"/x"_s), m_subscription,
                                                  QByteArray(WebPushCrypto::MaxPlaintextBytes, 'x'))})
                                    .value(0);
        QCOMPARE(full.kind, Kind::Delivered);
        QCOMPARE(server.requests().value(0).body.size(), WebPushCrypto::MaxBodyBytes);
    }

    void connectsToTheCheckedAddress()
    {
        TestPushServer server;
        QVERIFY(server.start());
        TestResolver resolver;
        resolver.names.insert(u"push.test"_s, {QHostAddress(u"127.0.0.1"_s)});
        PushSenderSettings settings = devSettings();
        settings.resolver = resolver.function();
        PushSender sender(m_vapid, settings);
        // push.test resolves through the sender's resolver only, so reaching the server at all means the
        // request went to the address the sender checked, with the name kept for Host and the VAPID audience.
        const QString endpoint = server.url(u"/p/1"_s, u"push.test"_s);
        QCOMPARE(sender.send({pushTo(endpoint, m_subscription)}).value(0).kind, Kind::Delivered);
        QCOMPARE(sender.send({pushTo(endpoint, m_subscription)}).value(0).kind, Kind::Delivered);
        const QList<Recorded> got = server.requests();
        QCOMPARE(got.size(), 2);
        QCOMPARE(got[0].headers.value("host"), "push.test:" + QByteArray::number(server.port()));
        QCOMPARE(got[0].target, QByteArray("/p/1"));
        QCOMPARE(jwtClaims(got[0].headers.value("authorization")).value(u"aud"_s).toString(),
                 u"http://push.test:%1"_s.arg(server.port()));
        QCOMPARE(resolver.lookups->load(), 1); // the answer is cached
    }

    void tlsVerifiesTheHostNameAtThePinnedAddress()
    {
        const auto [certificate, key] = makeCertificate({"a.test"});
        QVERIFY(!certificate.isNull() && !key.isNull());
        QSslConfiguration trusting = m_defaultSsl;
        trusting.addCaCertificate(certificate);
        QSslConfiguration::setDefaultConfiguration(trusting);
        QSslConfiguration serving = QSslConfiguration::defaultConfiguration();
        serving.setLocalCertificate(certificate);
        serving.setPrivateKey(key);
        TestPushServer server;
        QVERIFY(server.start(TestPushServer::Mode::Tls, serving));
        TestResolver resolver;
        resolver.names.insert(u"a.test"_s, {QHostAddress(u"127.0.0.1"_s)});
        resolver.names.insert(u"b.test"_s, {QHostAddress(u"127.0.0.1"_s)});
        PushSenderSettings settings = devSettings();
        settings.resolver = resolver.function();
        PushSender sender(m_vapid, settings);

        // The certificate names a.test only: verified against the name, not the 127.0.0.1 in the URL.
        const PushResult a =
            sender.send({pushTo(server.url(u"/a"_s, u"a.test"_s, u"https"_s), m_subscription)}).value(0);
        QVERIFY2(a.kind == Kind::Delivered, qPrintable(a.error));
        QCOMPARE(server.requests().value(0).headers.value("host"),
                 "a.test:" + QByteArray::number(server.port()));
        // b.test at the same address and port: the a.test connection (kept alive) must not carry it, and its
        // own handshake fails: the certificate does not name b.test.
        const PushResult b =
            sender.send({pushTo(server.url(u"/b"_s, u"b.test"_s, u"https"_s), m_subscription)}).value(0);
        QCOMPARE(b.kind, Kind::Retry);
        QCOMPARE(b.status, 0);
        // Nor does the bare address verify.
        const PushResult ip =
            sender.send({pushTo(server.url(u"/ip"_s, u"127.0.0.1"_s, u"https"_s), m_subscription)}).value(0);
        QCOMPARE(ip.kind, Kind::Retry);
        QCOMPARE(server.requests().size(), 1);
        QSslConfiguration::setDefaultConfiguration(m_defaultSsl);
    }

    void sniNamesTheHost()
    {
        TestPushServer server;
        QVERIFY(server.start(TestPushServer::Mode::CaptureHello));
        TestResolver resolver;
        resolver.names.insert(u"sni.test"_s, {QHostAddress(u"127.0.0.1"_s)});
        PushSenderSettings settings = devSettings();
        settings.resolver = resolver.function();
        PushSender sender(m_vapid, settings);
        const PushResult result =
            sender.send({pushTo(server.url(u"/x"_s, u"sni.test"_s, u"https"_s), m_subscription)}).value(0);
        QCOMPARE(result.kind, Kind::Retry); // the capturing server hangs up after the ClientHello
        const QByteArray hello = server.hello();
        QVERIFY(hello.size() > 5);
        QCOMPARE(hello.at(0), char(0x16)); // a TLS handshake record
        QVERIFY2(hello.contains("sni.test"),
                 hello.first(std::min<qsizetype>(hello.size(), 64)).toHex().constData());
    }

    void manyPushesShareFewConnections()
    {
        TestPushServer server;
        QVERIFY(server.start());
        PushSender sender(m_vapid, devSettings());
        QList<PushRequest> requests;
        for (int i = 0; i < 200; ++i)
            requests.append(pushTo(server.url(u"/many/%1"_s.arg(i)), m_subscription));
        QElapsedTimer clock;
        clock.start();
        QList<PushResult> results = sender.send(requests);
        const qint64 first = clock.restart();
        for (const PushResult &r : std::as_const(results))
            QCOMPARE(r.kind, Kind::Delivered);
        const int connections = server.connections();
        qInfo("200 pushes in one send(): %lld ms, %d connections", first, connections);
        QVERIFY2(connections >= 1 && connections <= devSettings().maxConcurrent,
                 qPrintable(QString::number(connections)));

        // The next call on this thread reuses the connections kept alive.
        results = sender.send(requests);
        qInfo("200 more: %lld ms, %d connections in all", clock.restart(), server.connections());
        for (const PushResult &r : std::as_const(results))
            QCOMPARE(r.kind, Kind::Delivered);
        QVERIFY2(server.connections() <= devSettings().maxConcurrent,
                 qPrintable(QString::number(server.connections())));
        QCOMPARE(server.requests().size(), 400);
        // Every body is a fresh encryption: no two alike.
        QSet<QByteArray> bodies;
        for (const Recorded &r : server.requests())
            bodies.insert(r.body);
        QCOMPARE(bodies.size(), 400);
    }

    void throughput()
    {
        TestPushServer server;
        QVERIFY(server.start());
        PushSender sender(m_vapid, devSettings());
        QList<PushRequest> requests;
        for (int i = 0; i < 1000; ++i)
            requests.append(pushTo(server.url(u"/t/%1"_s.arg(i)), m_subscription));
        QElapsedTimer clock;
        clock.start();
        const QList<PushResult> results = sender.send(requests);
        const qint64 ms = clock.elapsed();
        for (const PushResult &r : results)
            QCOMPARE(r.kind, Kind::Delivered);
        qInfo("1000 pushes in one send(): %lld ms (%.0f/s), %d connections", ms,
              1000.0 * 1000 / std::max<qint64>(ms, 1), server.connections());
    }

    void sendsFromTwoThreadsAtOnce()
    {
        TestPushServer server;
        QVERIFY(server.start());
        PushSenderSettings settings = devSettings();
        settings.maxConcurrent = 8;
        PushSender sender(m_vapid, settings);
        QList<PushResult> results[2];
        std::thread threads[2];
        for (int t = 0; t < 2; ++t) {
            QList<PushRequest> requests;
            for (int i = 0; i < 100; ++i)
                requests.append(pushTo(server.url(u"/thread%1/%2"_s.arg(t).arg(i)), m_subscription));
            // Plain std::threads with no event loop of their own, as the job runner's; each sends twice, and
            // ends with its manager still alive (destroyed at thread exit).
            threads[t] = std::thread([&sender, &results, t, requests] {
                results[t] = sender.send(requests);
                results[t] += sender.send(requests.first(10));
            });
        }
        for (std::thread &thread : threads)
            thread.join();
        for (const QList<PushResult> &list : results) {
            QCOMPARE(list.size(), 110);
            for (const PushResult &r : list)
                QCOMPARE(r.kind, Kind::Delivered);
        }
        QCOMPARE(server.requests().size(), 220);
        QVERIFY2(server.connections() <= 2 * settings.maxConcurrent,
                 qPrintable(QString::number(server.connections())));
    }
};

int main(int argc, char **argv)
{
    QCA::Initializer init;
    QCoreApplication app(argc, argv);
    TestPushSender t;
    return QTest::qExec(&t, argc, argv);
}

#include "tst_push_sender.moc"
