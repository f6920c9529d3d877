// ConfigLoader: precedence (flag > environment > INI > default) and validation naming the bad key.
#include "config/ConfigLoader.h"

#include <QTemporaryDir>

#include <algorithm>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Banter::Server;

class TestConfig : public QObject
{
    Q_OBJECT

    static Banter::Result<ServerConfig> load(const QStringList &args, const QStringList &envPairs = {})
    {
        QCommandLineParser parser;
        ConfigLoader::addOptions(parser);
        if (!parser.parse(QStringList{u"banterd"_s} + args))
            return Banter::makeError(u"parse", parser.errorText());
        QProcessEnvironment env;
        for (const QString &pair : envPairs)
            env.insert(pair.section(u'=', 0, 0), pair.section(u'=', 1));
        return ConfigLoader::load(parser, env);
    }

    QTemporaryDir m_dir;

    QString writeIni(const QByteArray &content)
    {
        const QString path = m_dir.filePath(u"banterd.ini"_s);
        QFile f(path);
        f.open(QIODevice::WriteOnly | QIODevice::Truncate);
        f.write(content);
        return path;
    }

private slots:
    void defaults()
    {
        auto c = load({u"--database-url"_s, u"postgres://u:p@127.0.0.1:5432/db"_s});
        QVERIFY2(c.ok(), qPrintable(c.ok() ? QString() : c.error().message));
        QCOMPARE(c->port, 8080);
        QCOMPARE(c->address.toString(), u"127.0.0.1"_s);
        QCOMPARE(c->databaseUrl.host(), u"127.0.0.1"_s);
        QVERIFY(c->keyFile.endsWith(u"var/banterd/keys.json"_s));
        QCOMPARE(c->logFormat, LogFormat::Text);
        QVERIFY(!c->devMode);
    }

    void precedence()
    {
        const QString ini = writeIni("[server]\nport=7001\naddress=127.0.0.2\n[database]\nurl=postgres://a:b@10.0.0.1/ini\n"
                                     "[log]\nformat=json\n");
        // INI alone
        auto c = load({u"--config"_s, ini});
        QVERIFY(c.ok());
        QCOMPARE(c->port, 7001);
        QCOMPARE(c->databaseUrl.path(), u"/ini"_s);
        QCOMPARE(c->logFormat, LogFormat::Json);
        // environment beats INI
        c = load({u"--config"_s, ini}, {u"BANTER_PORT=7002"_s, u"BANTER_DATABASE_URL=postgres://a:b@h/env"_s});
        QVERIFY(c.ok());
        QCOMPARE(c->port, 7002);
        QCOMPARE(c->databaseUrl.path(), u"/env"_s);
        QCOMPARE(c->address.toString(), u"127.0.0.2"_s);
        // flag beats environment
        c = load({u"--config"_s, ini, u"--port"_s, u"7003"_s}, {u"BANTER_PORT=7002"_s});
        QVERIFY(c.ok());
        QCOMPARE(c->port, 7003);
        c = load({u"--dev"_s, u"--database-url"_s, u"postgres://a:b@h/x"_s});
        QVERIFY(c.ok());
        QVERIFY(c->devMode);
    }

