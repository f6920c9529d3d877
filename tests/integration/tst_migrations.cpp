// Migrations against a real PostgreSQL: apply, re-apply is a no-op, a newer schema is refused.
#include "storage/DbSession.h"
#include "storage/Migrator.h"
#include "support/PgFixture.h"

#include <QSqlQuery>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Banter::Server;
using Banter::Test::PgFixture;

class TestMigrations : public QObject
{
    Q_OBJECT
    PgFixture m_pg;

private slots:
    void initTestCase() { QVERIFY2(m_pg.available(), "the pg fixture is not running"); }

    void appliesAllThenNoOp()
    {
        const QUrl db = m_pg.createDatabase();
        DbSession session{ConnectionFactory(db), u"m1"_s};
        Migrator migrator(session);
        QVERIFY(Migrator::latestVersion() >= 1);
        auto first = migrator.migrate();
        QVERIFY2(first.ok(), qPrintable(first.ok() ? QString() : first.error().message));
        QCOMPARE(first.value(), Migrator::latestVersion());

        auto count = session.scalarText(u"SELECT count(*) FROM schema_migrations"_s);
        QVERIFY(count.ok());
        QCOMPARE(count.value().toInt(), Migrator::available().size());

        auto second = migrator.migrate();
        QVERIFY(second.ok());
        QCOMPARE(second.value(), first.value());
        count = session.scalarText(u"SELECT count(*) FROM schema_migrations"_s);
        QCOMPARE(count.value().toInt(), Migrator::available().size());
        // The tables of migration 001 exist.
        auto installation = session.scalarText(u"SELECT count(*) FROM installation"_s);
        QVERIFY(installation.ok());
        QCOMPARE(installation.value().toInt(), 1);
        // And those of the newest: rotated-out refresh tokens, kept per session (005).
        auto rotated = session.scalarText(u"SELECT count(*) FROM session_rotated_tokens"_s);
        QVERIFY2(rotated.ok(), rotated.ok() ? "" : qPrintable(rotated.error().message));
        QVERIFY(Migrator::latestVersion() >= 5);
    }

    void newerSchemaRefused()
    {
        const QUrl db = m_pg.createDatabase();
        DbSession session{ConnectionFactory(db), u"m2"_s};
        QVERIFY(Migrator(session).migrate().ok());
        QVERIFY(m_pg.exec(db, QStringLiteral("INSERT INTO schema_migrations (version, name) VALUES (%1, 'future')")
                                  .arg(Migrator::latestVersion() + 1)));
        auto again = Migrator(session).migrate();
        QVERIFY(!again.ok());
        QCOMPARE(again.error().code, u"schema_too_new"_s);
        QVERIFY(again.error().message.contains(QString::number(Migrator::latestVersion() + 1)));
    }

    void failedConnectionIsAnError()
    {
        QUrl bad = m_pg.serverUrl(u"does_not_exist"_s);
        DbSession session{ConnectionFactory(bad), u"m3"_s};
        auto r = Migrator(session).migrate();
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, u"unavailable"_s);
        QVERIFY(!r.error().message.contains(bad.password())); // never log the password
    }
};

QTEST_GUILESS_MAIN(TestMigrations)
#include "tst_migrations.moc"
