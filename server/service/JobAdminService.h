#pragma once

#include "service/ModerationEvents.h"
#include "service/Principal.h"
#include "storage/DbExecutor.h"
#include "storage/JobRecord.h"

#include <QFuture>

#include <functional>

namespace Banter::Server {

// The job queue as admins see it (GET /api/admin/jobs, POST /api/admin/jobs/:id/retry): listing jobs by state,
// and giving a dead job a new set of attempts, audited as job.retry in the same transaction.
class JobAdminService
{
public:
    // retried: told after a retry committed (the local runner wakes up instead of waiting for its next poll).
    JobAdminService(DbExecutor &db, ModerationEvents &events, std::function<void()> retried);

    // state: dead, pending or running; kind: empty for all; limit 1-500.
    QFuture<Result<QList<JobRecord>>> list(const QString &state, const QString &kind, int limit);
    QFuture<Result<JobRecord>> retry(const Principal &actor, const QString &jobId, const QString &reason);

private:
    DbExecutor &m_db;
    ModerationEvents &m_events;
    std::function<void()> m_retried;
};

} // namespace Banter::Server
