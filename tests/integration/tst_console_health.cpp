// banter-console's headless `health` command against a real banterd: ready, not ready, unreachable,
// and the German translation actually shown.
#include "support/BanterdProcess.h"
#include "support/PgFixture.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Banter::Test;

class TestConsoleHealth : public QObject
{
    Q_OBJECT
    PgFixture m_pg;

    struct Run
    {
        int code;
        QString out;
    };
    static Run console(const QStringList &args, const QString &lang = u"C.UTF-8"_s)
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"LANG"_s, lang);
        env.insert(u"LC_ALL"_s, lang);
        env.remove(u"DISPLAY"_s); // must not need a display
        env.remove(u"QT_QPA_PLATFORM"_s);
        p.setProcessEnvironment(env);
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(QStringLiteral(BANTER_CONSOLE_PATH), args);
        if (!p.waitForFinished(30000))
            return {-1, u"timeout"_s};
        return {p.exitCode(), QString::fromUtf8(p.readAll())};
    }

private slots:
    void initTestCase() { QVERIFY2(m_pg.available(), "the pg fixture is not running"); }

    void readyAndNotReady()
    {
        const QUrl db = m_pg.createDatabase();
        BanterdProcess banterd;
        QVERIFY2(banterd.start(db), qPrintable(banterd.output()));
        const QString server = banterd.baseUrl().toString();

        Run ready = console({u"health"_s, u"--server"_s, server});
        QCOMPARE(ready.code, 0);
        QVERIFY2(ready.out.contains(u"Ready"_s), qPrintable(ready.out));

        Run json = console({u"health"_s, u"--server"_s, server, u"--json"_s});
        QCOMPARE(json.code, 0);
        const QJsonObject o = QJsonDocument::fromJson(json.out.toUtf8()).object();
        QCOMPARE(o.value(u"state"_s).toString(), u"ready"_s);
        QVERIFY(o.value(u"schemaVersion"_s).toInt() >= 1);

        Run german = console({u"health"_s, u"--server"_s, server, u"--lang"_s, u"de"_s});
        QCOMPARE(german.code, 0);
        QVERIFY2(german.out.contains(u"Bereit"_s), qPrintable(german.out));

        Run germanLocale = console({u"health"_s, u"--server"_s, server}, u"de_DE.UTF-8"_s);
        QVERIFY2(germanLocale.out.contains(u"Bereit"_s), qPrintable(germanLocale.out));

        QVERIFY(m_pg.exec(db, u"DROP TABLE schema_migrations"_s));
        Run notReady = console({u"health"_s, u"--server"_s, server});
        QCOMPARE(notReady.code, 1);
        QVERIFY2(notReady.out.contains(u"Not ready"_s), qPrintable(notReady.out));
        Run notReadyDe = console({u"health"_s, u"--server"_s, server, u"--lang=de"_s});
        QVERIFY2(notReadyDe.out.contains(u"Nicht bereit"_s), qPrintable(notReadyDe.out));
        QCOMPARE(banterd.terminate(), 0);
    }

    void unreachable()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const quint16 port = probe.serverPort();
        probe.close(); // now nothing listens there
        Run r = console({u"health"_s, u"--server"_s, QStringLiteral("http://127.0.0.1:%1").arg(port), u"--json"_s});
        QCOMPARE(r.code, 2);
        QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).object().value(u"state"_s).toString(), u"unreachable"_s);
    }

    void usageErrors()
    {
        QCOMPARE(console({u"health"_s, u"--server"_s, u"ftp://x"_s}).code, 64);
        QCOMPARE(console({u"frobnicate"_s}).code, 64);
        Run help = console({u"health"_s, u"--help"_s});
        QCOMPARE(help.code, 0);
        QVERIFY(help.out.contains(u"--server"_s));
        // Without a command it is the window, but --help and --version print and exit without a display.
        Run windowHelp = console({u"--help"_s});
        QCOMPARE(windowHelp.code, 0);
        QVERIFY2(windowHelp.out.contains(u"--screenshot-dir"_s), qPrintable(windowHelp.out));
        Run version = console({u"--version"_s});
        QCOMPARE(version.code, 0);
        QVERIFY2(version.out.contains(QStringLiteral(BANTER_VERSION)), qPrintable(version.out));
    }
};

QTEST_GUILESS_MAIN(TestConsoleHealth)
#include "tst_console_health.moc"
