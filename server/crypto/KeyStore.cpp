#include "crypto/KeyStore.h"

#include "crypto/CryptoLog.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

SecretKey newKey(const CryptoService &crypto, const QString &prefix)
{
    return {prefix + QString::fromLatin1(crypto.randomBytes(6).toHex()), crypto.randomBytes(32)};
}

QJsonArray toJson(const QList<SecretKey> &keys)
{
    QJsonArray array;
    for (const SecretKey &k : keys)
        array.append(QJsonObject{{u"id"_s, k.id}, {u"secret"_s, QString::fromLatin1(k.secret.toBase64())}});
    return array;
}

Result<QList<SecretKey>> fromJson(const QJsonValue &value, const QString &what)
{
    QList<SecretKey> keys;
    for (const QJsonValue &v : value.toArray()) {
        const QJsonObject o = v.toObject();
        SecretKey k{o.value(u"id"_s).toString(), QByteArray::fromBase64(o.value(u"secret"_s).toString().toLatin1())};
        if (k.id.isEmpty() || k.secret.size() != 32)
            return makeError(u"invalid_key_file", QStringLiteral("malformed %1 entry").arg(what));
        keys.append(k);
    }
    if (keys.isEmpty())
        return makeError(u"invalid_key_file", QStringLiteral("no %1").arg(what));
    return keys;
}

// {"privateKey": base64 of the 32-byte scalar}; the public key is derived, so the two cannot disagree.
QJsonObject vapidKeyToJson(const P256KeyPair &key)
{
    return QJsonObject{{u"privateKey"_s, QString::fromLatin1(key.privateKey.toBase64())}};
}

Result<P256KeyPair> vapidKeyFromJson(const QJsonValue &value)
{
    const QJsonValue privateKey = value.toObject().value(u"privateKey"_s);
    auto decoded = QByteArray::fromBase64Encoding(privateKey.toString().toLatin1(),
                                                  QByteArray::AbortOnBase64DecodingErrors);
    if (!privateKey.isString() || !decoded)
        return makeError(u"invalid_key_file", u"malformed VAPID key entry"_s);
    auto pair = WebPushCrypto::keyPairFromPrivate(decoded.decoded);
    if (!pair)
        return makeError(u"invalid_key_file", u"malformed VAPID key entry: "_s + pair.error().message);
    return pair;
}

} // namespace

Result<KeyStore> KeyStore::loadOrCreate(const QString &path, const CryptoService &crypto)
{
    KeyStore store;
    store.m_path = path;
    QFileInfo info(path);
    if (!info.exists()) {
        if (!QDir().mkpath(info.absolutePath()))
            return makeError(u"invalid_key_file", QStringLiteral("cannot create directory %1").arg(info.absolutePath()));
        store.m_tokenKeys = {newKey(crypto, u"t-"_s)};
        store.m_dataKeys = {newKey(crypto, u"d-"_s)};
        store.m_searchKey = newKey(crypto, u"s-"_s);
        auto vapidKey = WebPushCrypto::generateKeyPair();
        if (!vapidKey)
            return vapidKey.error();
        store.m_vapidKey = vapidKey.value();
        if (auto saved = store.save(); !saved)
            return saved.error();
        qCInfo(lcCrypto) << "created key file" << path << "(mode 0600)";
        return store;
    }
    if (info.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup | QFileDevice::WriteOther))
        return makeError(u"invalid_key_file", QStringLiteral("%1 is accessible by other users; chmod 600 it").arg(path));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(u"invalid_key_file", QStringLiteral("cannot read %1").arg(path));
    QJsonParseError error;
    const QJsonObject root = QJsonDocument::fromJson(file.readAll(), &error).object();
    if (error.error != QJsonParseError::NoError)
        return makeError(u"invalid_key_file", QStringLiteral("%1 is not valid JSON").arg(path));
    auto tokenKeys = fromJson(root.value(u"tokenKeys"_s), u"token keys"_s);
    if (!tokenKeys)
        return makeError(tokenKeys.error().code, path + u": "_s + tokenKeys.error().message);
    auto dataKeys = fromJson(root.value(u"dataKeys"_s), u"data keys"_s);
    if (!dataKeys)
        return makeError(dataKeys.error().code, path + u": "_s + dataKeys.error().message);
    store.m_tokenKeys = tokenKeys.value();
    store.m_dataKeys = dataKeys.value();
    auto searchKeys = fromJson(QJsonArray{root.value(u"searchKey"_s)}, u"search key"_s);
    if (root.contains(u"searchKey"_s) && !searchKeys)
        return makeError(searchKeys.error().code, path + u": "_s + searchKeys.error().message);
    QStringList added;
    if (searchKeys) {
        store.m_searchKey = searchKeys.value().first();
    } else {
        store.m_searchKey = newKey(crypto, u"s-"_s);
        added << u"a search key"_s;
    }
    if (root.contains(u"vapidKey"_s)) {
        auto vapidKey = vapidKeyFromJson(root.value(u"vapidKey"_s));
        if (!vapidKey)
            return makeError(vapidKey.error().code, path + u": "_s + vapidKey.error().message);
        store.m_vapidKey = vapidKey.value();
    } else {
        auto vapidKey = WebPushCrypto::generateKeyPair();
        if (!vapidKey)
            return vapidKey.error();
        store.m_vapidKey = vapidKey.value();
        added << u"a VAPID key"_s;
    }
    if (!added.isEmpty()) {
        if (auto saved = store.save(); !saved)
            return saved.error();
        qCInfo(lcCrypto) << "added" << qUtf8Printable(added.join(u" and "_s)) << "to" << path;
    }
    return store;
}

Result<void> KeyStore::rotate(const CryptoService &crypto)
{
    m_tokenKeys.append(newKey(crypto, u"t-"_s));
    m_dataKeys.append(newKey(crypto, u"d-"_s));
    return save();
}

const SecretKey *KeyStore::tokenKey(const QString &id) const
{
    for (const SecretKey &k : m_tokenKeys) {
        if (k.id == id)
            return &k;
    }
    return nullptr;
}

const SecretKey *KeyStore::dataKey(const QString &id) const
{
    for (const SecretKey &k : m_dataKeys) {
        if (k.id == id)
            return &k;
    }
    return nullptr;
}

Result<void> KeyStore::save() const
{
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly))
        return makeError(u"invalid_key_file", QStringLiteral("cannot write %1").arg(m_path));
    // Restrict before any secret is written.
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    const QJsonObject root{{u"version"_s, 1},
                           {u"updatedAt"_s, QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
                           {u"tokenKeys"_s, toJson(m_tokenKeys)},
                           {u"dataKeys"_s, toJson(m_dataKeys)},
                           {u"searchKey"_s, toJson({m_searchKey}).first()},
                           {u"vapidKey"_s, vapidKeyToJson(m_vapidKey)}};
    file.write(QJsonDocument(root).toJson());
    if (!file.commit())
        return makeError(u"invalid_key_file", QStringLiteral("cannot write %1").arg(m_path));
    return {};
}

} // namespace Banter::Server
