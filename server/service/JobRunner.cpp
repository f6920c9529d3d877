#include "service/JobRunner.h"

#include "service/ServiceLog.h"
#include "storage/DbSession.h"
#include "storage/JobRepository.h"
#include "storage/Transaction.h"

#include <QRandomGenerator>
#include <QSet>

#include <pthread.h>
#include <sched.h>
#include <cerrno>
#include <cstring>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <exception>

using namespace Qt::StringLiterals;

namespace Banter::Server {

JobRunner::JobRunner(const ConnectionFactory &factory, JobRunnerSettings settings)
    : m_factory(factory), m_settings(std::move(settings))
{
    if (m_settings.node.isEmpty())
        m_settings.node = u"node#"_s + QString::number(QRandomGenerator::system()->generate() & 0xffffff, 16);
}

JobRunner::~JobRunner()
{
    stop();
}

void JobRunner::registerHandler(const QString &kind, Handler handler)
{
    Q_ASSERT(m_threads.empty());
    m_handlers.insert(kind, std::move(handler));
}

void JobRunner::registerBatchHandler(const QString &kind, int maxBatch, BatchHandler handler)
{
    Q_ASSERT(m_threads.empty());
    m_batchHandlers.insert(kind, Batched{qMax(1, maxBatch), std::move(handler)});
}

void JobRunner::start()
{
    Q_ASSERT(m_threads.empty());
    m_kinds = m_handlers.keys();
    for (int i = 0; i < m_settings.threads; ++i) // none: this process runs no jobs (others on the database do)
        m_threads.emplace_back([this, i] { run(i); });
}

void JobRunner::wake()
{
    {
        std::lock_guard lock(m_mutex);
        ++m_wakes;
    }
    m_wake.notify_all();
}

void JobRunner::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    for (std::thread &t : m_threads)
        if (t.joinable())
            t.join();
}

bool JobRunner::stopping()
{
    std::lock_guard lock(m_mutex);
    return m_stopping;
}

QMap<QString, JobRunner::Counters> JobRunner::counters() const
{
    // A copy of its own, not a shallow one: QMap's detach reads the reference count relaxed, so a runner thread
    // counting into m_counters after the caller's copy went away would write nodes the caller read, with nothing
    // ordering the two (ThreadSanitizer reported it with /metrics scraped while jobs ran).
    std::lock_guard lock(m_statsMutex);
    QMap<QString, Counters> copy;
    for (auto it = m_counters.cbegin(); it != m_counters.cend(); ++it)
        copy.insert(it.key(), it.value());
    return copy;
}

QList<JobKindStats> JobRunner::queueStats() const
{
    std::lock_guard lock(m_statsMutex);
    return m_queue;
}

std::chrono::milliseconds JobRunner::backoff(int attempts, std::chrono::milliseconds base, std::chrono::milliseconds cap,
                                             double draw)
{
    // 2^(attempts - 1) times base, computed in floating point so that a large attempt count cannot overflow.
    const double ceiling = std::min(double(cap.count()), double(base.count()) * std::ldexp(1.0, qBound(0, attempts - 1, 62)));
    return std::chrono::milliseconds(qint64(std::clamp(draw, 0.0, 1.0) * ceiling));
}

void JobRunner::count(const QString &kind, quint64 Counters::*field)
{
    std::lock_guard lock(m_statsMutex);
    ++(m_counters[kind].*field);
}

