#include "storage/BlockRepository.h"

#include "storage/SqlArrays.h"

#include <banter/ErrorCode.h>

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Banter::Server {

Result<void> BlockRepository::block(qint64 blocker, qint64 blocked)
{
    auto r = m_session.execute(u"blocks/insert"_s, {{u"blocker_id"_s, blocker}, {u"blocked_id"_s, blocked}});
    if (!r) {
        if (m_session.lastSqlState() == "23503"_L1) // foreign key: no such user
            return makeError(ErrorCode::NotFound, u"no such user"_s);
        return r;
    }
    return {};
}

Result<void> BlockRepository::unblock(qint64 blocker, qint64 blocked)
{
    return m_session.execute(u"blocks/delete"_s, {{u"blocker_id"_s, blocker}, {u"blocked_id"_s, blocked}});
}

Result<QList<UserRecord>> BlockRepository::blockedBy(qint64 blocker)
{
    auto q = m_session.exec(u"blocks/list"_s, {{u"blocker_id"_s, blocker}});
    if (!q)
        return q.error();
    QList<UserRecord> users;
    while (q.value()->next())
        users.append(UserRepository::fromRow(*q.value()));
    return users;
}

Result<bool> BlockRepository::anyBetween(qint64 userId, const QList<qint64> &ids)
{
    auto q = m_session.exec(u"blocks/any_between"_s, {{u"user_id"_s, userId}, {u"ids"_s, bigintArray(ids)}});
    if (!q)
        return q.error();
    return q.value()->next() && q.value()->value(0).toBool();
}

} // namespace Banter::Server
