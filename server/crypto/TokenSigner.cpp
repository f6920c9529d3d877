#include "crypto/TokenSigner.h"

#include <banter/ErrorCode.h>

#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <optional>
#include <utility>

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

constexpr auto Base64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

QByteArray encodeSegment(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact).toBase64(Base64Url);
}

// A token has exactly one spelling. Rejecting padding, foreign characters and non-zero trailing bits keeps
// tampered-but-equivalent tokens (which would defeat jti/replay bookkeeping keyed on the text) out.
std::optional<QByteArray> decodeCanonical(QByteArrayView segment)
{
    for (const char c : segment) {
        const bool allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
                             || c == '_';
        if (!allowed)
            return std::nullopt;
    }
    auto decoded = QByteArray::fromBase64Encoding(segment.toByteArray(),
                                                  Base64Url | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.toBase64(Base64Url) != segment)
        return std::nullopt;
    return std::move(decoded.decoded);
}

std::optional<QJsonObject> decodeObject(QByteArrayView segment)
{
    const auto bytes = decodeCanonical(segment);
    if (!bytes)
        return std::nullopt;
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(*bytes, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return std::nullopt;
    // No member name with a control character (we never issue one): Qt 6.8 looks such names up inconsistently —
    // a header member "crit\u0000…" counted as "crit" (found by the token_signer fuzzer) — so a token that has one
    // is malformed, whatever its other members say.
    const QJsonObject object = doc.object();
    for (auto it = object.begin(); it != object.end(); ++it) {
        for (const QChar c : it.key())
            if (c.unicode() < 0x20 || c.unicode() == 0x7f)
                return std::nullopt;
    }
    return object;
}

// JSON numbers are doubles; only whole seconds within the exactly representable range count as times.
std::optional<qint64> wholeSeconds(const QJsonValue &value)
{
    if (!value.isDouble())
        return std::nullopt;
    const double d = value.toDouble();
    constexpr double maxExact = 9007199254740991.0; // 2^53 - 1
    if (!std::isfinite(d) || std::trunc(d) != d || std::fabs(d) > maxExact)
        return std::nullopt;
    return static_cast<qint64>(d);
}

Error unauthorized(const QString &reason)
{
    return makeError(ErrorCode::Unauthorized, reason);
}

} // namespace

QString TokenSigner::sign(const AccessClaims &claims) const
{
    const SecretKey &key = m_keys->currentTokenKey();
    const QJsonObject header{{u"alg"_s, u"HS256"_s}, {u"typ"_s, u"JWT"_s}, {u"kid"_s, key.id}};
    QJsonObject payload{{u"sub"_s, claims.sub}, {u"sid"_s, claims.sid},  {u"jti"_s, claims.jti},
                        {u"iat"_s, claims.iat}, {u"exp"_s, claims.exp}};
    if (!claims.role.isEmpty())
        payload.insert(u"role"_s, claims.role);
    const QByteArray signingInput = encodeSegment(header) + '.' + encodeSegment(payload);
    const QByteArray signature = m_crypto->hmacSha256(key.secret, signingInput).toBase64(Base64Url);
    return QString::fromLatin1(signingInput + '.' + signature);
}

Result<AccessClaims> TokenSigner::verify(const QString &token, qint64 nowSecs) const
{
    if (token.size() > maxTokenChars)
        return unauthorized(u"token too long"_s);
    for (const QChar c : token) {
        if (c.unicode() > 0x7e)
            return unauthorized(u"malformed token"_s);
    }
    const QByteArray text = token.toLatin1();
    const QList<QByteArray> parts = text.split('.');
    if (parts.size() != 3)
        return unauthorized(u"malformed token"_s);

    const auto header = decodeObject(parts[0]);
    if (!header)
        return unauthorized(u"malformed token header"_s);
    // Only the algorithm we issue: accepting the header's choice is how "none" and key-confusion attacks work.
    const QJsonValue alg = header->value(u"alg"_s);
    if (!alg.isString() || alg.toString() != "HS256"_L1)
        return unauthorized(u"unsupported token algorithm"_s);
    // RFC 7515: extensions marked critical that we do not understand must fail the token.
    if (header->contains(u"crit"_s))
        return unauthorized(u"unsupported token header"_s);
    const QJsonValue kid = header->value(u"kid"_s);
    const SecretKey *key = kid.isString() ? m_keys->tokenKey(kid.toString()) : nullptr;
    if (!key)
        return unauthorized(u"unknown token key"_s);

    const auto signature = decodeCanonical(parts[2]);
    const QByteArray signingInput = text.left(parts[0].size() + 1 + parts[1].size());
    if (!signature || !CryptoService::constantTimeEquals(*signature, m_crypto->hmacSha256(key->secret, signingInput)))
        return unauthorized(u"bad token signature"_s);

    // Nothing in the payload is looked at before the signature holds.
    const auto payload = decodeObject(parts[1]);
    if (!payload)
        return unauthorized(u"malformed token payload"_s);
    AccessClaims claims;
    const std::pair<QString, QString *> stringClaims[] = {
        {u"sub"_s, &claims.sub}, {u"sid"_s, &claims.sid}, {u"jti"_s, &claims.jti}};
    for (const auto &[name, field] : stringClaims) {
        const QJsonValue v = payload->value(name);
        if (!v.isString() || v.toString().isEmpty())
            return unauthorized(u"token claim "_s + name + u" missing or invalid"_s);
        *field = v.toString();
    }
    const std::pair<QString, qint64 *> timeClaims[] = {{u"iat"_s, &claims.iat}, {u"exp"_s, &claims.exp}};
    for (const auto &[name, field] : timeClaims) {
        const auto seconds = wholeSeconds(payload->value(name));
        if (!seconds)
            return unauthorized(u"token claim "_s + name + u" missing or invalid"_s);
        *field = *seconds;
    }
    if (const QJsonValue role = payload->value(u"role"_s); !role.isUndefined()) {
        if (!role.isString())
            return unauthorized(u"token claim role is not a string"_s);
        claims.role = role.toString();
    }
    if (claims.exp <= nowSecs)
        return unauthorized(u"token expired"_s);
    return claims;
}

} // namespace Banter::Server
