#include "service/UserService.h"

#include "service/AuthService.h"
#include "storage/BlockRepository.h"

#include "service/ServiceFutures.h"

#include <banter/ErrorCode.h>

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

Result<UserRecord> reload(DbSession &db, qint64 id)
{
    auto found = UserRepository(db).findById(id);
    if (!found)
        return found.error();
    if (!found.value())
        return makeError(ErrorCode::NotFound, u"no such user"_s);
    return found.value()->user;
}

} // namespace

QFuture<Result<UserRecord>> UserService::profile(const Principal &caller)
{
    const qint64 id = caller.userId.toLongLong();
    return m_db.run([id](DbSession &db) { return reload(db, id); });
}

QFuture<Result<UserRecord>> UserService::updateProfile(const Principal &caller, const std::optional<QString> &displayName,
                                                       const std::optional<QString> &bio)
{
    if (displayName) {
        if (auto r = AuthService::validateDisplayName(*displayName); !r)
            return fail<UserRecord>(r.error());
    }
    if (bio && bio->size() > 500)
        return fail<UserRecord>(makeError(ErrorCode::ValidationFailed, u"bio: at most 500 characters"_s));
    const qint64 id = caller.userId.toLongLong();
    return m_db.run([id, displayName, bio](DbSession &db) -> Result<UserRecord> {
        auto current = reload(db, id);
        if (!current)
            return current;
        const QString name = displayName ? displayName->trimmed() : current->displayName;
        if (auto r = UserRepository(db).updateProfile(id, name, bio.value_or(current->bio)); !r)
            return r.error();
        return reload(db, id);
    });
}

QFuture<Result<UserRecord>> UserService::updateStatus(const Principal &caller, const std::optional<QString> &availability,
                                                      const std::optional<QString> &text)
{
    static const QStringList allowed{u"online"_s, u"away"_s, u"dnd"_s, u"invisible"_s};
    if (availability && !allowed.contains(*availability))
        return fail<UserRecord>(makeError(ErrorCode::ValidationFailed, u"availability: online, away, dnd or invisible"_s));
    if (text && text->size() > 140)
        return fail<UserRecord>(makeError(ErrorCode::ValidationFailed, u"text: at most 140 characters"_s));
    const qint64 id = caller.userId.toLongLong();
    return m_db.run([id, availability, text](DbSession &db) -> Result<UserRecord> {
        auto current = reload(db, id);
        if (!current)
            return current;
        if (auto r = UserRepository(db).updateStatus(id, availability.value_or(current->availability),
                                                     text.value_or(current->statusText));
            !r)
            return r.error();
        return reload(db, id);
    });
}

QFuture<Result<UserPage>> UserService::search(const QString &query, int limit, const QString &cursor)
{
    const QString q = query.trimmed();
    if (q.isEmpty() || q.size() > 64)
        return fail<UserPage>(makeError(ErrorCode::ValidationFailed, u"q: 1-64 characters"_s));
    if (limit < 1 || limit > 100)
        return fail<UserPage>(makeError(ErrorCode::ValidationFailed, u"limit: 1-100"_s));
    qint64 after = 0;
    if (!cursor.isEmpty()) {
        auto id = parseId(cursor);
        if (!id)
            return fail<UserPage>(makeError(ErrorCode::ValidationFailed, u"cursor: not a cursor from this endpoint"_s));
        after = *id;
    }
    return m_db.run([q, limit, after](DbSession &db) -> Result<UserPage> {
        auto users = UserRepository(db).search(q, after, limit + 1);
        if (!users)
            return users.error();
        UserPage page;
        page.users = users.value();
        if (page.users.size() > limit) {
            page.users.resize(limit);
            page.nextCursor = QString::number(page.users.last().id);
        }
        return page;
    });
}

QFuture<Result<QList<UserRecord>>> UserService::contacts(const Principal &caller)
{
    const qint64 id = caller.userId.toLongLong();
    return m_db.run([id](DbSession &db) { return UserRepository(db).contacts(id); });
}

QFuture<Result<bool>> UserService::block(const Principal &caller, const QString &userId)
{
    const auto target = parseId(userId);
    if (!target)
        return fail<bool>(makeError(ErrorCode::ValidationFailed, u"userId: a user id"_s));
    const qint64 me = caller.userId.toLongLong();
    if (*target == me)
        return fail<bool>(makeError(ErrorCode::ValidationFailed, u"you cannot block yourself"_s));
    return m_db.run([me, target](DbSession &db) -> Result<bool> {
        if (auto r = BlockRepository(db).block(me, *target); !r)
            return r.error();
        return true;
    });
}

QFuture<Result<bool>> UserService::unblock(const Principal &caller, const QString &userId)
{
    const auto target = parseId(userId);
    if (!target)
        return fail<bool>(makeError(ErrorCode::ValidationFailed, u"userId: a user id"_s));
    const qint64 me = caller.userId.toLongLong();
    return m_db.run([me, target](DbSession &db) -> Result<bool> {
        if (auto r = BlockRepository(db).unblock(me, *target); !r)
            return r.error();
        return true;
    });
}

QFuture<Result<QList<UserRecord>>> UserService::blocked(const Principal &caller)
{
    const qint64 me = caller.userId.toLongLong();
    return m_db.run([me](DbSession &db) { return BlockRepository(db).blockedBy(me); });
}

QFuture<Result<ReportRecord>> UserService::report(const Principal &caller, const QString &userId, const QString &messageId,
                                                  const QString &reason)
{
    const auto target = parseId(userId);
    if (!target)
        return fail<ReportRecord>(makeError(ErrorCode::ValidationFailed, u"userId: a user id"_s));
    std::optional<qint64> message;
    if (!messageId.isEmpty()) {
        message = parseId(messageId);
        if (!message)
            return fail<ReportRecord>(makeError(ErrorCode::ValidationFailed, u"messageId: a message id"_s));
    }
    if (reason.trimmed().isEmpty() || reason.size() > 1000)
        return fail<ReportRecord>(makeError(ErrorCode::ValidationFailed, u"reason: 1-1000 characters"_s));
    const qint64 me = caller.userId.toLongLong();
    return m_db.run([me, target, message, reason](DbSession &db) {
        return ReportRepository(db).insert(me, *target, message, reason.trimmed());
    });
}

} // namespace Banter::Server
