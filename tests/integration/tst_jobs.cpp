// The durable job queue (issue #12) against a real PostgreSQL: JobRepository and JobRunner with handlers
// registered here. Once per key, retries with backoff until dead, retry of a dead job, two runners ("nodes") on
// one database sharing 500 jobs with each run exactly once, and a lease that runs out making a job claimable.
#include "service/JobRunner.h"
#include "storage/DbSession.h"
#include "storage/JobRepository.h"
#include "storage/Migrator.h"
#include "storage/Transaction.h"
#include "support/PgFixture.h"

#include <QElapsedTimer>
#include <QSqlQuery>
#include <QTest>
#include <QThread>

#include <atomic>
#include <pthread.h>
#include <sched.h>
#include <mutex>

using namespace Qt::StringLiterals;
using namespace Banter::Server;
using Banter::Test::PgFixture;
using namespace std::chrono_literals;

class TestJobs : public QObject
{
    Q_OBJECT
    PgFixture m_pg;

    // A fresh, migrated database.
    QUrl freshDatabase()
    {
        const QUrl url = m_pg.createDatabase();
        DbSession session{ConnectionFactory(url), u"jobs-migrate"_s};
        auto migrated = Migrator(session).migrate();
        if (!migrated)
            qWarning() << migrated.error().message;
        return url;
    }

    // Settings for tests: fast polls and backoff.
    static JobRunnerSettings fast(const QString &node, int threads = 2)
    {
        JobRunnerSettings s;
        s.threads = threads;
        s.node = node;
        s.poll = 20ms;
        s.backoffBase = 20ms;
        s.backoffCap = 200ms;
        s.statsInterval = 100ms;
        return s;
    }

    static int count(DbSession &db, const QString &sql)
    {
        auto v = db.scalarText(sql);
        return v ? v.value().toInt() : -1;
    }

private slots:
    void initTestCase() { QVERIFY2(m_pg.available(), "the pg fixture is not running"); }

    void backoffIsFullJitterUnderADoublingCeiling()
    {
        // draw 1: the ceiling itself, doubling from the base up to the cap.
        QCOMPARE(JobRunner::backoff(1, 1000ms, 600000ms, 1.0), 1000ms);
        QCOMPARE(JobRunner::backoff(2, 1000ms, 600000ms, 1.0), 2000ms);
        QCOMPARE(JobRunner::backoff(3, 1000ms, 600000ms, 1.0), 4000ms);
        QCOMPARE(JobRunner::backoff(10, 1000ms, 600000ms, 1.0), 512000ms);
        QCOMPARE(JobRunner::backoff(11, 1000ms, 600000ms, 1.0), 600000ms);
        QCOMPARE(JobRunner::backoff(1000, 1000ms, 600000ms, 1.0), 600000ms);
        // Full jitter: anything from 0 up to it.
        QCOMPARE(JobRunner::backoff(5, 1000ms, 600000ms, 0.0), 0ms);
        QCOMPARE(JobRunner::backoff(5, 1000ms, 600000ms, 0.5), 8000ms);
    }

