#pragma once

#include "storage/DbSession.h"

#include <QDateTime>
#include <QJsonObject>

#include <optional>

namespace Banter::Server {

struct AuditEntry
{
    qint64 id = 0;
    QDateTime at;
    qint64 actorId = 0; // 0: the system
    QString actorName;
    QString action;     // e.g. user.ban
    QString targetType; // user, report, message, conversation
    QString targetId;
    QString reason;
    QJsonObject details;
};

struct AuditFilter
{
    std::optional<qint64> actorId;
    std::optional<QString> targetId;
    std::optional<QString> action;
    QDateTime from;
    QDateTime to;
    std::optional<qint64> before; // keyset cursor
    int limit = 100;
};

// The append-only audit log. There is deliberately no update or delete here (and the table refuses both).
class AuditRepository
{
public:
    explicit AuditRepository(DbSession &session) : m_session(session) {}

    // Fills in id and at.
    Result<void> append(AuditEntry &entry);
    Result<QList<AuditEntry>> list(const AuditFilter &filter);

private:
    DbSession &m_session;
};

} // namespace Banter::Server
