#include "storage/PushSubscriptionRepository.h"

#include "storage/SqlArrays.h"

#include <QJsonArray>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

StoredPushSubscription rowOf(const QSqlQuery &r, qint64 userId)
{
    StoredPushSubscription s;
    s.id = r.value(0).toLongLong();
    s.userId = userId;
    s.sessionId = r.value(1).toString();
    s.endpointHash = r.value(2).toByteArray();
    s.sealed = {r.value(3).toString(), r.value(4).toByteArray(), r.value(5).toByteArray()};
    s.createdAt = r.value(6).toDateTime();
    s.inserted = r.value(7).toBool();
    return s;
}

} // namespace

Result<std::optional<StoredPushSubscription>> PushSubscriptionRepository::upsert(const StoredPushSubscription &s, int limit)
{
    auto q = m_session.exec(u"push/upsert"_s, {{u"user_id"_s, s.userId},
                                                {u"session_id"_s, s.sessionId},
                                                {u"endpoint_hash"_s, s.endpointHash},
                                                {u"key_id"_s, s.sealed.keyId},
                                                {u"nonce"_s, s.sealed.nonce},
                                                {u"sealed"_s, s.sealed.ciphertext},
                                                {u"limit"_s, limit}});
    if (!q)
        return q.error();
    if (!q.value()->next())
        return std::optional<StoredPushSubscription>();
    return std::optional<StoredPushSubscription>(rowOf(*q.value(), s.userId));
}

Result<QList<StoredPushSubscription>> PushSubscriptionRepository::listForUser(qint64 userId)
{
    auto q = m_session.exec(u"push/list_for_user"_s, {{u"user_id"_s, userId}});
    if (!q)
        return q.error();
    QList<StoredPushSubscription> out;
    while (q.value()->next())
        out.append(rowOf(*q.value(), userId));
    return out;
}

Result<bool> PushSubscriptionRepository::remove(qint64 userId, qint64 id)
{
    auto ids = m_session.ids(u"push/delete"_s, {{u"id"_s, id}, {u"user_id"_s, userId}});
    if (!ids)
        return ids.error();
    return !ids.value().isEmpty();
}

Result<QList<StoredPushSubscription>> PushSubscriptionRepository::byIds(const QList<qint64> &ids)
{
    auto q = m_session.exec(u"push/by_ids"_s, {{u"ids"_s, compactJson(jsonIds(ids))}});
    if (!q)
        return q.error();
    QList<StoredPushSubscription> out;
    while (q.value()->next())
        out.append(rowOf(*q.value(), q.value()->value(8).toLongLong()));
    return out;
}

Result<QList<std::pair<qint64, qint64>>> PushSubscriptionRepository::idsOfUsers(const QList<qint64> &userIds)
{
    auto q = m_session.exec(u"push/ids_of_users"_s, {{u"users"_s, compactJson(jsonIds(userIds))}});
    if (!q)
        return q.error();
    QList<std::pair<qint64, qint64>> out;
    while (q.value()->next())
        out.append({q.value()->value(0).toLongLong(), q.value()->value(1).toLongLong()});
    return out;
}

Result<void> PushSubscriptionRepository::removeGone(qint64 id)
{
    return m_session.execute(u"push/delete_by_id"_s, {{u"id"_s, id}});
}

} // namespace Banter::Server
