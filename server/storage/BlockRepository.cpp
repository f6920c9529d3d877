#include "storage/BlockRepository.h"

#include <banter/ErrorCode.h>

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Banter::Server {

Result<void> BlockRepository::block(qint64 blocker, qint64 blocked)
{
    auto q = m_session.exec(u"blocks/insert"_s, {{u"blocker_id"_s, blocker}, {u"blocked_id"_s, blocked}});
    if (!q) {
        if (m_session.lastSqlState() == "23503"_L1) // foreign key: no such user
            return makeError(ErrorCode::NotFound, u"no such user"_s);
        return q.error();
    }
    return {};
}

Result<void> BlockRepository::unblock(qint64 blocker, qint64 blocked)
{
    auto q = m_session.exec(u"blocks/delete"_s, {{u"blocker_id"_s, blocker}, {u"blocked_id"_s, blocked}});
    if (!q)
        return q.error();
    return {};
}

Result<QList<UserRecord>> BlockRepository::blockedBy(qint64 blocker)
{
    auto q = m_session.exec(u"blocks/list"_s, {{u"blocker_id"_s, blocker}});
    if (!q)
        return q.error();
    QList<UserRecord> users;
    while (q.value()->next()) {
        const QSqlQuery &r = *q.value();
        UserRecord u;
        u.id = r.value(0).toLongLong();
        u.username = r.value(1).toString();
        u.displayName = r.value(2).toString();
        u.bio = r.value(3).toString();
        u.availability = r.value(7).toString();
        u.statusText = r.value(8).toString();
        users.append(u);
    }
    return users;
}

} // namespace Banter::Server
