// Migrations against a real PostgreSQL: apply, re-apply is a no-op, a newer schema is refused.
#include "storage/DbSession.h"
#include "storage/Migrator.h"
#include "storage/SqlFiles.h"
#include "support/PgFixture.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QTest>

#include <functional>

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

    // The writer's per-batch statements are prepared, so PostgreSQL may plan them once, generically, with the
    // statistics of that moment. The retry lookup (messages/find_by_client_ids) was a plain join: planned while
    // messages was small it hashed the batch's keys and scanned the whole table on every batch (12 ms a batch at
    // 100,000 messages, the largest cost of the send path on the bench). Whatever the statistics say, each row of
    // a batch must be one index probe of the tables that grow with use.
    void writerStatementsProbeIndexesUnderAGenericPlan_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("parameter");
        QTest::addColumn<QString>("table");
        QTest::addColumn<QString>("row"); // %1 = 1..200
        QTest::addColumn<QString>("brackets"); // around the rows: a JSON array, or a bigint array literal
        QTest::newRow("retry lookup") << u"messages/find_by_client_ids"_s << u"keys"_s << u"messages"_s
                                      << uR"({"conversation_id":%1,"sender_id":1,"client_message_id":"c%1"})"_s << u"[]"_s;
        QTest::newRow("seq allocation") << u"conversations/allocate_seqs"_s << u"counts"_s << u"conversations"_s
                                        << uR"({"id":%1,"n":2})"_s << u"[]"_s;
        QTest::newRow("seq locks") << u"conversations/lock_for_seqs"_s << u"ids"_s << u"conversations"_s << u"%1"_s
                                   << u"{}"_s;
        // conversations/mark_read is left as a join: its = ANY (ARRAY(...)) form took twice the time per batch on the
        // bench, and conversation_members grows with users and groups, slowly enough for autoanalyze to keep its
        // statistics (and so the plan) in step; messages grows by thousands a second.
    }

    void writerStatementsProbeIndexesUnderAGenericPlan()
    {
        QFETCH(QString, query);
        QFETCH(QString, parameter);
        QFETCH(QString, table);
        QFETCH(QString, row);
        QFETCH(QString, brackets);
        const QUrl db = m_pg.createDatabase();
        DbSession session{ConnectionFactory(db), u"m4"_s};
        QVERIFY(Migrator(session).migrate().ok());
        for (const QString &sql : {
                 u"INSERT INTO users (username, display_name, password_hash) VALUES ('planner', 'p', 'x')"_s,
                 u"INSERT INTO conversations (type, title, created_by) SELECT 'group', 't', u.id "
                 "FROM users u, generate_series(1, 3000)"_s,
                 u"INSERT INTO conversation_members (conversation_id, user_id) SELECT c.id, u.id FROM conversations c, users u"_s,
                 u"INSERT INTO messages (conversation_id, seq, sender_id, client_message_id, key_id, nonce, ciphertext) "
                 "SELECT c.id, 1, u.id, 'c' || c.id, 'k', '\\x000000000000000000000000', '\\x00' "
                 "FROM conversations c, users u"_s,
                 u"ANALYZE"_s, u"SET plan_cache_mode = force_generic_plan"_s}) {
            auto r = session.execText(sql);
            QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
        }
        QString text = SqlFiles::query(query);
        QVERIFY(text.contains(u':' + parameter));
        text.replace(u':' + parameter, u"$1"_s);
        auto prepared = session.execText(u"PREPARE statement(text) AS "_s + text);
        QVERIFY2(prepared.ok(), qPrintable(prepared.ok() ? QString() : prepared.error().message));
        QStringList rows;
        for (int i = 1; i <= 200; ++i)
            rows.append(row.arg(i * 7));
        const QString batch = brackets.front() + rows.join(u","_s) + brackets.back();
        auto plan = session.scalarText(u"EXPLAIN (FORMAT JSON) EXECUTE statement('%1')"_s.arg(batch));
        QVERIFY2(plan.ok(), qPrintable(plan.ok() ? QString() : plan.error().message));
        QStringList scans; // every node that reads the table, by its kind
        const std::function<void(const QJsonObject &)> walk = [&](const QJsonObject &node) {
            if (node.value(u"Relation Name"_s).toString() == table)
                scans.append(node.value(u"Node Type"_s).toString());
            for (const QJsonValue &child : node.value(u"Plans"_s).toArray())
                walk(child.toObject());
        };
        walk(QJsonDocument::fromJson(plan.value().toString().toUtf8()).array().first().toObject().value(u"Plan"_s).toObject());
        QVERIFY2(!scans.isEmpty(), qPrintable(plan.value().toString()));
        QVERIFY2(!scans.contains(u"Seq Scan"_s), qPrintable(scans.join(u", "_s)));
        auto executed = session.execText(u"EXECUTE statement('%1')"_s.arg(batch));
        QVERIFY2(executed.ok(), qPrintable(executed.ok() ? QString() : executed.error().message));
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
