#include "storage/E2eeRepository.h"

#include "storage/SqlArrays.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

QString b64(const QByteArray &bytes)
{
    return QString::fromLatin1(bytes.toBase64());
}

QVariant nullableText(const QByteArray &bytes)
{
    return bytes.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(b64(bytes));
}

QVariantMap keyBinds(const DeviceKeys &k)
{
    return {{u"registration_id"_s, k.registrationId},
            {u"signed_prekey_id"_s, k.signedPreKeyId},
            {u"signed_prekey"_s, b64(k.signedPreKey)},
            {u"signed_prekey_signature"_s, b64(k.signedPreKeySignature)},
            {u"kyber_prekey_id"_s, k.kyberPreKeyId ? QVariant(*k.kyberPreKeyId) : QVariant(QMetaType::fromType<int>())},
            {u"kyber_prekey"_s, nullableText(k.kyberPreKey)},
            {u"kyber_prekey_signature"_s, nullableText(k.kyberPreKeySignature)}};
}

QString positionsJson(const QList<std::pair<qint64, qint64>> &positions)
{
    QJsonArray keys;
    for (const auto &[conversation, seq] : positions)
        keys.append(QJsonObject{{u"conversation_id"_s, conversation}, {u"seq"_s, seq}});
    return compactJson(keys);
}

} // namespace

Result<void> E2eeRepository::lockUser(qint64 userId)
{
    return m_session.execute(u"e2ee/lock_user"_s, {{u"user_id"_s, userId}});
}

Result<std::optional<std::pair<int, QByteArray>>> E2eeRepository::deviceOfSession(const QString &sessionId)
{
    auto q = m_session.exec(u"e2ee/device_of_session"_s, {{u"session_id"_s, sessionId}});
    if (!q)
        return q.error();
    if (!q.value()->next())
        return std::optional<std::pair<int, QByteArray>>();
    return std::optional<std::pair<int, QByteArray>>({q.value()->value(0).toInt(), q.value()->value(1).toByteArray()});
}

Result<int> E2eeRepository::countDevices(qint64 userId)
{
    auto q = m_session.exec(u"e2ee/count_devices"_s, {{u"user_id"_s, userId}});
    if (!q)
        return q.error();
    return q.value()->next() ? q.value()->value(0).toInt() : 0;
}

Result<int> E2eeRepository::insertDevice(const QString &sessionId, qint64 userId, const DeviceKeys &keys)
{
    QVariantMap binds = keyBinds(keys);
    binds.insert(u"session_id"_s, sessionId);
    binds.insert(u"user_id"_s, userId);
    binds.insert(u"identity_key"_s, b64(keys.identityKey));
    auto q = m_session.exec(u"e2ee/insert_device"_s, binds);
    if (!q)
        return q.error();
    if (!q.value()->next())
        return makeError(ErrorCode::Internal, u"e2ee device insert returned nothing"_s);
    return q.value()->value(0).toInt();
}

Result<int> E2eeRepository::updateDevice(const QString &sessionId, const DeviceKeys &keys)
{
    QVariantMap binds = keyBinds(keys);
    binds.insert(u"session_id"_s, sessionId);
    auto q = m_session.exec(u"e2ee/update_device"_s, binds);
    if (!q)
        return q.error();
    if (!q.value()->next())
        return makeError(ErrorCode::Internal, u"e2ee device update found no row"_s);
    return q.value()->value(0).toInt();
}

Result<int> E2eeRepository::addPreKeys(const QString &sessionId, const QList<std::pair<int, QByteArray>> &keys)
{
    QJsonArray rows;
    for (const auto &[id, key] : keys)
        rows.append(QJsonObject{{u"key_id"_s, id}, {u"public_key"_s, b64(key)}});
    auto q = m_session.exec(u"e2ee/add_prekeys"_s, {{u"session_id"_s, sessionId}, {u"keys"_s, compactJson(rows)}});
    if (!q)
        return q.error();
    return q.value()->next() ? q.value()->value(0).toInt() : 0;
}

Result<std::optional<std::pair<int, int>>> E2eeRepository::preKeyCount(const QString &sessionId)
{
    auto q = m_session.exec(u"e2ee/prekey_count"_s, {{u"session_id"_s, sessionId}});
    if (!q)
        return q.error();
    if (!q.value()->next())
        return std::optional<std::pair<int, int>>();
    return std::optional<std::pair<int, int>>({q.value()->value(0).toInt(), q.value()->value(1).toInt()});
}

