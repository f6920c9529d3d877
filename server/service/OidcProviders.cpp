#include "service/OidcProviders.h"

#include "service/ServiceLog.h"

#include <banter/ErrorCode.h>

#include <QDateTime>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTimeZone>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

constexpr std::chrono::seconds DefaultLifetime{3600};
constexpr std::chrono::seconds MaxLifetime{24 * 3600};

Error providerError(const QString &what)
{
    return makeError(ErrorCode::Unavailable, what);
}

Result<QJsonObject> jsonObject(const OidcHttpResponse &r, const QString &what)
{
    if (r.status != 200)
        return providerError(what + u" answered HTTP "_s + QString::number(r.status));
    QJsonParseError e;
    const QJsonDocument doc = QJsonDocument::fromJson(r.body, &e);
    if (e.error != QJsonParseError::NoError || !doc.isObject())
        return providerError(what + u" is not a JSON object"_s);
    return doc.object();
}

// RFC 9110 §5.6.7 (IMF-fixdate), the only form a sender may produce.
QDateTime httpDate(const QByteArray &value)
{
    QDateTime t = QDateTime::fromString(QString::fromLatin1(value).trimmed(), u"ddd, dd MMM yyyy HH:mm:ss 'GMT'"_s);
    if (t.isValid())
        t.setTimeZone(QTimeZone::UTC);
    return t;
}

} // namespace

OidcProviders::OidcProviders(QList<OidcProviderSettings> providers, OidcHttp http,
                             std::chrono::milliseconds jwksRefreshInterval)
    : m_providers(std::move(providers)), m_http(http), m_jwksRefreshInterval(jwksRefreshInterval)
{
    for (const OidcProviderSettings &p : std::as_const(m_providers))
        m_states.emplace(p.name, std::make_unique<State>());
}

const OidcProviderSettings *OidcProviders::find(const QString &name) const
{
    for (const OidcProviderSettings &p : m_providers)
        if (p.name == name)
            return &p;
    return nullptr;
}

QStringList OidcProviders::names() const
{
    QStringList list;
    for (const OidcProviderSettings &p : m_providers)
        list << p.name;
    return list;
}

QUrl OidcProviders::discoveryUrl(const QString &issuer)
{
    QString base = issuer;
    while (base.endsWith(u'/'))
        base.chop(1);
    // Facebook publishes its documents (www.facebook.com, limited.facebook.com) under a trailing slash and redirects
    // the other spelling (we follow no redirects).
    const QString host = QUrl(base).host();
    if (host == "facebook.com"_L1 || host.endsWith(".facebook.com"_L1))
        return QUrl(base + u"/.well-known/openid-configuration/"_s);
    return QUrl(base + u"/.well-known/openid-configuration"_s);
}

std::chrono::seconds OidcProviders::cacheLifetime(const OidcHttpResponse &response, const QDateTime &now)
{
    const QByteArray cacheControl = response.header("cache-control").toLower();
    if (!cacheControl.isEmpty()) {
        if (cacheControl.contains("no-store") || cacheControl.contains("no-cache"))
            return std::chrono::seconds(0);
        static const QRegularExpression maxAge(u"(?:^|[,\\s])max-age\\s*=\\s*\"?(\\d{1,10})"_s);
        const auto m = maxAge.match(QString::fromLatin1(cacheControl));
        if (m.hasMatch()) {
            qint64 secs = m.captured(1).toLongLong();
            bool ok = false;
            const qint64 age = response.header("age").trimmed().toLongLong(&ok);
            if (ok && age > 0)
                secs -= age;
            return std::chrono::seconds(std::clamp<qint64>(secs, 0, MaxLifetime.count()));
        }
    }
    const QByteArray expiresText = response.header("expires");
    if (!expiresText.isEmpty()) {
        const QDateTime expires = httpDate(expiresText);
        if (!expires.isValid())
            return std::chrono::seconds(0); // RFC 9111 §5.3: an invalid date means already expired
        const QDateTime date = httpDate(response.header("date"));
        const qint64 secs = (date.isValid() ? date : now).secsTo(expires);
        return std::chrono::seconds(std::clamp<qint64>(secs, 0, MaxLifetime.count()));
    }
    return DefaultLifetime;
}