void JobRunner::run(int index)
{
    // Background work: below the socket, writer and database threads when the CPU is short, so that pushes and
    // notifications lag behind a busy send path rather than slow it (a thread's scheduling policy and nice value on
    // Linux are its own; push delivery's sockets live on this thread, PushHttpClient). SCHED_IDLE: a thread of the
    // send path that wakes up takes the core at once, where a nice-19 thread keeps it to the end of its slice
    // (BENCHMARKS.md, "Web Push delivery"); lowering one's own priority needs no privilege.
    if (m_settings.idlePolicy) {
        sched_param param{};
        if (sched_setscheduler(0, SCHED_IDLE, &param) != 0)
            qCWarning(lcService) << "job runner: SCHED_IDLE refused:" << strerror(errno) << "- nice" << m_settings.niceness << "instead";
    }
    setpriority(PRIO_PROCESS, pid_t(syscall(SYS_gettid)), m_settings.niceness);
    pthread_setname_np(pthread_self(), QByteArray("banter-jobs-" + QByteArray::number(index)).left(15).constData()); // top -H, /proc
    // Connection names are per process: two runners in one process (the tests) need names of their own.
    DbSession db(m_factory, u"banter-jobs-%1-%2"_s.arg(m_settings.node).arg(index));
    auto lastStats = std::chrono::steady_clock::time_point();
    quint64 seenWakes = 0;
    for (;;) {
        if (index == 0 && std::chrono::steady_clock::now() - lastStats >= m_settings.statsInterval) {
            refreshStats(db);
            lastStats = std::chrono::steady_clock::now();
        }
        {
            std::lock_guard lock(m_mutex);
            if (m_stopping)
                return;
            seenWakes = m_wakes;
        }
        const int claimed = m_kinds.isEmpty() ? 0 : runBatch(db);
        // Anything run may have enqueued more (a fan-out its pushes): look again at once until a round finds none.
        bool more = claimed > 0;
        bool failed = claimed < 0;
        for (auto it = m_batchHandlers.cbegin(); it != m_batchHandlers.cend() && !stopping(); ++it) {
            const int n = runMany(db, it.key());
            more = more || n > 0;
            failed = failed || n < 0;
        }
        std::unique_lock lock(m_mutex);
        if (m_stopping)
            return;
        if (more)
            continue; // more may be due
        // Idle: until the next poll or a wake(); after a database error, a longer pause.
        auto pause = failed ? std::max(m_settings.poll, std::chrono::milliseconds(2000)) : m_settings.poll;
        if (index == 0)
            pause = std::min(pause, m_settings.statsInterval);
        m_wake.wait_for(lock, pause, [this, seenWakes] { return m_stopping || m_wakes != seenWakes; });
    }
}

int JobRunner::runBatch(DbSession &db)
{
    auto claimed = JobRepository(db).claim(m_kinds, m_settings.node, m_settings.batch, m_settings.lease.count());
    if (!claimed) {
        qCWarning(lcService) << "job runner: claim:" << claimed.error().message;
        return -1;
    }
    const QList<JobRecord> &jobs = claimed.value();
    for (qsizetype i = 0; i < jobs.size(); ++i) {
        if (stopping()) {
            // Give back what was claimed but not started, so another runner need not wait for the lease.
            QList<qint64> rest;
            for (qsizetype k = i; k < jobs.size(); ++k)
                rest.append(jobs[k].id);
            if (auto r = JobRepository(db).release(rest, m_settings.node); !r)
                qCWarning(lcService) << "job runner: release:" << r.error().message << "(the lease will free them)";
            break;
        }
        runOne(db, jobs[i]);
    }
    return int(jobs.size());
}

void JobRunner::runOne(DbSession &db, const JobRecord &job)
{
    JobOutcome outcome;
    if (job.attempts > job.maxAttempts) {
        // Claimed again after its lease ran out, more often than it may run: its node keeps dying on it.
        outcome = JobOutcome::fail(u"its lease ran out on its last attempt (the runner stopped or died while running it)"_s);
    } else {
        // constFind: the threads share the table, which must not detach (claim only returns kinds it holds).
        const auto handler = m_handlers.constFind(job.kind);
        if (handler == m_handlers.cend())
            return; // cannot happen: left to its lease
        auto tx = Transaction::begin(db);
        if (!tx) {
            qCWarning(lcService) << "job runner: begin:" << tx.error().message << "(job" << job.id << "left to its lease)";
            return;
        }
        try {
            outcome = (*handler)(db, job.payload);
        } catch (const std::exception &e) {
            outcome = JobOutcome::retry(u"the handler threw: "_s + QString::fromUtf8(e.what()));
        }
        if (outcome.kind == JobOutcome::Kind::Done) {
            auto completed = JobRepository(db).complete(job.id, m_settings.node);
            if (!completed) {
                outcome = JobOutcome::retry(u"completing the job failed: "_s + completed.error().message);
            } else if (!completed.value()) {
                // Our lease ran out and another runner has it: roll back what the handler wrote; it runs there.
                qCWarning(lcService) << "job runner: job" << job.id << job.kind << "outlived its lease; rolled back";
                return;
            } else if (auto r = tx.value().commit(); !r) {
                qCWarning(lcService) << "job runner: commit of job" << job.id << "failed:" << r.error().message
                                     << "(left to its lease)";
                return;
            } else {
                count(job.kind, &Counters::done);
                if (outcome.afterCommit)
                    outcome.afterCommit();
                return;
            }
        }
        // tx rolls back here: a failed run leaves nothing behind.
    }
    recordFailure(db, job, outcome);
}