    void aJobRunsOnceAndIsDeleted()
    {
        const QUrl url = freshDatabase();
        DbSession db{ConnectionFactory(url), u"t"_s};
        std::atomic<int> runs{0};
        QJsonObject seen;
        int policy = -1;
        QByteArray threadName;
        std::mutex m;
        JobRunner runner(ConnectionFactory(url), fast(u"a"_s));
        runner.registerHandler(u"echo"_s, [&](DbSession &, const QJsonObject &payload) {
            std::lock_guard lock(m);
            seen = payload;
            policy = sched_getscheduler(0);
            char name[16] = {};
            pthread_getname_np(pthread_self(), name, sizeof name);
            threadName = name;
            ++runs;
            return JobOutcome::done();
        });
        runner.start();
        {
            auto tx = Transaction::begin(db);
            QVERIFY(tx.ok());
            auto id = JobRepository(db).enqueue(u"echo"_s, u"k1"_s, {{u"n"_s, 7}});
            QVERIFY(id.ok());
            QVERIFY(id.value().has_value());
            QVERIFY(tx.value().commit().ok());
        }
        runner.wake();
        QTRY_COMPARE_WITH_TIMEOUT(runs.load(), 1, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(count(db, u"SELECT count(*) FROM jobs"_s), 0, 5000);
        QTest::qWait(300);
        QCOMPARE(runs.load(), 1);
        {
            std::lock_guard lock(m);
            QCOMPARE(seen.value(u"n"_s).toInt(), 7);
            // Background work: the runner's threads yield the CPU to the send path at once (docs/architecture.md).
            QCOMPARE(policy, SCHED_IDLE);
            QVERIFY2(threadName.startsWith("banter-jobs-"), threadName.constData());
        }
        QTRY_COMPARE_WITH_TIMEOUT(runner.counters().value(u"echo"_s).done, quint64(1), 2000);
    }

    void anEnqueueRolledBackNeverRuns()
    {
        const QUrl url = freshDatabase();
        DbSession db{ConnectionFactory(url), u"t"_s};
        std::atomic<int> runs{0};
        JobRunner runner(ConnectionFactory(url), fast(u"a"_s));
        runner.registerHandler(u"echo"_s, [&](DbSession &, const QJsonObject &) { ++runs; return JobOutcome::done(); });
        runner.start();
        {
            auto tx = Transaction::begin(db);
            QVERIFY(tx.ok());
            QVERIFY(JobRepository(db).enqueue(u"echo"_s, u"gone"_s, {}).ok());
            // no commit: the change that caused it did not happen, so neither does the job
        }
        QTest::qWait(300);
        QCOMPARE(runs.load(), 0);
        QCOMPARE(count(db, u"SELECT count(*) FROM jobs"_s), 0);
    }

    void theSameKeyTwiceRunsOnce()
    {
        const QUrl url = freshDatabase();
        DbSession db{ConnectionFactory(url), u"t"_s};
        JobRepository jobs(db);
        auto first = jobs.enqueue(u"echo"_s, u"same"_s, {{u"n"_s, 1}});
        auto second = jobs.enqueue(u"echo"_s, u"same"_s, {{u"n"_s, 2}});
        QVERIFY(first.ok() && second.ok());
        QVERIFY(first.value().has_value());
        QVERIFY(!second.value().has_value()); // a no-op
        // Another kind may use the same key.
        auto other = jobs.enqueue(u"other"_s, u"same"_s, {});
        QVERIFY(other.ok() && other.value().has_value());
        std::atomic<int> runs{0};
        std::atomic<int> lastN{0};
        JobRunner runner(ConnectionFactory(url), fast(u"a"_s));
        runner.registerHandler(u"echo"_s, [&](DbSession &, const QJsonObject &p) {
            lastN = p.value(u"n"_s).toInt();
            ++runs;
            return JobOutcome::done();
        });
        runner.start();
        QTRY_COMPARE_WITH_TIMEOUT(runs.load(), 1, 5000);
        QTest::qWait(300);
        QCOMPARE(runs.load(), 1);
        QCOMPARE(lastN.load(), 1);
    }

    void aJobOfAnUnknownKindWaitsForANodeThatKnowsIt()
    {
        const QUrl url = freshDatabase();
        DbSession db{ConnectionFactory(url), u"t"_s};
        QVERIFY(JobRepository(db).enqueue(u"future-kind"_s, u"x"_s, {}).ok());
        JobRunner runner(ConnectionFactory(url), fast(u"a"_s));
        runner.registerHandler(u"echo"_s, [](DbSession &, const QJsonObject &) { return JobOutcome::done(); });
        runner.start();
        QTest::qWait(300);
        QCOMPARE(count(db, u"SELECT count(*) FROM jobs WHERE kind = 'future-kind' AND state = 'pending' AND attempts = 0"_s), 1);
        // Its depth shows in the statistics.
        QTRY_VERIFY_WITH_TIMEOUT(!runner.queueStats().isEmpty(), 2000);
        QCOMPARE(runner.queueStats().value(0).kind, u"future-kind"_s);
        QCOMPARE(runner.queueStats().value(0).depth, qint64(1));
    }

    void aFailingJobIsRetriedWithBackoffThenDeadThenRetriedByHand()
    {
        const QUrl url = freshDatabase();
        DbSession db{ConnectionFactory(url), u"t"_s};
        std::mutex m;
        QList<qint64> calls; // ms since start
        QElapsedTimer clock;
        clock.start();
        std::atomic<bool> healed{false};
        JobRunnerSettings s = fast(u"a"_s, 1);
        s.backoffBase = 100ms;
        s.backoffCap = 400ms;
        JobRunner runner(ConnectionFactory(url), s);
        runner.registerHandler(u"flaky"_s, [&](DbSession &, const QJsonObject &) {
            std::lock_guard lock(m);
            calls.append(clock.elapsed());
            if (healed)
                return JobOutcome::done();
            return JobOutcome::retry(u"boom %1"_s.arg(calls.size()));
        });
        auto id = JobRepository(db).enqueue(u"flaky"_s, u"f1"_s, {}, {}, 5);
        QVERIFY(id.ok() && id.value().has_value());
        runner.start();
        QTRY_COMPARE_WITH_TIMEOUT(count(db, u"SELECT count(*) FROM jobs WHERE state = 'dead'"_s), 1, 10000);
        auto dead = JobRepository(db).list(u"dead"_s, QString(), 10);
        QVERIFY(dead.ok());
        QCOMPARE(dead.value().size(), 1);
        QCOMPARE(dead.value()[0].attempts, 5);
        QCOMPARE(dead.value()[0].maxAttempts, 5);
        QCOMPARE(dead.value()[0].lastError, u"boom 5"_s);
        {
            std::lock_guard lock(m);
            QCOMPARE(calls.size(), 5);
            // Each wait is at most its ceiling (100, 200, 400, 400 ms), plus the 20 ms poll and slack for a loaded
            // machine; the draws themselves are checked by backoffIsFullJitterUnderADoublingCeiling.
            const qint64 ceilings[] = {100, 200, 400, 400};
            for (int i = 1; i < calls.size(); ++i) {
                const qint64 gap = calls[i] - calls[i - 1];
                qInfo() << "wait before attempt" << i + 1 << gap << "ms";
                QVERIFY2(gap <= ceilings[i - 1] + 750, qPrintable(u"gap %1 ms"_s.arg(gap)));
            }
        }
        QTRY_COMPARE_WITH_TIMEOUT(runner.counters().value(u"flaky"_s).dead, quint64(1), 2000);
        QCOMPARE(runner.counters().value(u"flaky"_s).retried, quint64(4));
        QTest::qWait(300);
        {
            std::lock_guard lock(m);
            QCOMPARE(calls.size(), 5); // dead jobs stay put
        }

        // Only a dead job can be retried by hand.
        auto notDead = JobRepository(db).retryDead(id.value().value() + 1000);
        QVERIFY(!notDead.ok());
        QCOMPARE(notDead.error().code, u"not_found"_s);
        healed = true;
        auto retried = JobRepository(db).retryDead(*id.value());
        QVERIFY(retried.ok());
        QCOMPARE(retried.value().state, u"pending"_s);
        QCOMPARE(retried.value().attempts, 0);
        runner.wake();
        QTRY_COMPARE_WITH_TIMEOUT(count(db, u"SELECT count(*) FROM jobs"_s), 0, 5000);
        std::lock_guard lock(m);
        QCOMPARE(calls.size(), 6);
    }

    void aPermanentFailureIsDeadAtOnce()
    {
        const QUrl url = freshDatabase();
        DbSession db{ConnectionFactory(url), u"t"_s};
        JobRunner runner(ConnectionFactory(url), fast(u"a"_s));
        runner.registerHandler(u"bad"_s, [](DbSession &, const QJsonObject &) { return JobOutcome::fail(u"malformed"_s); });
        QVERIFY(JobRepository(db).enqueue(u"bad"_s, u"b"_s, {}).ok());
        runner.start();
        QTRY_COMPARE_WITH_TIMEOUT(count(db, u"SELECT count(*) FROM jobs WHERE state = 'dead' AND attempts = 1 AND last_error = 'malformed'"_s),
                                  1, 5000);
    }

    void whatAFailedRunWroteIsRolledBack()
    {
        const QUrl url = freshDatabase();
        DbSession db{ConnectionFactory(url), u"t"_s};
        QVERIFY(db.execText(u"CREATE TABLE job_effects (n int)"_s).ok());
        std::atomic<int> runs{0};
        JobRunner runner(ConnectionFactory(url), fast(u"a"_s, 1));
        runner.registerHandler(u"write"_s, [&](DbSession &session, const QJsonObject &) {
            if (!session.execText(u"INSERT INTO job_effects VALUES (1)"_s))
                return JobOutcome::retry(u"insert failed"_s);
            return ++runs == 1 ? JobOutcome::retry(u"first run fails after writing"_s) : JobOutcome::done();
        });
        QVERIFY(JobRepository(db).enqueue(u"write"_s, u"w"_s, {}).ok());
        runner.start();
        QTRY_COMPARE_WITH_TIMEOUT(runs.load(), 2, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(count(db, u"SELECT count(*) FROM jobs"_s), 0, 5000);
        QCOMPARE(count(db, u"SELECT count(*) FROM job_effects"_s), 1); // the first run's row was rolled back
    }

    void twoNodesShareFiveHundredJobsEachRunOnce()
    {
        const QUrl url = freshDatabase();
        DbSession db{ConnectionFactory(url), u"t"_s};
        QVERIFY(db.execText(u"CREATE TABLE job_runs (n int NOT NULL)"_s).ok());
        constexpr int Jobs = 500;
        {
            auto tx = Transaction::begin(db);
            QVERIFY(tx.ok());
            for (int i = 0; i < Jobs; ++i)
                QVERIFY(JobRepository(db).enqueue(u"count"_s, QString::number(i), {{u"n"_s, i}}).ok());
            QVERIFY(tx.value().commit().ok());
        }
        std::vector<std::atomic<int>> runs(Jobs);
        const auto handler = [&runs](DbSession &session, const QJsonObject &p) {
            const int n = p.value(u"n"_s).toInt();
            ++runs[size_t(n)];
            // The job's effect, committed with its completion.
            if (!session.execText(u"INSERT INTO job_runs VALUES (%1)"_s.arg(n)))
                return JobOutcome::retry(u"insert failed"_s);
            return JobOutcome::done();
        };
        JobRunner a(ConnectionFactory(url), fast(u"node-a"_s));
        JobRunner b(ConnectionFactory(url), fast(u"node-b"_s));
        a.registerHandler(u"count"_s, handler);
        b.registerHandler(u"count"_s, handler);
        a.start();
        b.start();
        QTRY_COMPARE_WITH_TIMEOUT(count(db, u"SELECT count(*) FROM jobs"_s), 0, 60000);
        a.stop();
        b.stop();
        const quint64 byA = a.counters().value(u"count"_s).done;
        const quint64 byB = b.counters().value(u"count"_s).done;
        qInfo() << "node a ran" << byA << "node b ran" << byB;
        QCOMPARE(byA + byB, quint64(Jobs));
        for (int i = 0; i < Jobs; ++i)
            QVERIFY2(runs[size_t(i)].load() == 1, qPrintable(u"job %1 ran %2 times"_s.arg(i).arg(runs[size_t(i)].load())));
        QCOMPARE(count(db, u"SELECT count(*) FROM job_runs"_s), Jobs);
        QCOMPARE(count(db, u"SELECT count(DISTINCT n) FROM job_runs"_s), Jobs);
    }

    void aJobWhoseLeaseRanOutIsClaimedAgain()
    {
        const QUrl url = freshDatabase();
        DbSession db{ConnectionFactory(url), u"t"_s};
        QVERIFY(JobRepository(db).enqueue(u"lease"_s, u"l1"_s, {}).ok());
        // A node claims it with a short lease and dies (never completes).
        auto claimed = JobRepository(db).claim({u"lease"_s}, u"dead-node"_s, 10, 300);
        QVERIFY(claimed.ok());
        QCOMPARE(claimed.value().size(), 1);
        QCOMPARE(claimed.value()[0].attempts, 1);
        // While the lease holds, nobody else gets it.
        auto again = JobRepository(db).claim({u"lease"_s}, u"other"_s, 10, 300);
        QVERIFY(again.ok());
        QCOMPARE(again.value().size(), 0);

        std::atomic<int> runs{0};
        JobRunner runner(ConnectionFactory(url), fast(u"live-node"_s));
        runner.registerHandler(u"lease"_s, [&](DbSession &, const QJsonObject &) { ++runs; return JobOutcome::done(); });
        runner.start();
        QTRY_COMPARE_WITH_TIMEOUT(runs.load(), 1, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(count(db, u"SELECT count(*) FROM jobs"_s), 0, 5000);
        // The dead node's late completion changes nothing.
        auto late = JobRepository(db).complete(claimed.value()[0].id, u"dead-node"_s);
        QVERIFY(late.ok());
        QVERIFY(!late.value());
    }

    void aStoppedRunnerGivesBackWhatItDidNotStart()
    {
        const QUrl url = freshDatabase();
        DbSession db{ConnectionFactory(url), u"t"_s};
        for (int i = 0; i < 5; ++i)
            QVERIFY(JobRepository(db).enqueue(u"slow"_s, QString::number(i), {}).ok());
        std::atomic<int> started{0};
        JobRunnerSettings s = fast(u"a"_s, 1);
        s.batch = 5;
        auto runner = std::make_unique<JobRunner>(ConnectionFactory(url), s);
        runner->registerHandler(u"slow"_s, [&](DbSession &, const QJsonObject &) {
            ++started;
            QThread::msleep(300);
            return JobOutcome::done();
        });
        runner->start();
        QTRY_COMPARE_WITH_TIMEOUT(started.load(), 1, 5000);
        runner->stop(); // finishes the one it runs, gives back the other four
        QCOMPARE(started.load(), 1);
        QCOMPARE(count(db, u"SELECT count(*) FROM jobs"_s), 4);
        QCOMPARE(count(db, u"SELECT count(*) FROM jobs WHERE state = 'pending' AND attempts = 0"_s), 4);
    }
};

QTEST_GUILESS_MAIN(TestJobs)
#include "tst_jobs.moc"
