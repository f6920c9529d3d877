#pragma once

#include "service/OidcHttp.h"
#include "service/OidcTypes.h"

#include <banter/Result.h>

#include <QJsonArray>
#include <QJsonObject>

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

namespace Banter::Server {

// The configured providers and what we know of each: its discovery document and its JWKS, fetched when first
// needed and kept as long as their HTTP cache headers allow (Cache-Control max-age less Age, else Expires less
// Date, else an hour; at most a day). A token naming a key id the cached JWKS lacks makes us fetch the JWKS again,
// at most once per jwksRefreshInterval per provider, so random key ids cannot make us hammer the provider. When a
// refetch fails, what was cached is still used (and the failure logged).
//
// Thread-safe; the fetching calls block (PushHttpClient), so they run on the "oidc" WorkerPool only. Fetches of one
// provider happen one at a time (its mutex): callers that need the same document wait for one fetch.
class OidcProviders
{
public:
    OidcProviders(QList<OidcProviderSettings> providers, OidcHttp http, std::chrono::milliseconds jwksRefreshInterval);

    // nullptr when no provider of that name is configured.
    const OidcProviderSettings *find(const QString &name) const;
    QStringList names() const;
    const OidcHttp &http() const { return m_http; }

    // Blocking. Errors: unavailable (the provider cannot be reached or answers nonsense).
    Result<OidcDiscovery> discovery(const QString &name);
    // Blocking. The JWKs that may have signed a token with this kid (by kid; without one, every key) — empty when
    // there is none even after a refetch the interval allowed.
    Result<QList<QJsonObject>> keysFor(const QString &name, const QString &kid);

    // How long an answer may be cached by its headers (exposed for tests).
    static std::chrono::seconds cacheLifetime(const OidcHttpResponse &response, const QDateTime &now);
    // Where the discovery document of an issuer is (OpenID Connect Discovery 1.0 §4).
    static QUrl discoveryUrl(const QString &issuer);

private:
    using Clock = std::chrono::steady_clock;
    struct State
    {
        std::mutex mutex;
        std::optional<OidcDiscovery> discovery;
        Clock::time_point discoveryExpires;
        std::optional<QJsonArray> keys;
        Clock::time_point keysExpires;
        std::optional<Clock::time_point> lastUnknownKidFetch;
    };

    // With the state's mutex held.
    Result<OidcDiscovery> discoveryLocked(const OidcProviderSettings &provider, State &state);
    Result<void> fetchKeysLocked(const OidcProviderSettings &provider, State &state);

    QList<OidcProviderSettings> m_providers;
    OidcHttp m_http;
    std::chrono::milliseconds m_jwksRefreshInterval;
    std::map<QString, std::unique_ptr<State>> m_states; // one per provider, made in the constructor
};

} // namespace Banter::Server
