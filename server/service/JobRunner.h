#pragma once

#include "service/JobOutcome.h"
#include "storage/ConnectionFactory.h"
#include "storage/JobRecord.h"

#include <QHash>
#include <QJsonObject>
#include <QMap>
#include <QStringList>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace Banter::Server {

class DbSession;

struct JobRunnerSettings
{
    int threads = 2;                 // --job-threads
    QString node;                    // who holds a claimed job (locked_by): unique per process
    int batch = 10;                  // jobs claimed at once per thread
    std::chrono::milliseconds lease{5 * 60 * 1000}; // a job running longer is taken to have lost its node
    std::chrono::milliseconds poll{1000};           // an idle thread looks for due jobs this often
    std::chrono::milliseconds backoffBase{1000};
    std::chrono::milliseconds backoffCap{10 * 60 * 1000};
    std::chrono::milliseconds statsInterval{5000};  // queueStats() is refreshed this often
    int niceness = 19; // the runner threads' nice value: the lowest, so that pushes yield to sends (BENCHMARKS.md)
    bool idlePolicy = true; // the runner threads under SCHED_IDLE: they run when the send path leaves a core idle
};

// Runs the durable job queue (JobRepository) on threads of its own, each with its own DbSession. Handlers are
// registered per kind before start(); a thread claims a batch of due jobs of those kinds (FOR UPDATE SKIP LOCKED,
// so runners of other banterd processes on the database share them), and runs each handler inside a
// transaction that also deletes the job when the handler says done: what the handler writes and the job's end
// commit together, so a job never runs twice to any effect in the database. A failed run rolls back and the job
// waits with exponential backoff and full jitter, dead after its max attempts. Jobs of kinds this runner has no
// handler for are not claimed: they wait for a node that knows them. A runner that dies leaves its claimed jobs
// to their lease. Used from several threads: wake(), counters() and queueStats() may be called from any.
class JobRunner
{
public:
    using Handler = std::function<JobOutcome(DbSession &, const QJsonObject &)>;
    // Runs many jobs of one kind in one transaction (push deliveries: sent concurrently); index-aligned outcomes.
    using BatchHandler = std::function<QList<JobOutcome>(DbSession &, const QList<JobRecord> &)>;

    struct Counters
    {
        quint64 done = 0;
        quint64 retried = 0;
        quint64 dead = 0;
    };

    JobRunner(const ConnectionFactory &factory, JobRunnerSettings settings);
    ~JobRunner();
    JobRunner(const JobRunner &) = delete;
    JobRunner &operator=(const JobRunner &) = delete;

    // Before start() only.
    void registerHandler(const QString &kind, Handler handler);
    // A kind whose jobs are claimed up to maxBatch at a time and handed over together.
    void registerBatchHandler(const QString &kind, int maxBatch, BatchHandler handler);
    void start();
    // Something was enqueued (and committed) in this process: look now, not at the next poll.
    void wake();
    // Finishes the jobs being run, gives back the claimed ones not started, joins the threads.
    void stop();

    const QString &node() const { return m_settings.node; }
    // Jobs this runner finished, per kind, since start.
    QMap<QString, Counters> counters() const;
    // The queue (all kinds, all nodes) as last read, at most statsInterval ago; empty before the first read.
    QList<JobKindStats> queueStats() const;

    // The delay before attempt `attempts` + 1 after `attempts` failed ones: full jitter, a uniform draw from
    // [0, min(cap, base * 2^(attempts - 1))]; draw is in [0, 1].
    static std::chrono::milliseconds backoff(int attempts, std::chrono::milliseconds base, std::chrono::milliseconds cap,
                                             double draw);

private:
    void run(int index);
    // Claims and runs one batch; the number of jobs claimed, or -1 after a database error.
    int runBatch(DbSession &db);
    void runOne(DbSession &db, const JobRecord &job);
    // Claims and runs one batch of a batch kind; the number claimed, or -1 after a database error.
    int runMany(DbSession &db, const QString &kind);
    void recordFailure(DbSession &db, const JobRecord &job, const JobOutcome &outcome);
    void refreshStats(DbSession &db);
    void count(const QString &kind, quint64 Counters::*field);
    bool stopping();

    ConnectionFactory m_factory;
    JobRunnerSettings m_settings;
    QHash<QString, Handler> m_handlers; // fixed at start()
    struct Batched
    {
        int maxBatch = 50;
        BatchHandler handler;
    };
    QHash<QString, Batched> m_batchHandlers; // fixed at start()
    QStringList m_kinds;
    std::mutex m_mutex; // m_stopping, m_wakes
    std::condition_variable m_wake;
    bool m_stopping = false;
    quint64 m_wakes = 0;
    mutable std::mutex m_statsMutex; // m_counters, m_queue
    QMap<QString, Counters> m_counters;
    QList<JobKindStats> m_queue;
    std::vector<std::thread> m_threads;
};

} // namespace Banter::Server
