#include "storage/SessionRepository.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Banter::Server {

Result<void> SessionRepository::insert(const NewSession &s)
{
    return m_session.execute(u"sessions/insert"_s, {{u"id"_s, s.id}, {u"user_id"_s, s.userId},
                                                   {u"refresh_hash"_s, s.refreshHash}, {u"user_agent"_s, s.userAgent},
                                                   {u"client_address"_s, s.clientAddress}, {u"ttl"_s, s.ttlSeconds}});
}

Result<std::optional<SessionRecord>> SessionRepository::find(const QString &id)
{
    auto q = m_session.exec(u"sessions/by_id"_s, {{u"id"_s, id}});
    if (!q)
        return q.error();
    QSqlQuery &r = *q.value();
    if (!r.next())
        return std::optional<SessionRecord>();
    SessionRecord s;
    s.id = r.value(0).toString();
    s.userId = r.value(1).toLongLong();
    s.refreshHash = r.value(2).toByteArray();
    s.expired = r.value(3).toBool();
    s.revoked = r.value(4).toBool();
    s.userRole = r.value(5).toInt();
    s.userState = accountStateFromStored(r.value(6).toInt());
    s.suspendedUntil = r.value(7).toDateTime();
    s.username = r.value(8).toString();
    return std::optional<SessionRecord>(s);
}

Result<bool> SessionRepository::rotate(const QString &id, const QByteArray &oldHash, const QByteArray &newHash)
{
    auto q = m_session.exec(u"sessions/rotate"_s, {{u"id"_s, id}, {u"old_hash"_s, oldHash}, {u"new_hash"_s, newHash}});
    if (!q)
        return q.error();
    return q.value()->numRowsAffected() == 1;
}

Result<bool> SessionRepository::wasRotatedOut(const QString &id, const QByteArray &hash)
{
    auto q = m_session.exec(u"sessions/was_rotated_out"_s, {{u"id"_s, id}, {u"hash"_s, hash}});
    if (!q)
        return q.error();
    return q.value()->next() && q.value()->value(0).toBool();
}

Result<void> SessionRepository::revoke(const QString &id, const QString &reason)
{
    return m_session.execute(u"sessions/revoke"_s, {{u"id"_s, id}, {u"reason"_s, reason}});
}

Result<QList<DeviceSession>> SessionRepository::devices(const QString &query, qint64 userId)
{
    auto q = m_session.exec(query, {{u"user_id"_s, userId}});
    if (!q)
        return q.error();
    QList<DeviceSession> list;
    while (q.value()->next()) {
        const QSqlQuery &r = *q.value();
        list.append({r.value(0).toString(), r.value(1).toString(), r.value(2).toString(), r.value(3).toDateTime(),
                     r.value(4).toDateTime(), r.value(5).toBool()});
    }
    return list;
}

Result<QList<DeviceSession>> SessionRepository::listForUser(qint64 userId)
{
    return devices(u"sessions/list_for_user"_s, userId);
}

Result<QList<DeviceSession>> SessionRepository::allForUser(qint64 userId)
{
    return devices(u"sessions/all_for_user"_s, userId);
}

Result<QStringList> SessionRepository::revokeAllForUser(qint64 userId, const QString &reason)
{
    auto q = m_session.exec(u"sessions/revoke_all_for_user"_s, {{u"user_id"_s, userId}, {u"reason"_s, reason}});
    if (!q)
        return q.error();
    QStringList ids;
    while (q.value()->next())
        ids.append(q.value()->value(0).toString());
    return ids;
}

Result<bool> SessionRepository::revokeForUser(qint64 userId, const QString &id, const QString &reason)
{
    auto q = m_session.exec(u"sessions/revoke_for_user"_s, {{u"id"_s, id}, {u"user_id"_s, userId}, {u"reason"_s, reason}});
    if (!q)
        return q.error();
    return q.value()->numRowsAffected() == 1;
}

} // namespace Banter::Server
