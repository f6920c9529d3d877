#include "storage/ReportRepository.h"
#include "storage/SqlValues.h"

#include <banter/ErrorCode.h>

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Banter::Server {

Result<ReportRecord> ReportRepository::insert(qint64 reporter, qint64 reportedUser, std::optional<qint64> messageId,
                                              const QString &reason)
{
    auto q = m_session.exec(u"reports/insert"_s,
                            {{u"reporter_id"_s, reporter}, {u"reported_user_id"_s, reportedUser},
                             {u"message_id"_s, nullIfUnset(messageId)},
                             {u"reason"_s, reason}});
    if (!q) {
        if (m_session.lastSqlState() == "23503"_L1)
            return makeError(ErrorCode::NotFound, u"no such user"_s);
        return q.error();
    }
    if (!q.value()->next())
        return makeError(ErrorCode::Internal, u"insert returned no row"_s);
    return ReportRecord{q.value()->value(0).toLongLong(), q.value()->value(1).toString(), q.value()->value(2).toDateTime()};
}

ReportDetails ReportRepository::fromRow(const QSqlQuery &q)
{
    ReportDetails r;
    r.id = q.value(0).toLongLong();
    r.state = q.value(1).toString();
    r.reason = q.value(2).toString();
    r.createdAt = q.value(3).toDateTime();
    r.reporterId = q.value(4).toLongLong();
    r.reporterName = q.value(5).toString();
    r.reportedUserId = q.value(6).toLongLong();
    r.reportedUserName = q.value(7).toString();
    if (!q.value(8).isNull())
        r.messageId = q.value(8).toLongLong();
    r.assigneeId = q.value(9).toLongLong();
    r.assigneeName = q.value(10).toString();
    r.resolutionAction = q.value(11).toString();
    r.resolutionReason = q.value(12).toString();
    r.resolvedAt = q.value(13).toDateTime();
    r.resolvedById = q.value(14).toLongLong();
    r.resolvedByName = q.value(15).toString();
    return r;
}

Result<std::optional<ReportDetails>> ReportRepository::find(qint64 id)
{
    auto q = m_session.exec(u"reports/select"_s, {{u"id"_s, id}});
    if (!q)
        return q.error();
    if (!q.value()->next())
        return std::optional<ReportDetails>();
    return std::optional<ReportDetails>(fromRow(*q.value()));
}

Result<QList<ReportDetails>> ReportRepository::list(const QString &state, std::optional<qint64> reportedUser, qint64 afterId,
                                                   int limit)
{
    auto q = m_session.exec(u"reports/list"_s,
                            {{u"state"_s, nullIfEmpty(state)},
                             {u"reported_user_id"_s, nullIfUnset(reportedUser)},
                             {u"after"_s, afterId},
                             {u"limit"_s, limit}});
    if (!q)
        return q.error();
    QList<ReportDetails> out;
    while (q.value()->next())
        out.append(fromRow(*q.value()));
    return out;
}

Result<bool> ReportRepository::assign(qint64 id, qint64 assignee)
{
    auto q = m_session.exec(u"reports/assign"_s, {{u"id"_s, id}, {u"assignee_id"_s, assignee}});
    if (!q)
        return q.error();
    return q.value()->next();
}

Result<bool> ReportRepository::close(qint64 id, const QString &state, const QString &action, const QString &reason, qint64 by)
{
    auto q = m_session.exec(u"reports/close"_s, {{u"id"_s, id},
                                                 {u"state"_s, state},
                                                 {u"action"_s, nullIfEmpty(action)},
                                                 {u"reason"_s, reason},
                                                 {u"resolved_by"_s, by}});
    if (!q)
        return q.error();
    return q.value()->next();
}

} // namespace Banter::Server
