#pragma once

#include "crypto/CryptoService.h"
#include "crypto/KeyStore.h"
#include "crypto/MessageSealer.h"
#include "service/Principal.h"
#include "storage/DbExecutor.h"
#include "storage/PushSubscriptionRepository.h"

#include <QDateTime>
#include <QFuture>
#include <QJsonObject>

namespace Banter::Server {

struct PushSettings
{
    bool devMode = false;      // --dev: http://127.0.0.1 (and other loopback) endpoints, for tests
    int maxPerUser = 20;       // subscriptions per user
};

// A device's Web Push subscription as its owner sees it.
struct PushSubscription
{
    qint64 id = 0;
    QString endpoint;
    QDateTime createdAt;
    bool current = false; // registered by the calling session (this device)
    bool created = false; // register(): new, not an endpoint registered before
};

// A subscription opened for delivery: where to push and the keys to encrypt for.
struct PushTarget
{
    qint64 id = 0;
    qint64 userId = 0;
    QString endpoint;
    QByteArray p256dh; // 65 bytes
    QByteArray auth;   // 16 bytes
};

// Web Push subscriptions (issue #12): registered per login session, listed and deleted by their user, removed
// with the session (logout, session delete, ban: the sessions/revoke* statements). Checks what a browser's
// PushSubscription.toJSON() gives — an https endpoint (http to loopback only with --dev) that names no loopback,
// private or link-local address, and keys that are a P-256 point and 16 auth bytes — and keeps endpoint and keys
// sealed (migration 014). Hashing and sealing run on the database thread.
class PushSubscriptionService
{
public:
    PushSubscriptionService(DbExecutor &db, const CryptoService &crypto, const KeyStore &keys,
                            const MessageSealer &sealer, PushSettings settings)
        : m_db(db), m_crypto(crypto), m_keys(keys), m_sealer(sealer), m_settings(settings)
    {
    }

    // The VAPID public key, base64url of the uncompressed point (the browser's applicationServerKey).
    QString vapidPublicKey() const;
    // body: {endpoint, keys: {p256dh, auth}, expirationTime?}.
    QFuture<Result<PushSubscription>> subscribe(const Principal &caller, const QJsonObject &body);
    QFuture<Result<QList<PushSubscription>>> list(const Principal &caller);
    QFuture<Result<bool>> remove(const Principal &caller, const QString &id);

    // Whether an endpoint URL may be pushed to: https, or with devMode http to a loopback address; never a
    // loopback, private, link-local or unspecified IP literal, nor a localhost name, outside devMode. An error
    // message saying why, or empty.
    static QString endpointProblem(const QUrl &endpoint, bool devMode);
    // Opens a stored subscription (push delivery, on a job thread).
    static Result<PushTarget> open(const MessageSealer &sealer, const StoredPushSubscription &row);

private:
    DbExecutor &m_db;
    const CryptoService &m_crypto;
    const KeyStore &m_keys;
    const MessageSealer &m_sealer;
    PushSettings m_settings;
};

} // namespace Banter::Server