int JobRunner::runMany(DbSession &db, const QString &kind)
{
    const Batched &batched = *m_batchHandlers.constFind(kind);
    auto claimed = JobRepository(db).claim({kind}, m_settings.node, batched.maxBatch, m_settings.lease.count());
    if (!claimed) {
        qCWarning(lcService) << "job runner: claim:" << claimed.error().message;
        return -1;
    }
    QList<JobRecord> jobs;
    for (const JobRecord &job : claimed.value()) {
        if (job.attempts > job.maxAttempts)
            recordFailure(db, job, JobOutcome::fail(u"its lease ran out on its last attempt (the runner stopped or died while running it)"_s));
        else
            jobs.append(job);
    }
    if (jobs.isEmpty())
        return int(claimed.value().size());
    auto tx = Transaction::begin(db);
    if (!tx) {
        qCWarning(lcService) << "job runner: begin:" << tx.error().message << "(" << jobs.size() << kind << "jobs left to their lease)";
        return -1;
    }
    QList<JobOutcome> outcomes;
    try {
        outcomes = batched.handler(db, jobs);
    } catch (const std::exception &e) {
        outcomes.clear();
        for (qsizetype i = 0; i < jobs.size(); ++i)
            outcomes.append(JobOutcome::retry(u"the handler threw: "_s + QString::fromUtf8(e.what())));
    }
    while (outcomes.size() < jobs.size())
        outcomes.append(JobOutcome::retry(u"the handler gave no outcome"_s));
    QList<qint64> finished;
    for (qsizetype i = 0; i < jobs.size(); ++i)
        if (outcomes[i].kind == JobOutcome::Kind::Done)
            finished.append(jobs[i].id);
    QList<qsizetype> done;
    if (!finished.isEmpty()) {
        auto completed = JobRepository(db).completeMany(finished, m_settings.node);
        if (!completed) {
            qCWarning(lcService) << "job runner: completing" << kind << "jobs failed:" << completed.error().message
                                 << "(left to their lease)";
            return -1; // tx rolls back
        }
        const QSet<qint64> deleted(completed.value().cbegin(), completed.value().cend());
        for (qsizetype i = 0; i < jobs.size(); ++i) {
            if (outcomes[i].kind != JobOutcome::Kind::Done)
                continue;
            if (deleted.contains(jobs[i].id))
                done.append(i);
            else
                qCWarning(lcService) << "job runner: job" << jobs[i].id << kind << "outlived its lease";
        }
    }
    if (auto r = tx.value().commit(); !r) {
        qCWarning(lcService) << "job runner: commit of" << jobs.size() << kind << "jobs failed:" << r.error().message
                             << "(left to their lease)";
        return -1;
    }
    for (qsizetype i : std::as_const(done)) {
        count(kind, &Counters::done);
        if (outcomes[i].afterCommit)
            outcomes[i].afterCommit();
    }
    for (qsizetype i = 0; i < jobs.size(); ++i)
        if (outcomes[i].kind != JobOutcome::Kind::Done)
            recordFailure(db, jobs[i], outcomes[i]);
    return int(claimed.value().size());
}

void JobRunner::recordFailure(DbSession &db, const JobRecord &job, const JobOutcome &outcome)
{
    const auto jitter = backoff(job.attempts, m_settings.backoffBase, m_settings.backoffCap,
                                QRandomGenerator::global()->generateDouble());
    const auto delay = outcome.retryAfter ? std::max(*outcome.retryAfter, jitter) : jitter;
    auto state = JobRepository(db).fail(job.id, m_settings.node, outcome.error, delay.count(),
                                        outcome.kind == JobOutcome::Kind::Fail);
    if (!state) {
        qCWarning(lcService) << "job runner: recording the failure of job" << job.id << ":" << state.error().message;
        return;
    }
    if (state.value() == "dead"_L1) {
        qCWarning(lcService).noquote() << "job" << job.id << job.kind << job.key << "is dead after" << job.attempts
                                       << "attempts:" << outcome.error;
        count(job.kind, &Counters::dead);
    } else if (state.value() == "pending"_L1) {
        count(job.kind, &Counters::retried);
    }
}

void JobRunner::refreshStats(DbSession &db)
{
    auto stats = JobRepository(db).stats();
    if (!stats) {
        qCWarning(lcService) << "job runner: queue statistics:" << stats.error().message;
        return;
    }
    std::lock_guard lock(m_statsMutex);
    m_queue = std::move(stats.value());
}

} // namespace Banter::Server
