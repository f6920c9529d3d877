#pragma once

#include "crypto/CryptoService.h"
#include "crypto/KeyStore.h"
#include "service/AuthService.h"
#include "service/IdTokenVerifier.h"
#include "service/ModerationEvents.h"
#include "service/OidcProviders.h"
#include "service/OidcTypes.h"
#include "service/RateLimiter.h"
#include "service/WorkerPool.h"
#include "storage/DbExecutor.h"
#include "storage/IdentityRepository.h"

#include <QFuture>
#include <QObject>

namespace Banter::Server {

// Sign-in with OpenID Connect providers (issue #15), for apps that hold an ID token (signIn: mobile and
// single-page apps) and for web apps through the authorization code flow with PKCE (start, finish); linking and
// unlinking providers to an account. Decides; ID tokens are verified on the "oidc" WorkerPool (IdTokenVerifier,
// which may fetch from the provider), rows are read and written on the database threads (IdentityRepository),
// and every continuation runs on context's thread.
//
// Accounts: a first sign-in with (issuer, sub) creates an account without a password and links it. An existing
// account is never linked because of a matching email (whoever controls an email at some provider would take the
// account over); a signed-in user links explicitly (link). The last way to sign in (the password, or the only
// identity of a passwordless account) cannot be unlinked. The second factor applies as with /api/auth/login.
class OidcService
{
public:
    OidcService(DbExecutor &db, WorkerPool &pool, OidcProviders &providers, AuthService &auth,
                const CryptoService &crypto, const KeyStore &keys, ModerationEvents &events, OidcSettings settings,
                QObject &context);

    bool isConfigured(const QString &provider) const { return m_providers.find(provider) != nullptr; }
    // The configured providers, by name (GET /api/auth/providers: what a sign-in page offers).
    QList<OidcProviderSettings> providers() const;
    // The built-in web client (PUBLIC_URL/app/): always a permitted redirect of the code flow, besides
    // --oidc-redirects (the tokens go to this server's own page).
    QString webClientUrl() const;

    // What /api/auth/login answers. Errors: not_configured, unauthorized (the token), account_suspended,
    // totp_required, invalid_totp, rate_limited, unavailable.
    QFuture<Result<AuthSession>> signIn(const QString &provider, const QString &idToken, const QString &nonce,
                                        const QString &totp, const RequestOrigin &origin);
    QFuture<Result<QList<IdentityRecord>>> links(const Principal &principal);
    // Links the token's (issuer, sub) to the caller. conflict: linked to someone else, or the caller has another
    // account of that issuer linked.
    QFuture<Result<IdentityRecord>> link(const Principal &principal, const QString &provider, const QString &idToken,
                                         const QString &nonce, const QString &clientAddress);
    // not_found when none is linked; conflict when it is the last way to sign in.
    QFuture<Result<bool>> unlink(const Principal &principal, const QString &provider);

    // The code flow. start: the provider's authorization URL to send the browser to, after checking redirect
    // against the allow-list (validation_failed) and storing the state.
    QFuture<Result<QString>> start(const QString &provider, const QString &redirect, const QString &clientAddress);
    // finish: the provider sent the browser back. Without a state of ours (missing, unknown, used, another
    // provider's): unauthorized, answered to the browser here. With one: always the redirect URL it was started
    // with, carrying the outcome in its fragment (never the query, which servers log): token, refreshToken,
    // userId, username on success; error and message otherwise (totp_required also carries idToken and nonce, for
    // POST /api/auth/oidc/:provider with totp). issuer: the callback's iss parameter (RFC 9207), when sent.
    QFuture<Result<QString>> finish(const QString &provider, const QString &code, const QString &state,
                                    const QString &providerError, const QString &issuer, const RequestOrigin &origin);

private:
    QString publicBase() const; // PUBLIC_URL without a trailing slash
    QString callbackUrl(const QString &provider) const;
    QByteArray pkceVerifier(const QByteArray &dataKey, const QString &state) const;
    // On a database thread: the account for the claims (found, or created and linked), then AuthService::admit,
    // the nonce consumed just before the session is opened.
    Result<AuthSession> signInOnDb(DbSession &db, const QString &provider, const IdTokenClaims &claims,
                                   const QString &totp, const RequestOrigin &origin) const;
    Result<qint64> createAccount(DbSession &db, const QString &provider, const IdTokenClaims &claims) const;
    QStringList usernameCandidates(const QString &provider, const IdTokenClaims &claims) const;
    QFuture<Result<IdTokenClaims>> verify(const QString &provider, const QString &idToken, const QString &nonce);
    std::optional<Error> limited(const QString &clientAddress);

    DbExecutor &m_db;
    WorkerPool &m_pool;
    OidcProviders &m_providers;
    IdTokenVerifier m_verifier;
    AuthService &m_auth;
    const CryptoService &m_crypto;
    const KeyStore &m_keys;
    ModerationEvents &m_events;
    OidcSettings m_settings;
    QObject &m_context;
    RateLimiter m_perAddress;
};

} // namespace Banter::Server
