#pragma once

#include "crypto/KeyStore.h"
#include "crypto/TokenSigner.h"
#include "crypto/Totp.h"
#include "service/AuthTypes.h"
#include "service/Authenticator.h"
#include "service/PasswordHashPool.h"
#include "service/RateLimiter.h"
#include "service/SessionEvents.h"
#include "storage/DbExecutor.h"
#include "storage/SessionRepository.h"

#include <functional>

namespace Banter::Server {

// Registration, login (with TOTP), refresh-token rotation with reuse detection, logout, 2FA enrolment, and
// turning access tokens into Principals. Decides; SQL stays in the repositories it calls on database threads.
class AuthService : public Authenticator
{
public:
    // sessionEvents hears about every session this service ends, so live sockets of it close. The steps of
    // registration and login (hash, then database) continue on context's thread (see ServiceFutures.h).
    AuthService(DbExecutor &db, PasswordHashPool &hashes, const CryptoService &crypto, const KeyStore &keys,
                AuthSettings settings, SessionEvents &sessionEvents, QObject &context);

    QFuture<Result<AuthSession>> registerUser(const QString &username, const QString &password,
                                              const QString &displayName, const RequestOrigin &origin);
    QFuture<Result<AuthSession>> login(const QString &username, const QString &password, const QString &totp,
                                       const RequestOrigin &origin);
    QFuture<Result<AuthSession>> refresh(const QString &refreshToken);
    QFuture<Result<bool>> logout(const Principal &principal);
    QFuture<Result<QList<DeviceSession>>> sessions(const Principal &principal);
    QFuture<Result<bool>> revokeSession(const Principal &principal, const QString &sessionId);
    QFuture<Result<TwoFactorSetup>> beginTwoFactor(const Principal &principal);
    QFuture<Result<bool>> confirmTwoFactor(const Principal &principal, const QString &code);

    QFuture<Result<Principal>> authenticate(const QString &token) override;

    // On a database thread: what every way of signing in does once the first factor is proven (a password, or
    // a provider's ID token): the account's state (account_suspended), the second factor (totp_required,
    // invalid_totp), then beforeSession (may refuse; e.g. OIDC consumes the token's nonce there), the login
    // recorded, a new session. Returns what /api/auth/login answers.
    Result<AuthSession> admit(DbSession &db, const UserCredentials &c, const QString &totp, const RequestOrigin &origin,
                              const std::function<Result<void>()> &beforeSession = {}) const;

    // Field rules shared with other services.
    static Result<void> validateUsername(const QString &username);
    static Result<void> validatePassword(const QString &password);
    static Result<void> validateDisplayName(const QString &displayName);

private:
    // On a database thread: creates a session and signs its first token pair.
    Result<AuthSession> openSession(DbSession &db, const UserRecord &user, const RequestOrigin &origin) const;
    Result<void> checkSecondFactor(DbSession &db, const UserCredentials &c, const QString &totp) const;
    QString signAccess(const UserRecord &user, const QString &sessionId) const;
    QByteArray hashRefresh(const QString &token) const;

    DbExecutor &m_db;
    PasswordHashPool &m_hashes;
    const CryptoService &m_crypto;
    const KeyStore &m_keys;
    TokenSigner m_signer;
    Totp m_totp;
    AuthSettings m_settings;
    SessionEvents &m_sessionEvents;
    QObject &m_context;
    RateLimiter m_perAddress;
    RateLimiter m_perAccount;
};

} // namespace Banter::Server
