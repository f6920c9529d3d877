#include "storage/JobRepository.h"

#include "storage/SqlArrays.h"
#include "storage/SqlValues.h"

#include <banter/ErrorCode.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

// Columns of jobs/list and jobs/retry_dead, in order.
JobRecord fromRow(const QSqlQuery &q)
{
    JobRecord j;
    j.id = q.value(0).toLongLong();
    j.kind = q.value(1).toString();
    j.key = q.value(2).toString();
    j.state = q.value(3).toString();
    j.attempts = q.value(4).toInt();
    j.maxAttempts = q.value(5).toInt();
    j.runAt = q.value(6).toDateTime();
    j.lastError = q.value(7).toString();
    j.createdAt = q.value(8).toDateTime();
    return j;
}

} // namespace

Result<std::optional<qint64>> JobRepository::enqueue(const QString &kind, const QString &key, const QJsonObject &payload,
                                                     const QDateTime &runAt, int maxAttempts)
{
    auto q = m_session.exec(u"jobs/enqueue"_s,
                            {{u"kind"_s, kind},
                             {u"job_key"_s, key},
                             {u"payload"_s, QString::fromUtf8(QJsonDocument(payload).toJson(QJsonDocument::Compact))},
                             {u"run_at"_s, nullIfInvalid(runAt)},
                             {u"max_attempts"_s, maxAttempts}});
    if (!q)
        return q.error();
    if (!q.value()->next())
        return std::optional<qint64>();
    return std::optional<qint64>(q.value()->value(0).toLongLong());
}

Result<qint64> JobRepository::enqueueMany(const QList<NewJob> &jobs)
{
    if (jobs.isEmpty())
        return qint64(0);
    QJsonArray rows;
    for (const NewJob &j : jobs)
        rows.append(QJsonObject{{u"kind"_s, j.kind}, {u"job_key"_s, j.key}, {u"payload"_s, j.payload}});
    auto q = m_session.exec(u"jobs/enqueue_batch"_s, {{u"rows"_s, compactJson(rows)}});
    if (!q)
        return q.error();
    return q.value()->next() ? q.value()->value(0).toLongLong() : 0;
}

Result<QList<JobRecord>> JobRepository::claim(const QStringList &kinds, const QString &node, int limit, qint64 leaseMs)
{
    auto q = m_session.exec(u"jobs/claim"_s, {{u"kinds"_s, compactJson(QJsonArray::fromStringList(kinds))},
                                              {u"node"_s, node},
                                              {u"limit"_s, limit},
                                              {u"lease_ms"_s, leaseMs}});
    if (!q)
        return q.error();
    QList<JobRecord> jobs;
    QSqlQuery &r = *q.value();
    while (r.next()) {
        JobRecord j;
        j.id = r.value(0).toLongLong();
        j.kind = r.value(1).toString();
        j.key = r.value(2).toString();
        j.payload = QJsonDocument::fromJson(r.value(3).toString().toUtf8()).object();
        j.attempts = r.value(4).toInt();
        j.maxAttempts = r.value(5).toInt();
        j.state = u"running"_s;
        jobs.append(std::move(j));
    }
    return jobs;
}

Result<bool> JobRepository::complete(qint64 id, const QString &node)
{
    auto q = m_session.exec(u"jobs/complete"_s, {{u"id"_s, id}, {u"node"_s, node}});
    if (!q)
        return q.error();
    return q.value()->next();
}

Result<QList<qint64>> JobRepository::completeMany(const QList<qint64> &ids, const QString &node)
{
    return m_session.ids(u"jobs/complete_many"_s, {{u"ids"_s, compactJson(jsonIds(ids))}, {u"node"_s, node}});
}

Result<QString> JobRepository::fail(qint64 id, const QString &node, const QString &error, qint64 delayMs, bool permanent)
{
    auto q = m_session.exec(u"jobs/fail"_s, {{u"id"_s, id},
                                             {u"node"_s, node},
                                             {u"error"_s, error.isEmpty() ? u"(no message)"_s : error},
                                             {u"delay_ms"_s, delayMs},
                                             {u"permanent"_s, permanent}});
    if (!q)
        return q.error();
    return q.value()->next() ? q.value()->value(0).toString() : QString();
}

Result<void> JobRepository::release(const QList<qint64> &ids, const QString &node)
{
    if (ids.isEmpty())
        return {};
    return m_session.execute(u"jobs/release"_s, {{u"ids"_s, bigintArray(ids)}, {u"node"_s, node}});
}

Result<QList<JobRecord>> JobRepository::list(const QString &state, const QString &kind, int limit)
{
    auto q = m_session.exec(u"jobs/list"_s, {{u"state"_s, state}, {u"kind"_s, nullIfEmpty(kind)}, {u"limit"_s, limit}});
    if (!q)
        return q.error();
    QList<JobRecord> jobs;
    while (q.value()->next())
        jobs.append(fromRow(*q.value()));
    return jobs;
}

Result<JobRecord> JobRepository::retryDead(qint64 id)
{
    auto q = m_session.exec(u"jobs/retry_dead"_s, {{u"id"_s, id}});
    if (!q)
        return q.error();
    if (!q.value()->next())
        return makeError(ErrorCode::NotFound, u"no such dead job"_s);
    return fromRow(*q.value());
}

Result<QList<JobKindStats>> JobRepository::stats()
{
    auto q = m_session.exec(u"jobs/stats"_s);
    if (!q)
        return q.error();
    QList<JobKindStats> out;
    while (q.value()->next()) {
        const QSqlQuery &r = *q.value();
        out.append({r.value(0).toString(), r.value(1).toLongLong(), r.value(2).toDouble(), r.value(3).toLongLong()});
    }
    return out;
}

} // namespace Banter::Server