    void badValues_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QStringList>("env");
        QTest::addColumn<QString>("key");
        const QString db = u"--database-url=postgres://a:b@h/x"_s;
        QTest::newRow("port not a number") << QStringList{db, u"--port=http"_s} << QStringList{} << u"port:"_s;
        QTest::newRow("port too big") << QStringList{db, u"--port=70000"_s} << QStringList{} << u"port:"_s;
        QTest::newRow("env port") << QStringList{db} << QStringList{u"BANTER_PORT=-1"_s} << u"port:"_s;
        QTest::newRow("address") << QStringList{db, u"--address=localhost.example"_s} << QStringList{} << u"address:"_s;
        QTest::newRow("log format") << QStringList{db, u"--log-format=xml"_s} << QStringList{} << u"log-format:"_s;
        QTest::newRow("db url scheme") << QStringList{u"--database-url=mysql://h/x"_s} << QStringList{} << u"database-url:"_s;
        QTest::newRow("db url missing") << QStringList{} << QStringList{} << u"database-url:"_s;
        QTest::newRow("connections") << QStringList{db, u"--database-connections=0"_s} << QStringList{}
                                     << u"database-connections:"_s;
        QTest::newRow("dev env") << QStringList{db} << QStringList{u"BANTER_DEV=maybe"_s} << u"dev:"_s;
    }

    void badValues()
    {
        QFETCH(QStringList, args);
        QFETCH(QStringList, env);
        QFETCH(QString, key);
        auto c = load(args, env);
        QVERIFY(!c.ok());
        QVERIFY2(c.error().message.startsWith(key), qPrintable(c.error().message));
        QVERIFY(!c.error().message.contains(u'\n'));
    }

    void badIni()
    {
        auto c = load({u"--config"_s, writeIni("[server]\nprot=1\n")});
        QVERIFY(!c.ok());
        QVERIFY2(c.error().message.contains(u"server/prot"_s), qPrintable(c.error().message));
        c = load({u"--config"_s, m_dir.filePath(u"missing.ini"_s)});
        QVERIFY(!c.ok());
        QVERIFY(c.error().message.startsWith(u"config:"_s));
        c = load({u"--config"_s, writeIni("[server]\nport=abc\n[database]\nurl=postgres://a:b@h/x\n")});
        QVERIFY(!c.ok());
        QVERIFY(c.error().message.startsWith(u"port:"_s));
    }

    void originsAndMetrics()
    {
        const QString db = u"--database-url=postgres://a:b@h/x"_s;
        // An unquoted list in the INI file is the same comma-separated value as a flag.
        auto c = load({u"--config"_s, writeIni("[http]\nallowed-origins=https://a.example, http://b.example:8080\n"), db});
        QVERIFY2(c.ok(), qPrintable(c.ok() ? QString() : c.error().message));
        QCOMPARE(c->allowedOrigins, (QStringList{u"https://a.example"_s, u"http://b.example:8080"_s}));
        c = load({db, u"--allowed-origins=https://a.example/path"_s});
        QVERIFY(!c.ok());
        QVERIFY(c.error().message.startsWith(u"allowed-origins:"_s));
        c = load({db, u"--allowed-origins=*"_s});
        QVERIFY(!c.ok()); // any origin only in development
        QVERIFY(load({db, u"--allowed-origins=*"_s, u"--dev"_s}).ok());
        c = load({db, u"--metrics-address=127.0.0.1:9464"_s}, {u"BANTER_METRICS_TOKEN=0123456789abcdef"_s});
        QVERIFY(c.ok());
        QCOMPARE(c->metricsPort, quint16(9464));
        QCOMPARE(c->metricsToken, QByteArray("0123456789abcdef"));
        QVERIFY(!load({db, u"--metrics-address=localhost"_s}).ok());
        QVERIFY(!load({db}, {u"BANTER_METRICS_TOKEN=short"_s}).ok());
    }

    void oidcProvidersFromEverySource()
    {
        const QString db = u"--database-url=postgres://u:p@h/db"_s;
        // INI, then the environment, then flags, each overriding the one before; presets fill in issuers.
        const QString ini = writeIni("[database]\nurl=postgres://a:b@h/x\n[oidc]\ngoogle/client-id=from-ini\n"
                                     "corp/issuer=https://login.example.com/realms/x\ncorp/client-id=corp-id\n"
                                     "corp/client-secret=s3cret\nredirects=https://chat.example.com/in,http://127.0.0.1:3000/in\n");
        auto c = load({u"--config"_s, ini, u"--oidc"_s, u"facebook/client-id=fb-flag"_s},
                      {u"BANTER_OIDC_GOOGLE_CLIENT_ID=from-env"_s});
        QVERIFY2(c.ok(), qPrintable(c.ok() ? QString() : c.error().message));
        QCOMPARE(c->oidcProviders.size(), 3);
        const auto byName = [&](const QString &name) {
            return *std::find_if(c->oidcProviders.cbegin(), c->oidcProviders.cend(),
                                 [&](const OidcProviderConfig &p) { return p.name == name; });
        };
        QCOMPARE(byName(u"google"_s).clientId, u"from-env"_s);
        QCOMPARE(byName(u"google"_s).issuer, u"https://accounts.google.com"_s);
        QCOMPARE(byName(u"facebook"_s).issuer, u"https://www.facebook.com"_s);
        QCOMPARE(byName(u"facebook"_s).clientId, u"fb-flag"_s);
        QCOMPARE(byName(u"corp"_s).clientSecret, u"s3cret"_s);
        QCOMPARE(c->oidcRedirects, QStringList({u"https://chat.example.com/in"_s, u"http://127.0.0.1:3000/in"_s}));

        // Refusals name the key and never echo a secret.
        c = load({db, u"--oidc"_s, u"corp/client-id=x"_s});
        QVERIFY(!c.ok());
        QVERIFY2(c.error().message.startsWith(u"oidc/corp/issuer:"_s), qPrintable(c.error().message));
        c = load({db, u"--oidc"_s, u"corp/issuer=https://login.example.com"_s});
        QVERIFY(!c.ok());
        QVERIFY(c.error().message.startsWith(u"oidc/corp/client-id:"_s));
        c = load({db, u"--oidc"_s, u"corp/issuer=http://127.0.0.1:4000"_s, u"--oidc"_s, u"corp/client-id=x"_s});
        QVERIFY(!c.ok()); // http only with --dev
        QVERIFY(load({db, u"--dev"_s, u"--oidc"_s, u"corp/issuer=http://127.0.0.1:4000"_s, u"--oidc"_s, u"corp/client-id=x"_s}).ok());
        QVERIFY(!load({db, u"--dev"_s, u"--oidc"_s, u"corp/issuer=http://10.0.0.1:4000"_s, u"--oidc"_s, u"corp/client-id=x"_s}).ok());
        c = load({db, u"--oidc"_s, u"Bad_Name/client-id=x"_s});
        QVERIFY(!c.ok());
        c = load({db, u"--oidc"_s, u"google/client-secrte=hunter2"_s});
        QVERIFY(!c.ok());
        QVERIFY(!c.error().message.contains(u"hunter2"_s));
        QVERIFY(!load({db, u"--oidc"_s, u"google"_s}).ok());
        QVERIFY(!load({db, u"--oidc-redirects=https://x.example/in?next=1"_s}).ok());
        QVERIFY(!load({db, u"--oidc-redirects=http://x.example/in"_s}).ok());
        QVERIFY(!load({u"--config"_s, writeIni("[database]\nurl=postgres://a:b@h/x\n[oidc]\ngoogle/unknown=1\n")}).ok());
    }

    void exampleIniIsValid()
    {
        auto c = load({u"--config"_s, QStringLiteral(BANTER_SOURCE_DIR "/resources/banterd.example.ini")},
                      {u"BANTER_DATABASE_URL=postgres://a:b@h/x"_s});
        QVERIFY2(c.ok(), qPrintable(c.ok() ? QString() : c.error().message));
    }
};

QTEST_GUILESS_MAIN(TestConfig)
#include "tst_config.moc"
