#include "service/JobAdminService.h"

#include "service/ModerationAudit.h"
#include "service/ServiceFutures.h"
#include "service/ServiceLog.h"
#include "storage/JobRepository.h"

#include <banter/ErrorCode.h>

using namespace Qt::StringLiterals;

namespace Banter::Server {

JobAdminService::JobAdminService(DbExecutor &db, ModerationEvents &events, std::function<void()> retried)
    : m_db(db), m_events(events), m_retried(std::move(retried))
{
}

QFuture<Result<QList<JobRecord>>> JobAdminService::list(const QString &state, const QString &kind, int limit)
{
    if (state != "dead"_L1 && state != "pending"_L1 && state != "running"_L1)
        return fail<QList<JobRecord>>(makeError(ErrorCode::ValidationFailed, u"state: dead, pending or running"_s));
    if (limit < 1 || limit > 500)
        return fail<QList<JobRecord>>(makeError(ErrorCode::ValidationFailed, u"limit: 1-500"_s));
    if (kind.size() > 100)
        return fail<QList<JobRecord>>(makeError(ErrorCode::ValidationFailed, u"kind: at most 100 characters"_s));
    return m_db.run([state, kind, limit](DbSession &db) { return JobRepository(db).list(state, kind, limit); });
}

QFuture<Result<JobRecord>> JobAdminService::retry(const Principal &actor, const QString &jobId, const QString &reason)
{
    bool ok = false;
    const qint64 id = jobId.toLongLong(&ok);
    if (!ok || id <= 0)
        return fail<JobRecord>(makeError(ErrorCode::NotFound, u"no such dead job"_s));
    if (reason.trimmed().size() > 500)
        return fail<JobRecord>(makeError(ErrorCode::ValidationFailed, u"reason: at most 500 characters"_s));
    return m_db.run([this, actor, id, reason](DbSession &db) -> Result<JobRecord> {
        AuditEntry entry;
        auto job = ModerationAudit::apply<JobRecord>(db, entry, [&]() -> Result<JobRecord> {
            auto retried = JobRepository(db).retryDead(id);
            if (!retried)
                return retried.error();
            entry = ModerationAudit::entry(actor, u"job.retry"_s, u"job"_s, id, reason,
                                           {{u"kind"_s, retried->kind}, {u"key"_s, retried->key},
                                            {u"lastError"_s, retried->lastError}});
            return retried;
        });
        if (!job)
            return job.error();
        m_events.auditAppended(entry);
        if (m_retried)
            m_retried();
        qCInfo(lcService).noquote() << QStringLiteral("job.retry by user %1 on job %2 (%3)").arg(actor.userId).arg(id).arg(job->kind);
        return job;
    });
}

} // namespace Banter::Server
