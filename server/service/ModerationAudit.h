#pragma once

#include "service/Principal.h"
#include "storage/AuditRepository.h"
#include "storage/DbSession.h"
#include "storage/Transaction.h"

#include <banter/Result.h>

#include <QJsonObject>

namespace Banter::Server {

// How a moderation action is recorded: one builder for every audit entry, and one transaction helper that
// commits the change and its entry together or neither (the audit log is append-only: an entry without its
// change, or a change without its entry, would both be lies).
class ModerationAudit
{
public:
    // The entry for actor doing action to one target (user, report, message, conversation).
    static AuditEntry entry(const Principal &actor, const QString &action, const QString &targetType, qint64 targetId,
                            const QString &reason, QJsonObject details = {})
    {
        AuditEntry e;
        e.actorId = actor.userId.toLongLong();
        e.actorName = actor.username;
        e.action = action;
        e.targetType = targetType;
        e.targetId = QString::number(targetId);
        e.reason = reason.trimmed();
        e.details = std::move(details);
        return e;
    }

    // The entry for a change made by the system (actor 0), e.g. `banterd --create-admin`.
    static AuditEntry systemEntry(const QString &action, const QString &targetType, qint64 targetId,
                                  const QString &reason, QJsonObject details = {})
    {
        return entry(Principal{QStringLiteral("0"), {}, Role::User, {}}, action, targetType, targetId, reason, std::move(details));
    }

    // Runs change inside one transaction; change returns its result and fills entry; the entry is appended in
    // the same transaction, then both commit.
    template <typename T, typename F>
    static Result<T> apply(DbSession &db, AuditEntry &entry, F change)
    {
        auto tx = Transaction::begin(db);
        if (!tx)
            return tx.error();
        Result<T> result = change();
        if (!result)
            return result;
        if (auto r = AuditRepository(db).append(entry); !r)
            return r.error();
        if (auto r = tx.value().commit(); !r)
            return r.error();
        return result;
    }
};

} // namespace Banter::Server
