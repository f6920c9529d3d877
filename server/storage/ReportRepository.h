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

// A report as moderators work on it.
struct ReportDetails
{
    qint64 id = 0;
    QString state; // open, assigned, resolved, dismissed
    QString reason;
    QDateTime createdAt;
    qint64 reporterId = 0;
    QString reporterName;
    qint64 reportedUserId = 0;
    QString reportedUserName;
    std::optional<qint64> messageId;
    qint64 assigneeId = 0;
    QString assigneeName;
    QString resolutionAction;
    QString resolutionReason;
    QDateTime resolvedAt;
    qint64 resolvedById = 0;
    QString resolvedByName;
};

class ReportRepository
{
public:
    explicit ReportRepository(DbSession &session) : m_session(session) {}

    Result<ReportRecord> insert(qint64 reporter, qint64 reportedUser, std::optional<qint64> messageId,
                                const QString &reason);
    Result<std::optional<ReportDetails>> find(qint64 id);
    // state empty: the working queue (open and assigned). Oldest first, keyset on id.
    Result<QList<ReportDetails>> list(const QString &state, std::optional<qint64> reportedUser, qint64 afterId, int limit);
    // False when the report is unknown or already closed.
    Result<bool> assign(qint64 id, qint64 assignee);
    Result<bool> close(qint64 id, const QString &state, const QString &action, const QString &reason, qint64 by);

private:
    static ReportDetails fromRow(const class QSqlQuery &q);
    DbSession &m_session;
};

} // namespace Banter::Server
