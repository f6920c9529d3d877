#pragma once

#include "service/OidcProviders.h"
#include "service/OidcTypes.h"

#include <banter/Result.h>

#include <QJsonObject>

namespace Banter::Server {

// Validates an ID token (OpenID Connect Core 1.0 §3.1.3.7) from a configured provider: the signature against the
// provider's JWKS (JwsVerifier: RS256 or ES256, never "none"), iss equal to the provider's issuer, aud containing
// our client id (and azp equal to it when there are several audiences), exp and iat (and nbf) within the clock
// skew, sub present, and the nonce equal to the expected one when one is expected. email is taken only when
// email_verified is true. Whether the nonce was used before is the caller's (it needs the database).
//
// verify() blocks (it may fetch the JWKS): it runs on the "oidc" WorkerPool.
class IdTokenVerifier
{
public:
    IdTokenVerifier(OidcProviders &providers, qint64 clockSkewSecs) : m_providers(providers), m_skew(clockSkewSecs) {}

    // Error code unauthorized (with why) for any token we refuse; unavailable when the provider's keys cannot be
    // had; not_configured for an unknown provider.
    Result<IdTokenClaims> verify(const QString &provider, const QString &idToken, const QString &expectedNonce,
                                 qint64 nowSecs);

    // The claim checks alone, on a payload whose signature was verified (static for unit tests).
    static Result<IdTokenClaims> checkClaims(const QJsonObject &payload, const QString &issuer, const QString &clientId,
                                             const QString &expectedNonce, qint64 nowSecs, qint64 skewSecs);

private:
    OidcProviders &m_providers;
    qint64 m_skew;
};

} // namespace Banter::Server
