#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <chrono>
#include <functional>

namespace Banter::Server {

// One configured OpenID Connect provider (oidc/<name>/... in the configuration).
struct OidcProviderSettings
{
    QString name;
    QString issuer;
    QString clientId;
    QString clientSecret; // empty: a public client (PKCE alone); never logged
};

struct OidcSettings
{
    QList<OidcProviderSettings> providers;
    QStringList redirects; // the code flow's allow-list, exact URLs
    bool devMode = false;  // http://127.0.0.1 issuers and endpoints
    std::function<QString()> publicUrl; // scheme://host[:port][/path] clients reach banterd at (the callback's base)
    std::chrono::milliseconds jwksRefreshInterval{10000}; // least time between unknown-kid refetches
    std::chrono::milliseconds timeout{10000};            // one outbound request, all of it
    qint64 clockSkewSecs = 60;                           // exp, iat and nbf may be off by this much
    int stateTtlSecs = 600;                              // from /start to /callback
    double ratePerAddress = 5;                           // requests per second per client address, burst x4
};

// What the discovery document (OpenID Connect Discovery 1.0 §3) says that we use.
struct OidcDiscovery
{
    QString issuer;
    QUrl authorizationEndpoint;
    QUrl tokenEndpoint;
    QUrl jwksUri;
};

// A verified ID token's claims that sign-in uses.
struct IdTokenClaims
{
    QString issuer;
    QString subject;
    QString nonce;             // empty when the token has none
    qint64 expiresAt = 0;      // exp, Unix seconds
    QString email;             // only when email_verified is true, else empty
    QString name;
    QString preferredUsername;
};

} // namespace Banter::Server
