#pragma once

#include "storage/DbSession.h"
#include "storage/JobRecord.h"

#include <QDateTime>
#include <QJsonObject>

#include <optional>

namespace Banter::Server {

// The durable job queue (`jobs`, migration 016). enqueue() runs on the caller's session and so inside the
// caller's transaction: the job commits, or rolls back, with the change that causes it. The other calls are the
// runner's (claim, complete, fail, release) and the admin API's (list, retryDead, stats).
// A job to enqueue with others in one statement (JobRepository::enqueueMany).
struct NewJob
{
    QString kind;
    QString key;
    QJsonObject payload;
};

class JobRepository
{
public:
    static constexpr int DefaultMaxAttempts = 8;

    explicit JobRepository(DbSession &session) : m_session(session) {}

    // The new job's id, or nullopt when a job with this kind and key is still queued, running or dead (a no-op).
    Result<std::optional<qint64>> enqueue(const QString &kind, const QString &key, const QJsonObject &payload,
                                          const QDateTime &runAt = {}, int maxAttempts = DefaultMaxAttempts);
    // Many jobs in one statement (due now), in the caller's transaction; the number that were new.
    Result<qint64> enqueueMany(const QList<NewJob> &jobs);
    // Claims up to limit due (or lease-expired) jobs of these kinds for node, each under a lease of leaseMs.
    Result<QList<JobRecord>> claim(const QStringList &kinds, const QString &node, int limit, qint64 leaseMs);
    // Deletes a job node holds; false when node no longer holds it (its lease ran out and another took it).
    Result<bool> complete(qint64 id, const QString &node);
    // complete() for many jobs in one statement: the ids deleted.
    Result<QList<qint64>> completeMany(const QList<qint64> &ids, const QString &node);
    // Records a failed attempt; the job's new state ("pending" or "dead"), or "" when node no longer holds it.
    Result<QString> fail(qint64 id, const QString &node, const QString &error, qint64 delayMs, bool permanent);
    // Claimed jobs node did not start: pending again, the claim not counted.
    Result<void> release(const QList<qint64> &ids, const QString &node);
    Result<QList<JobRecord>> list(const QString &state, const QString &kind, int limit);
    // A dead job pending again with no attempts used; not_found when id is not a dead job.
    Result<JobRecord> retryDead(qint64 id);
    Result<QList<JobKindStats>> stats();

private:
    DbSession &m_session;
};

} // namespace Banter::Server