Result<OidcDiscovery> OidcProviders::discoveryLocked(const OidcProviderSettings &provider, State &state)
{
    const auto now = Clock::now();
    if (state.discovery && now < state.discoveryExpires)
        return *state.discovery;
    const QUrl url = discoveryUrl(provider.issuer);
    auto fetched = m_http.get(url);
    auto object = fetched ? jsonObject(fetched.value(), u"the discovery document"_s) : Result<QJsonObject>(fetched.error());
    if (!object) {
        if (state.discovery) {
            qCWarning(lcService) << "OIDC" << provider.name << "discovery refresh failed, using the cached one:"
                                 << object.error().message;
            return *state.discovery;
        }
        qCWarning(lcService) << "OIDC" << provider.name << "discovery failed:" << object.error().message;
        return object.error();
    }
    const QJsonObject &d = object.value();
    OidcDiscovery discovery{d.value(u"issuer"_s).toString(), QUrl(d.value(u"authorization_endpoint"_s).toString()),
                            QUrl(d.value(u"token_endpoint"_s).toString()), QUrl(d.value(u"jwks_uri"_s).toString())};
    // Discovery §4.3: the document's issuer is exactly the one configured, or nothing it says is to be trusted.
    if (discovery.issuer != provider.issuer)
        return providerError(u"the discovery document names another issuer"_s);
    if (!OidcHttp::allowed(discovery.jwksUri, m_http.devMode()))
        return providerError(u"the discovery document has no usable jwks_uri"_s);
    state.discovery = discovery;
    state.discoveryExpires = now + cacheLifetime(fetched.value(), QDateTime::currentDateTimeUtc());
    return discovery;
}

Result<void> OidcProviders::fetchKeysLocked(const OidcProviderSettings &provider, State &state)
{
    auto discovery = discoveryLocked(provider, state);
    if (!discovery)
        return discovery.error();
    auto fetched = m_http.get(discovery->jwksUri);
    auto object = fetched ? jsonObject(fetched.value(), u"the JWKS"_s) : Result<QJsonObject>(fetched.error());
    if (object && !object->value(u"keys"_s).isArray())
        object = providerError(u"the JWKS has no keys array"_s);
    if (!object) {
        qCWarning(lcService) << "OIDC" << provider.name << "JWKS fetch failed:" << object.error().message;
        return object.error();
    }
    state.keys = object->value(u"keys"_s).toArray();
    state.keysExpires = Clock::now() + cacheLifetime(fetched.value(), QDateTime::currentDateTimeUtc());
    qCInfo(lcService) << "OIDC" << provider.name << "JWKS fetched:" << state.keys->size() << "keys";
    return {};
}

Result<OidcDiscovery> OidcProviders::discovery(const QString &name)
{
    const OidcProviderSettings *provider = find(name);
    if (!provider)
        return makeError(ErrorCode::NotConfigured, u"no such provider"_s);
    State &state = *m_states.at(name);
    std::lock_guard lock(state.mutex);
    return discoveryLocked(*provider, state);
}

Result<QList<QJsonObject>> OidcProviders::keysFor(const QString &name, const QString &kid)
{
    const OidcProviderSettings *provider = find(name);
    if (!provider)
        return makeError(ErrorCode::NotConfigured, u"no such provider"_s);
    State &state = *m_states.at(name);
    std::lock_guard lock(state.mutex);
    if (!state.keys || Clock::now() >= state.keysExpires) {
        if (auto r = fetchKeysLocked(*provider, state); !r && !state.keys)
            return r.error(); // with a stale set, go on with it
    }
    const auto matching = [&] {
        QList<QJsonObject> list;
        for (const QJsonValue &v : std::as_const(*state.keys)) {
            const QJsonObject key = v.toObject();
            if (kid.isEmpty() || key.value(u"kid"_s).toString() == kid)
                list.append(key);
        }
        return list;
    };
    QList<QJsonObject> found = matching();
    if (found.isEmpty() && !kid.isEmpty()) {
        const auto now = Clock::now();
        if (!state.lastUnknownKidFetch || now - *state.lastUnknownKidFetch >= m_jwksRefreshInterval) {
            state.lastUnknownKidFetch = now;
            qCInfo(lcService) << "OIDC" << provider->name << "a token names an unknown key id; fetching the JWKS again";
            if (auto r = fetchKeysLocked(*provider, state); !r)
                return r.error();
            found = matching();
        }
    }
    return found;
}

} // namespace Banter::Server
