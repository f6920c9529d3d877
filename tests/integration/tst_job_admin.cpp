// The job queue's admin side against a real banterd and PostgreSQL: GET /api/admin/jobs and
// POST /api/admin/jobs/:id/retry (admins only, audited as job.retry), the jobs figures of the admin metrics, and
// `banter-console jobs [--failed] [--retry ID]`. banterd registers no job kinds yet, so the jobs here are rows
// written straight into the database, of a kind no banterd runs: a retried one stays pending.
#include "tst_console_fixture.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;
using namespace Banter::Test;

class TestJobAdmin : public QObject
{
    Q_OBJECT
    PgFixture m_pg;
    std::unique_ptr<AdminServer> m_server;
    TestUser m_admin, m_mod, m_user;

    static QString code(const HttpReply &r) { return r.json.value(u"error"_s).toObject().value(u"code"_s).toString(); }

    // A dead job of a kind nothing runs; its id.
    QString deadJob(const QString &key)
    {
        const bool ok = m_pg.exec(m_server->database(),
                                  u"INSERT INTO jobs (kind, job_key, payload, state, attempts, max_attempts, last_error) "
                                  "VALUES ('test.never', '%1', '{\"n\":1}', 'dead', 8, 8, 'push service said 410')"_s.arg(key));
        if (!ok)
            return {};
        auto http = m_server->http(m_admin.token);
        const QJsonArray jobs = http->get(u"/api/admin/jobs?state=dead&kind=test.never&limit=500"_s).json.value(u"jobs"_s).toArray();
        for (const QJsonValue &j : jobs)
            if (j.toObject().value(u"key"_s).toString() == key)
                return j.toObject().value(u"id"_s).toString();
        return {};
    }

