#pragma once

#include "storage/DbSession.h"
#include "storage/UserRepository.h"

#include <QDateTime>
#include <QList>

#include <optional>

namespace Banter::Server {

// A provider account linked to a user.
struct IdentityRecord
{
    QString provider; // the configured name it was linked through
    QString issuer;
    QDateTime createdAt;
    QDateTime lastUsedAt;
};

// The PKCE code flow between /start and /callback.
struct LoginState
{
    QString provider;
    QString redirect;
    QString nonce;
    QString keyId;
    bool live = false; // not expired
};

// What an unlink must know: whether another way to sign in remains.
struct SignInMethods
{
    bool hasPassword = false;
    int identities = 0;
};

// Sign-in with OpenID Connect (migration 018): identities (issuer, subject) -> user, used ID-token nonces, and
// the code flow's states. Runs on the caller's DbSession, inside whatever transaction it has open.
class IdentityRepository
{
public:
    explicit IdentityRepository(DbSession &session) : m_session(session) {}

    Result<std::optional<qint64>> findUser(const QString &issuer, const QString &subject);
    // Error code conflict when (issuer, subject) is linked already, or the user has an identity of this issuer.
    Result<void> link(qint64 userId, const QString &issuer, const QString &subject, const QString &provider);
    Result<void> touch(const QString &issuer, const QString &subject);
    Result<QList<IdentityRecord>> listForUser(qint64 userId);
    // True when an identity of that issuer was linked (and now is not).
    Result<bool> unlink(qint64 userId, const QString &issuer);
    // Locks the user's row (inside a transaction) and counts its ways to sign in; nullopt for no such user.
    Result<std::optional<SignInMethods>> lockSignInMethods(qint64 userId);
    // A user without a password. Error code username_taken when the name exists.
    Result<UserRecord> insertUser(const QString &username, const QString &displayName);

    Result<bool> nonceUsed(const QString &issuer, const QByteArray &nonceHash);
    // True when the nonce was new (and is now recorded until expiresAt), false when it was used before.
    Result<bool> useNonce(const QString &issuer, const QByteArray &nonceHash, const QDateTime &expiresAt);

    Result<void> insertState(const QByteArray &stateHash, const LoginState &state, int ttlSeconds);
    // Removes and returns the state (single use); nullopt when there is none.
    Result<std::optional<LoginState>> takeState(const QByteArray &stateHash);
    // Drops expired nonces and states (up to 1000 of each).
    Result<void> purgeExpired();

private:
    DbSession &m_session;
};

} // namespace Banter::Server
