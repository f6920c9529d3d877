#include "http/OidcRoutes.h"

#include "http/JsonFields.h"
#include "http/RouteReply.h"
#include "http/UserJson.h"

#include <banter/ErrorCode.h>

using namespace Qt::StringLiterals;
using Method = QHttpServerRequest::Method;

namespace Banter::Server {
namespace {

struct TokenBody
{
    QString provider; // POST /api/auth/links only
    QString idToken;
    QString nonce;
    QString totp;
};

constexpr qsizetype MaxIdTokenChars = 16 * 1024;

Result<TokenBody> tokenBody(const QJsonObject &body, bool withProvider)
{
    JsonFields f(body);
    if (auto r = f.only(withProvider ? QStringList{u"provider"_s, u"idToken"_s, u"nonce"_s}
                                     : QStringList{u"idToken"_s, u"nonce"_s, u"totp"_s});
        !r)
        return r.error();
    TokenBody b;
    if (withProvider) {
        auto provider = f.requiredString(u"provider"_s);
        if (!provider)
            return provider.error();
        b.provider = provider.value();
    }
    auto idToken = f.requiredString(u"idToken"_s);
    auto nonce = f.optionalString(u"nonce"_s);
    auto totp = f.optionalString(u"totp"_s);
    if (!idToken || !nonce || !totp)
        return !idToken ? idToken.error() : !nonce ? nonce.error() : totp.error();
    if (idToken->isEmpty() || idToken->size() > MaxIdTokenChars)
        return makeError(ErrorCode::ValidationFailed, u"idToken: a JWT of at most 16384 characters"_s);
    b.idToken = idToken.value();
    b.nonce = nonce->value_or(QString());
    if (b.nonce.size() > 512)
        return makeError(ErrorCode::ValidationFailed, u"nonce: at most 512 characters"_s);
    b.totp = totp->value_or(QString());
    return b;
}

// A 302 to location. Nothing here may be cached or leak the location through a Referer.
RawReply redirectTo(const QString &location)
{
    RawReply reply;
    reply.status = 302;
    reply.headers.append(QHttpHeaders::WellKnownHeader::Location, location.toUtf8());
    reply.headers.append(QHttpHeaders::WellKnownHeader::CacheControl, "no-store");
    reply.headers.append("Referrer-Policy", "no-referrer");
    return reply;
}

QJsonObject linkJson(const IdentityRecord &r)
{
    return {{u"provider"_s, r.provider}, {u"issuer"_s, r.issuer},
            {u"createdAt"_s, r.createdAt.toUTC().toString(Qt::ISODateWithMs)},
            {u"lastUsedAt"_s, r.lastUsedAt.isValid() ? QJsonValue(r.lastUsedAt.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue()}};
}

} // namespace

void OidcRoutes::registerOn(ApiRouter &router, OidcService &oidc)
{
    const auto signIn = [&oidc](const ApiRequest &r, const QString &provider) {
        const auto b = tokenBody(r.body, false);
        if (!b)
            return invalid(b.error());
        return reply(r, oidc.signIn(provider, b->idToken, b->nonce, b->totp, {r.clientAddress, r.userAgent}),
                     [](const AuthSession &s) { return ApiReply::ok(UserJson::authSession(s)); });
    };
    // What a sign-in page offers: the configured providers, in configuration order.
    router.add(Method::Get, u"/api/auth/providers"_s, Access::Public, [&oidc](const ApiRequest &) {
        QJsonArray list;
        for (const OidcProviderSettings &p : oidc.providers())
            list.append(QJsonObject{{u"name"_s, p.name}, {u"issuer"_s, p.issuer}});
        return ApiRouter::ready(ApiReply::ok({{u"providers"_s, list}}));
    });
    router.add(Method::Post, u"/api/auth/google"_s, Access::Public,
               [signIn](const ApiRequest &r) { return signIn(r, u"google"_s); });
    router.add(Method::Post, u"/api/auth/facebook"_s, Access::Public,
               [signIn](const ApiRequest &r) { return signIn(r, u"facebook"_s); });
    router.add(Method::Post, u"/api/auth/oidc/<arg>"_s, Access::Public,
               [signIn](const ApiRequest &r) { return signIn(r, r.args.value(0)); });

    router.addRaw(Method::Get, u"/api/auth/oidc/<arg>/start"_s, Access::Public, [&oidc](const ApiRequest &r) {
        return oidc.start(r.args.value(0), r.query.queryItemValue(u"redirect"_s, QUrl::FullyDecoded), r.clientAddress)
            .then(r.context, [](const Result<QString> &location) -> RawResult {
                if (!location)
                    return location.error();
                return redirectTo(location.value());
            });
    });
    router.addRaw(Method::Get, u"/api/auth/oidc/<arg>/callback"_s, Access::Public, [&oidc](const ApiRequest &r) {
        const QString error = r.query.queryItemValue(u"error"_s, QUrl::FullyDecoded);
        return oidc.finish(r.args.value(0), r.query.queryItemValue(u"code"_s, QUrl::FullyDecoded),
                           r.query.queryItemValue(u"state"_s, QUrl::FullyDecoded), error,
                           r.query.queryItemValue(u"iss"_s, QUrl::FullyDecoded), {r.clientAddress, r.userAgent})
            .then(r.context, [](const Result<QString> &location) -> RawResult {
                if (!location)
                    return location.error();
                return redirectTo(location.value());
            });
    });

    router.add(Method::Get, u"/api/auth/links"_s, Access::User, [&oidc](const ApiRequest &r) {
        return reply(r, oidc.links(*r.principal), [](const QList<IdentityRecord> &list) {
            QJsonArray array;
            for (const IdentityRecord &i : list)
                array.append(linkJson(i));
            return ApiReply::ok({{u"links"_s, array}});
        });
    });
    router.add(Method::Post, u"/api/auth/links"_s, Access::User, [&oidc](const ApiRequest &r) {
        const auto b = tokenBody(r.body, true);
        if (!b)
            return invalid(b.error());
        return reply(r, oidc.link(*r.principal, b->provider, b->idToken, b->nonce, r.clientAddress),
                     [](const IdentityRecord &i) { return ApiReply::created({{u"link"_s, linkJson(i)}}); });
    });
    router.add(Method::Delete, u"/api/auth/links/<arg>"_s, Access::User, [&oidc](const ApiRequest &r) {
        return reply(r, oidc.unlink(*r.principal, r.args.value(0)), [](bool) { return ApiReply::empty(); });
    });
}

} // namespace Banter::Server