    ConsoleRun admin(QStringList args)
    {
        args << u"--server"_s << m_server->server();
        return runConsole(args, consoleEnvironment(AdminServer::AdminName, AdminServer::AdminPassword));
    }
    static QString show(const ConsoleRun &r) { return u"exit %1\nstdout: %2\nstderr: %3"_s.arg(r.code).arg(r.out, r.err); }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_pg.available(), "the pg fixture is not running");
        m_server = std::make_unique<AdminServer>(m_pg);
        QVERIFY(m_server->start());
        m_admin = m_server->login(AdminServer::AdminName, AdminServer::AdminPassword);
        QVERIFY(!m_admin.token.isEmpty());
        m_mod = m_server->registerUser(u"mod"_s);
        m_user = m_server->registerUser(u"plain"_s);
        const HttpReply promoted = m_server->http(m_admin.token)
                                       ->put(u"/api/admin/users/%1/role"_s.arg(m_mod.id),
                                             {{u"role"_s, u"moderator"_s}, {u"reason"_s, u"helps"_s}});
        QCOMPARE(promoted.status, 200);
        m_mod = m_server->login(u"mod"_s, AdminServer::UserPassword);
    }

    void listsAndRetriesDeadJobsAudited()
    {
        const QString id = deadJob(u"k1"_s);
        QVERIFY(!id.isEmpty());
        auto http = m_server->http(m_admin.token);
        HttpReply list = http->get(u"/api/admin/jobs?state=dead"_s);
        QCOMPARE(list.status, 200);
        const QJsonObject job = list.json.value(u"jobs"_s).toArray().at(0).toObject();
        QCOMPARE(job.value(u"id"_s).toString(), id);
        QCOMPARE(job.value(u"kind"_s).toString(), u"test.never"_s);
        QCOMPARE(job.value(u"key"_s).toString(), u"k1"_s);
        QCOMPARE(job.value(u"state"_s).toString(), u"dead"_s);
        QCOMPARE(job.value(u"attempts"_s).toInt(), 8);
        QCOMPARE(job.value(u"maxAttempts"_s).toInt(), 8);
        QCOMPARE(job.value(u"lastError"_s).toString(), u"push service said 410"_s);
        QVERIFY(!job.value(u"runAt"_s).toString().isEmpty());
        QVERIFY(!job.value(u"createdAt"_s).toString().isEmpty());

        const HttpReply retried = http->post(u"/api/admin/jobs/%1/retry"_s.arg(id), {{u"reason"_s, u"service is back"_s}});
        QCOMPARE(retried.status, 200);
        const QJsonObject after = retried.json.value(u"job"_s).toObject();
        QCOMPARE(after.value(u"state"_s).toString(), u"pending"_s);
        QCOMPARE(after.value(u"attempts"_s).toInt(), 0);
        // Audited, with the job's kind, key and last error.
        const QJsonArray entries = http->get(u"/api/admin/audit?action=job.retry&target="_s + id).json.value(u"entries"_s).toArray();
        QCOMPARE(entries.size(), 1);
        const QJsonObject entry = entries.at(0).toObject();
        QCOMPARE(entry.value(u"targetType"_s).toString(), u"job"_s);
        QCOMPARE(entry.value(u"reason"_s).toString(), u"service is back"_s);
        QCOMPARE(entry.value(u"actor"_s).toObject().value(u"username"_s).toString(), AdminServer::AdminName);
        QCOMPARE(entry.value(u"details"_s).toObject().value(u"kind"_s).toString(), u"test.never"_s);
        QCOMPARE(entry.value(u"details"_s).toObject().value(u"lastError"_s).toString(), u"push service said 410"_s);
        // Pending now (no banterd knows the kind, so it waits), and no dead job is left to retry.
        const QJsonArray pending = http->get(u"/api/admin/jobs?state=pending"_s).json.value(u"jobs"_s).toArray();
        QCOMPARE(pending.size(), 1);
        QCOMPARE(pending.at(0).toObject().value(u"id"_s).toString(), id);
        const HttpReply again = http->post(u"/api/admin/jobs/%1/retry"_s.arg(id), {});
        QCOMPARE(again.status, 404);
        QCOMPARE(code(again), u"not_found"_s);
        QCOMPARE(http->post(u"/api/admin/jobs/999999/retry"_s, {}).status, 404);
        QCOMPARE(http->post(u"/api/admin/jobs/abc/retry"_s, {}).status, 404);
    }

    void refusesBadInputAndNonAdmins()
    {
        auto http = m_server->http(m_admin.token);
        QCOMPARE(http->get(u"/api/admin/jobs?state=lost"_s).status, 400);
        QCOMPARE(http->get(u"/api/admin/jobs?limit=0"_s).status, 400);
        QCOMPARE(http->get(u"/api/admin/jobs?limit=x"_s).status, 400);
        for (const TestUser &who : {m_mod, m_user}) {
            auto as = m_server->http(who.token);
            const HttpReply list = as->get(u"/api/admin/jobs"_s);
            QCOMPARE(list.status, 403);
            QCOMPARE(code(list), u"forbidden"_s);
            QCOMPARE(as->post(u"/api/admin/jobs/1/retry"_s, {}).status, 403);
        }
        QCOMPARE(m_server->http()->get(u"/api/admin/jobs"_s).status, 401);
    }

    void theAdminMetricsCountTheQueue()
    {
        const QString id = deadJob(u"metrics"_s);
        QVERIFY(!id.isEmpty());
        auto http = m_server->http(m_admin.token);
        // The runner reads the queue every 5 s: one dead job (this one), one pending (the earlier retried one).
        QTRY_VERIFY_WITH_TIMEOUT(http->get(u"/api/admin/metrics"_s).json.value(u"jobsDead"_s).toInteger() >= 1, 15000);
        const QJsonObject sample = http->get(u"/api/admin/metrics"_s).json;
        for (const QString &key : {u"jobsDepth"_s, u"jobsOldestSeconds"_s, u"jobsDead"_s, u"jobsDone"_s, u"jobsFailed"_s})
            QVERIFY2(sample.contains(key), qPrintable(key));
        QVERIFY(sample.value(u"jobsDepth"_s).toInteger() >= 1);
    }

    // GET /metrics of a second banterd on the same database: the queue as its runner read it at start.
    void prometheusMetricsShowTheQueuePerKind()
    {
        const QString id = deadJob(u"prometheus"_s);
        QVERIFY(!id.isEmpty());
        BanterdProcess second;
        QVERIFY2(second.start(m_server->database(), {u"--metrics-token"_s, u"scrape-secret-0123456789"_s, u"--job-threads"_s, u"1"_s}),
                 qPrintable(second.output()));
        HttpClient http(second.baseUrl());
        http.setToken(u"scrape-secret-0123456789"_s);
        QByteArray text;
        QTRY_VERIFY_WITH_TIMEOUT((text = http.get(u"/metrics"_s).body).contains("banter_jobs_dead{kind=\"test.never\"}"), 15000);
        QVERIFY2(text.contains("# TYPE banter_jobs_depth gauge"), text.constData());
        QVERIFY(text.contains("banter_jobs_depth{kind=\"test.never\"}"));
        QVERIFY(text.contains("banter_jobs_oldest_seconds{kind=\"test.never\"}"));
        QVERIFY(text.contains("# TYPE banter_jobs_processed_total counter"));
        QCOMPARE(second.terminate(), 0);
    }

    void consoleListsAndRetries()
    {
        const QString id = deadJob(u"console"_s);
        QVERIFY(!id.isEmpty());
        ConsoleRun failed = admin({u"jobs"_s, u"--failed"_s});
        QVERIFY2(failed.code == 0, qPrintable(show(failed)));
        QVERIFY2(failed.out.contains(id) && failed.out.contains(u"push service said 410"_s), qPrintable(show(failed)));
        ConsoleRun json = admin({u"jobs"_s, u"--failed"_s, u"--json"_s});
        QVERIFY2(json.code == 0, qPrintable(show(json)));
        QVERIFY(!json.json().value(u"jobs"_s).toArray().isEmpty());

        ConsoleRun retry = admin({u"jobs"_s, u"--retry"_s, id, u"--reason"_s, u"from the console"_s});
        QVERIFY2(retry.code == 0, qPrintable(show(retry)));
        QVERIFY2(retry.out.contains(u"Job %1 (test.never) will run again."_s.arg(id)), qPrintable(show(retry)));
        ConsoleRun again = admin({u"jobs"_s, u"--retry"_s, id});
        QVERIFY2(again.code == 1, qPrintable(show(again))); // the server said no: 404
        ConsoleRun pending = admin({u"jobs"_s});
        QVERIFY2(pending.code == 0 && pending.out.contains(id), qPrintable(show(pending)));
        QCOMPARE(admin({u"jobs"_s, u"--retry"_s, id, u"--failed"_s}).code, 64);
        QCOMPARE(admin({u"jobs"_s, u"--limit"_s, u"0"_s}).code, 64);

        // Audited like the REST retry.
        auto http = m_server->http(m_admin.token);
        const QJsonArray entries = http->get(u"/api/admin/audit?action=job.retry&target="_s + id).json.value(u"entries"_s).toArray();
        QCOMPARE(entries.size(), 1);
        QCOMPARE(entries.at(0).toObject().value(u"reason"_s).toString(), u"from the console"_s);
    }
};

QTEST_GUILESS_MAIN(TestJobAdmin)
#include "tst_job_admin.moc"
