#include "storage/AuditRepository.h"
#include "storage/SqlValues.h"

#include <banter/ErrorCode.h>

#include <QJsonDocument>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

} // namespace

Result<void> AuditRepository::append(AuditEntry &entry)
{
    auto q = m_session.exec(u"audit/insert"_s,
                            {{u"actor_id"_s, nullIfUnset(entry.actorId ? std::optional<qint64>(entry.actorId) : std::nullopt)},
                             {u"action"_s, entry.action},
                             {u"target_type"_s, entry.targetType},
                             {u"target_id"_s, entry.targetId},
                             {u"reason"_s, entry.reason.isNull() ? u""_s : entry.reason}, // NOT NULL, empty when none
                             {u"details"_s, QString::fromUtf8(QJsonDocument(entry.details).toJson(QJsonDocument::Compact))}});
    if (!q)
        return q.error();
    if (!q.value()->next())
        return makeError(ErrorCode::Internal, u"audit insert returned no row"_s);
    entry.id = q.value()->value(0).toLongLong();
    entry.at = q.value()->value(1).toDateTime();
    return {};
}

Result<QList<AuditEntry>> AuditRepository::list(const AuditFilter &f)
{
    auto q = m_session.exec(u"audit/list"_s, {{u"actor_id"_s, nullIfUnset(f.actorId)},
                                              {u"target_id"_s, nullIfEmpty(f.targetId.value_or(QString()))},
                                              {u"action"_s, nullIfEmpty(f.action.value_or(QString()))},
                                              {u"from_at"_s, nullIfInvalid(f.from)},
                                              {u"to_at"_s, nullIfInvalid(f.to)},
                                              {u"before"_s, nullIfUnset(f.before)},
                                              {u"limit"_s, f.limit}});
    if (!q)
        return q.error();
    QList<AuditEntry> out;
    QSqlQuery &r = *q.value();
    while (r.next()) {
        AuditEntry e;
        e.id = r.value(0).toLongLong();
        e.at = r.value(1).toDateTime();
        e.actorId = r.value(2).toLongLong();
        e.actorName = r.value(3).toString();
        e.action = r.value(4).toString();
        e.targetType = r.value(5).toString();
        e.targetId = r.value(6).toString();
        e.reason = r.value(7).toString();
        e.details = QJsonDocument::fromJson(r.value(8).toByteArray()).object();
        out.append(std::move(e));
    }
    return out;
}

} // namespace Banter::Server