Result<QList<StoredBundle>> E2eeRepository::takeBundles(qint64 userId, const QString &callerSessionId, int lowThreshold)
{
    auto q = m_session.exec(u"e2ee/take_bundles"_s,
                            {{u"user_id"_s, userId}, {u"caller_session"_s, callerSessionId}, {u"low"_s, lowThreshold}});
    if (!q)
        return q.error();
    QList<StoredBundle> out;
    QSqlQuery &r = *q.value();
    while (r.next()) {
        StoredBundle b;
        b.sessionId = r.value(0).toString();
        b.deviceId = r.value(1).toInt();
        b.registrationId = r.value(2).toInt();
        b.identityKey = QByteArray::fromBase64(r.value(3).toByteArray());
        b.signedPreKeyId = r.value(4).toInt();
        b.signedPreKey = QByteArray::fromBase64(r.value(5).toByteArray());
        b.signedPreKeySignature = QByteArray::fromBase64(r.value(6).toByteArray());
        if (!r.value(7).isNull()) {
            b.kyberPreKeyId = r.value(7).toInt();
            b.kyberPreKey = QByteArray::fromBase64(r.value(8).toByteArray());
            b.kyberPreKeySignature = QByteArray::fromBase64(r.value(9).toByteArray());
        }
        if (!r.value(10).isNull()) {
            b.oneTimePreKeyId = r.value(10).toInt();
            b.oneTimePreKey = QByteArray::fromBase64(r.value(11).toByteArray());
        }
        b.remaining = r.value(12).toInt();
        b.notifyLow = r.value(13).toBool();
        out.append(std::move(b));
    }
    return out;
}

Result<QHash<qint64, QList<MemberDevice>>> E2eeRepository::currentDevices(const QList<qint64> &conversationIds)
{
    auto q = m_session.exec(u"e2ee/current_devices"_s, {{u"ids"_s, bigintArray(conversationIds)}});
    if (!q)
        return q.error();
    QHash<qint64, QList<MemberDevice>> out;
    while (q.value()->next())
        out[q.value()->value(0).toLongLong()].append(
            {q.value()->value(1).toLongLong(), q.value()->value(2).toString(), q.value()->value(3).toInt()});
    return out;
}

Result<void> E2eeRepository::insertEnvelopes(const QList<StoredEnvelope> &envelopes)
{
    if (envelopes.isEmpty())
        return {};
    QJsonArray heads;
    QJsonArray bodies;
    for (const StoredEnvelope &e : envelopes) {
        heads.append(QJsonObject{{u"conversation_id"_s, e.conversationId},
                                 {u"seq"_s, e.seq},
                                 {u"message_id"_s, e.messageId},
                                 {u"sender_device"_s, e.senderDevice}});
        for (const StoredCiphertext &c : e.ciphertexts)
            bodies.append(QJsonObject{{u"conversation_id"_s, e.conversationId},
                                      {u"seq"_s, e.seq},
                                      {u"session_id"_s, c.sessionId},
                                      {u"type"_s, c.type},
                                      {u"body"_s, b64(c.body)}});
    }
    return m_session.execute(u"e2ee/insert_envelopes"_s,
                             {{u"envelopes"_s, compactJson(heads)}, {u"ciphertexts"_s, compactJson(bodies)}});
}

Result<QHash<std::pair<qint64, qint64>, StoredEnvelope>>
E2eeRepository::forDevice(const QString &sessionId, const QList<std::pair<qint64, qint64>> &positions)
{
    QHash<std::pair<qint64, qint64>, StoredEnvelope> out;
    if (positions.isEmpty())
        return out;
    auto q = m_session.exec(u"e2ee/for_device"_s, {{u"session_id"_s, sessionId}, {u"keys"_s, positionsJson(positions)}});
    if (!q)
        return q.error();
    QSqlQuery &r = *q.value();
    while (r.next()) {
        StoredEnvelope e;
        e.conversationId = r.value(0).toLongLong();
        e.seq = r.value(1).toLongLong();
        e.senderDevice = r.value(2).toInt();
        if (!r.value(3).isNull())
            e.ciphertexts.append({sessionId, 0, 0, r.value(3).toInt(), QByteArray::fromBase64(r.value(4).toByteArray())});
        out.insert({e.conversationId, e.seq}, e);
    }
    return out;
}

Result<QHash<std::pair<qint64, qint64>, StoredEnvelope>>
E2eeRepository::forPositions(const QList<std::pair<qint64, qint64>> &positions)
{
    QHash<std::pair<qint64, qint64>, StoredEnvelope> out;
    if (positions.isEmpty())
        return out;
    auto q = m_session.exec(u"e2ee/for_positions"_s, {{u"keys"_s, positionsJson(positions)}});
    if (!q)
        return q.error();
    QSqlQuery &r = *q.value();
    while (r.next()) {
        const std::pair<qint64, qint64> key{r.value(0).toLongLong(), r.value(1).toLongLong()};
        StoredEnvelope &e = out[key];
        e.conversationId = key.first;
        e.seq = key.second;
        e.senderDevice = r.value(2).toInt();
        if (!r.value(3).isNull())
            e.ciphertexts.append({r.value(3).toString(), r.value(4).toLongLong(), r.value(5).toInt(), r.value(6).toInt(),
                                  QByteArray::fromBase64(r.value(7).toByteArray())});
    }
    return out;
}

Result<void> E2eeRepository::deleteForMessage(qint64 messageId)
{
    return m_session.execute(u"e2ee/delete_for_message"_s, {{u"message_id"_s, messageId}});
}

} // namespace Banter::Server
