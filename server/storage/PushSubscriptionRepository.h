#pragma once

#include "crypto/MessageSealer.h"
#include "storage/DbSession.h"

#include <QDateTime>

namespace Banter::Server {

// A push_subscriptions row (migration 014): the endpoint and keys sealed, found by the endpoint's keyed hash.
struct StoredPushSubscription
{
    qint64 id = 0;
    qint64 userId = 0;
    QString sessionId;
    QByteArray endpointHash;
    SealedContent sealed; // JSON {endpoint, p256dh, auth}
    QDateTime createdAt;
    bool inserted = false; // upsert(): a new row, not an endpoint registered before
};

class PushSubscriptionRepository
{
public:
    explicit PushSubscriptionRepository(DbSession &session) : m_session(session) {}

    // Inserts, or moves an endpoint the user registered before to this session with its new keys. Empty when the
    // user already has `limit` other subscriptions.
    Result<std::optional<StoredPushSubscription>> upsert(const StoredPushSubscription &s, int limit);
    Result<QList<StoredPushSubscription>> listForUser(qint64 userId);
    // False when the user has no such subscription.
    Result<bool> remove(qint64 userId, qint64 id);
    // For delivery (the push.deliver jobs): subscriptions by id, those still there.
    Result<QList<StoredPushSubscription>> byIds(const QList<qint64> &ids);
    // (subscription id, user id) of every subscription of these users.
    Result<QList<std::pair<qint64, qint64>>> idsOfUsers(const QList<qint64> &userIds);
    // A subscription its push service called gone (404, 410).
    Result<void> removeGone(qint64 id);

private:
    DbSession &m_session;
};

} // namespace Banter::Server
