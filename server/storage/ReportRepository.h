#pragma once

#include "storage/DbSession.h"

#include <QDateTime>
#include <optional>

namespace Banter::Server {

struct ReportRecord
{
    qint64 id = 0;
    QString state;
    QDateTime createdAt;
};

class ReportRepository
{
public:
    explicit ReportRepository(DbSession &session) : m_session(session) {}

    Result<ReportRecord> insert(qint64 reporter, qint64 reportedUser, std::optional<qint64> messageId,
                                const QString &reason);

private:
    DbSession &m_session;
};

} // namespace Banter::Server
