#include "storage/ReportRepository.h"

#include <banter/ErrorCode.h>

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Banter::Server {

Result<ReportRecord> ReportRepository::insert(qint64 reporter, qint64 reportedUser, std::optional<qint64> messageId,
                                              const QString &reason)
{
    auto q = m_session.exec(u"reports/insert"_s,
                            {{u"reporter_id"_s, reporter}, {u"reported_user_id"_s, reportedUser},
                             {u"message_id"_s, messageId ? QVariant(*messageId) : QVariant(QMetaType::fromType<qint64>())},
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

} // namespace Banter::Server
