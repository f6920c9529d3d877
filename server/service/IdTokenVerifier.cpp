#include "service/IdTokenVerifier.h"

#include "crypto/CryptoService.h"
#include "crypto/JwsVerifier.h"
#include "service/ServiceLog.h"

#include <banter/ErrorCode.h>

#include <QJsonArray>

#include <optional>

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

Error refused(const QString &why)
{
    return makeError(ErrorCode::Unauthorized, u"invalid ID token: "_s + why);
}

// A NumericDate (RFC 7519 §2): a JSON number of seconds; nullopt when absent or not a number.
std::optional<qint64> numericDate(const QJsonObject &payload, const QString &claim)
{
    const QJsonValue v = payload.value(claim);
    if (!v.isDouble())
        return std::nullopt;
    const double d = v.toDouble();
    if (!(d >= 0 && d < 1e13))
        return std::nullopt;
    return qint64(d);
}

} // namespace

Result<IdTokenClaims> IdTokenVerifier::checkClaims(const QJsonObject &payload, const QString &issuer,
                                                   const QString &clientId, const QString &expectedNonce,
                                                   qint64 nowSecs, qint64 skewSecs)
{
    if (payload.value(u"iss"_s).toString() != issuer)
        return refused(u"iss is not the provider's issuer"_s);
    const QJsonValue aud = payload.value(u"aud"_s);
    QStringList audiences;
    if (aud.isString())
        audiences << aud.toString();
    else if (aud.isArray())
        for (const QJsonValue &a : aud.toArray())
            audiences << a.toString();
    if (!audiences.contains(clientId))
        return refused(u"aud is not this server's client id"_s);
    // §3.1.3.7 items 4 and 5: with several audiences, the party it was issued to must be us.
    if (payload.contains(u"azp"_s) || audiences.size() > 1) {
        if (payload.value(u"azp"_s).toString() != clientId)
            return refused(u"azp is not this server's client id"_s);
    }
    const auto exp = numericDate(payload, u"exp"_s);
    const auto iat = numericDate(payload, u"iat"_s);
    if (!exp || !iat)
        return refused(u"exp and iat are required numbers"_s);
    if (nowSecs >= *exp + skewSecs)
        return refused(u"it has expired"_s);
    if (*iat > nowSecs + skewSecs)
        return refused(u"it was issued in the future (iat)"_s);
    if (payload.contains(u"nbf"_s)) {
        const auto nbf = numericDate(payload, u"nbf"_s);
        if (!nbf || *nbf > nowSecs + skewSecs)
            return refused(u"it is not valid yet (nbf)"_s);
    }
    const QString sub = payload.value(u"sub"_s).toString();
    if (sub.isEmpty() || sub.size() > 255)
        return refused(u"sub is missing or too long"_s);
    const QJsonValue nonceValue = payload.value(u"nonce"_s);
    if (!nonceValue.isUndefined() && !nonceValue.isString())
        return refused(u"nonce is not a string"_s);
    const QString nonce = nonceValue.toString();
    if (nonce.size() > 512)
        return refused(u"nonce is too long"_s);
    if (!expectedNonce.isEmpty()
        && !CryptoService::constantTimeEquals(nonce.toUtf8(), expectedNonce.toUtf8()))
        return refused(u"nonce is not the one given"_s);

    IdTokenClaims claims;
    claims.issuer = issuer;
    claims.subject = sub;
    claims.nonce = nonce;
    claims.expiresAt = *exp;
    // email_verified is a boolean, though some providers have sent the string "true".
    const QJsonValue verified = payload.value(u"email_verified"_s);
    const bool emailVerified = verified.isBool() ? verified.toBool() : verified.toString() == "true"_L1;
    if (emailVerified)
        claims.email = payload.value(u"email"_s).toString().left(254);
    claims.name = payload.value(u"name"_s).toString().left(200);
    claims.preferredUsername = payload.value(u"preferred_username"_s).toString().left(200);
    return claims;
}

Result<IdTokenClaims> IdTokenVerifier::verify(const QString &provider, const QString &idToken,
                                              const QString &expectedNonce, qint64 nowSecs)
{
    const OidcProviderSettings *settings = m_providers.find(provider);
    if (!settings)
        return makeError(ErrorCode::NotConfigured, u"no such provider"_s);
    // toLatin1() turns anything beyond Latin-1 into '?', which no base64url part may hold: refused below.
    auto parts = JwsVerifier::parse(idToken.toLatin1());
    if (!parts)
        return refused(parts.error().message);
    const QString alg = parts->header.value(u"alg"_s).toString();
    if (!JwsVerifier::isSupportedAlg(alg))
        return refused(u"alg \""_s + alg.left(16) + u"\" is not accepted (RS256, ES256)"_s);
    const QJsonValue kidValue = parts->header.value(u"kid"_s);
    if (!kidValue.isUndefined() && !kidValue.isString())
        return refused(u"kid is not a string"_s);
    const QString kid = kidValue.toString().left(256);

    auto keys = m_providers.keysFor(provider, kid);
    if (!keys)
        return keys.error();
    if (keys->isEmpty())
        return refused(u"it was signed by a key the provider does not publish"_s);
    // Without a kid, every key of the set may have signed it; refusals of keys of the wrong type are expected.
    Error last = refused(u"the signature does not verify"_s);
    bool verified = false;
    for (const QJsonObject &key : std::as_const(keys.value())) {
        auto r = JwsVerifier::verify(parts.value(), key);
        if (r) {
            verified = true;
            break;
        }
        if (r.error().code != "invalid_token"_L1)
            return r.error();
        last = refused(r.error().message);
    }
    if (!verified)
        return last;
    return checkClaims(parts->payload, settings->issuer, settings->clientId, expectedNonce, nowSecs, m_skew);
}

} // namespace Banter::Server
