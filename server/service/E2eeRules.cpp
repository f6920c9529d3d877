#include "service/E2eeRules.h"

#include <banter/ErrorCode.h>

#include <QJsonArray>
#include <QJsonObject>
#include <QSet>

#include <optional>

using namespace Qt::StringLiterals;

namespace Banter::Server::E2eeRules {
namespace {

constexpr qsizetype KeyBytes = 33;
constexpr qsizetype SignatureBytes = 64;
constexpr qsizetype KyberKeyBytes = 1569;

Error invalid(const QString &message)
{
    return makeError(ErrorCode::ValidationFailed, message);
}

// Standard base64 (padding included) decoding to exactly `bytes` (or, with bytes < 0, 1 to -bytes).
std::optional<QByteArray> base64(const QJsonValue &v, qsizetype bytes)
{
    if (!v.isString())
        return std::nullopt;
    const QString text = v.toString();
    const qsizetype maxBytes = bytes < 0 ? -bytes : bytes;
    if (text.isEmpty() || text.size() > (maxBytes + 2) / 3 * 4)
        return std::nullopt;
    const auto decoded = QByteArray::fromBase64Encoding(text.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.isEmpty())
        return std::nullopt;
    if (bytes >= 0 && decoded.decoded.size() != bytes)
        return std::nullopt;
    if (decoded.decoded.size() > maxBytes)
        return std::nullopt;
    // One canonical spelling: what it decodes to, encoded again (no stray padding or whitespace tricks).
    if (QString::fromLatin1(decoded.decoded.toBase64()) != text)
        return std::nullopt;
    return decoded.decoded;
}

std::optional<int> integer(const QJsonValue &v, int min, int max)
{
    if (!v.isDouble())
        return std::nullopt;
    const double d = v.toDouble();
    if (!(d >= min && d <= max) || d != double(qint64(d))) // the range first: the cast of a huge double is undefined
        return std::nullopt;
    return int(d);
}

// A user id: a decimal string or a number.
std::optional<qint64> userId(const QJsonValue &v)
{
    if (v.isDouble() && v.toDouble() == double(v.toInteger()) && v.toInteger() > 0)
        return v.toInteger();
    if (!v.isString() || v.toString().size() > 20)
        return std::nullopt;
    bool ok = false;
    const qint64 id = v.toString().toLongLong(&ok);
    if (!ok || id <= 0 || QString::number(id) != v.toString())
        return std::nullopt;
    return id;
}

QString keyRule(const QString &field)
{
    return field + QStringLiteral(": base64 of a %1-byte public key").arg(KeyBytes);
}

struct SignedKey
{
    int id = 0;
    QByteArray publicKey;
    QByteArray signature;
};

// {id, publicKey, signature}: the signed pre-key (keyBytes 33) or the signed Kyber pre-key (1569 bytes).
Result<SignedKey> signedKey(const QJsonValue &v, const QString &field, qsizetype keyBytes, const QString &keyKind)
{
    if (!v.isObject())
        return invalid(field + u": {id, publicKey, signature}"_s);
    const auto id = integer(v[u"id"_s], 1, MaxPreKeyId);
    if (!id)
        return invalid(field + QStringLiteral(".id: an integer 1-%1").arg(MaxPreKeyId));
    const auto key = base64(v[u"publicKey"_s], keyBytes);
    if (!key)
        return invalid(field + QStringLiteral(".publicKey: base64 of a %1-byte %2").arg(keyBytes).arg(keyKind));
    const auto sig = base64(v[u"signature"_s], SignatureBytes);
    if (!sig)
        return invalid(field + QStringLiteral(".signature: base64 of a %1-byte signature").arg(SignatureBytes));
    return SignedKey{*id, *key, *sig};
}

} // namespace

Result<DeviceKeys> deviceKeys(const QJsonValue &body)
{
    if (!body.isObject())
        return makeError(ErrorCode::InvalidJson, u"the body must be a JSON object"_s);
    const QJsonObject o = body.toObject();
    static const QSet<QString> known{u"identityKey"_s, u"signedPreKey"_s, u"oneTimePreKeys"_s, u"registrationId"_s,
                                     u"kyberPreKey"_s};
    for (auto it = o.begin(); it != o.end(); ++it)
        if (!known.contains(it.key()))
            return invalid(u"unknown field \""_s + it.key().left(40) + u'"');
    DeviceKeys k;
    const auto reg = integer(o.value(u"registrationId"_s), 1, MaxRegistrationId);
    if (!reg)
        return invalid(QStringLiteral("registrationId: an integer 1-%1").arg(MaxRegistrationId));
    k.registrationId = *reg;
    const auto identity = base64(o.value(u"identityKey"_s), KeyBytes);
    if (!identity)
        return invalid(keyRule(u"identityKey"_s));
    k.identityKey = *identity;

    const auto spk = signedKey(o.value(u"signedPreKey"_s), u"signedPreKey"_s, KeyBytes, u"public key"_s);
    if (!spk)
        return spk.error();
    k.signedPreKeyId = spk->id;
    k.signedPreKey = spk->publicKey;
    k.signedPreKeySignature = spk->signature;

    const QJsonValue kyber = o.value(u"kyberPreKey"_s);
    if (!kyber.isUndefined() && !kyber.isNull()) {
        const auto kpk = signedKey(kyber, u"kyberPreKey"_s, KyberKeyBytes, u"Kyber-1024 public key"_s);
        if (!kpk)
            return kpk.error();
        k.kyberPreKeyId = kpk->id;
        k.kyberPreKey = kpk->publicKey;
        k.kyberPreKeySignature = kpk->signature;
    }

    const QJsonValue otks = o.value(u"oneTimePreKeys"_s);
    if (!otks.isUndefined() && !otks.isNull()) {
        if (!otks.isArray())
            return invalid(u"oneTimePreKeys: an array of {id, publicKey}"_s);
        const QJsonArray list = otks.toArray();
        if (list.size() > MaxPreKeysPerUpload)
            return invalid(QStringLiteral("oneTimePreKeys: at most %1 per upload").arg(MaxPreKeysPerUpload));
        QSet<int> ids;
        for (qsizetype i = 0; i < list.size(); ++i) {
            const QJsonValue e = list.at(i);
            const QString at = QStringLiteral("oneTimePreKeys[%1]").arg(i);
            if (!e.isObject())
                return invalid(at + u": {id, publicKey}"_s);
            const auto id = integer(e[u"id"_s], 1, MaxPreKeyId);
            if (!id)
                return invalid(at + QStringLiteral(".id: an integer 1-%1").arg(MaxPreKeyId));
            if (ids.contains(*id))
                return invalid(at + u".id: the same id twice"_s);
            ids.insert(*id);
            const auto key = base64(e[u"publicKey"_s], KeyBytes);
            if (!key)
                return invalid(keyRule(at + u".publicKey"_s));
            k.oneTimePreKeys.append({*id, *key});
        }
    }
    return k;
}

Result<QList<DeviceCiphertext>> ciphertexts(const QJsonValue &value)
{
    if (!value.isArray())
        return invalid(u"ciphertexts: an array of {userId, deviceId, type, body}"_s);
    const QJsonArray list = value.toArray();
    if (list.size() > MaxCiphertexts)
        return invalid(QStringLiteral("ciphertexts: at most %1").arg(MaxCiphertexts));
    QList<DeviceCiphertext> out;
    out.reserve(list.size());
    QSet<std::pair<qint64, int>> seen;
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString at = QStringLiteral("ciphertexts[%1]").arg(i);
        if (!list.at(i).isObject())
            return invalid(at + u": {userId, deviceId, type, body}"_s);
        const QJsonObject o = list.at(i).toObject();
        DeviceCiphertext c;
        const auto user = userId(o.value(u"userId"_s));
        if (!user)
            return invalid(at + u".userId: a user id"_s);
        const auto device = integer(o.value(u"deviceId"_s), 1, MaxDeviceId);
        if (!device)
            return invalid(at + QStringLiteral(".deviceId: an integer 1-%1").arg(MaxDeviceId));
        const auto type = integer(o.value(u"type"_s), 1, 255);
        if (!type)
            return invalid(at + u".type: an integer 1-255 (the Signal message type)"_s);
        const auto body = base64(o.value(u"body"_s), -qsizetype(MaxCiphertextBytes));
        if (!body)
            return invalid(at + QStringLiteral(".body: base64 of 1-%1 bytes").arg(MaxCiphertextBytes));
        if (seen.contains({*user, *device}))
            return invalid(at + u": the same device twice"_s);
        seen.insert({*user, *device});
        c.userId = *user;
        c.deviceId = *device;
        c.type = *type;
        c.body = *body;
        out.append(std::move(c));
    }
    return out;
}

} // namespace Banter::Server::E2eeRules
