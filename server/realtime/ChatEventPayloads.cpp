#include "realtime/ChatEventPayloads.h"

#include "service/E2eeRules.h"

#include <banter/ErrorCode.h>

#include <QJsonArray>

#include <QJsonObject>

#include <optional>

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

Error invalid(const QString &message)
{
    return makeError(ErrorCode::ValidationFailed, message);
}

// A string field, or an id given as a number.
std::optional<QString> idField(const QJsonObject &o, const QString &name)
{
    const QJsonValue v = o.value(name);
    if (v.isString() && !v.toString().isEmpty())
        return v.toString();
    if (v.isDouble())
        return QString::number(v.toInteger());
    return std::nullopt;
}

} // namespace

Result<QString> ChatEventPayloads::conversationId(const QJsonValue &payload)
{
    const auto cid = idField(payload.toObject(), u"conversationId"_s);
    if (!cid)
        return invalid(u"conversationId is required"_s);
    return *cid;
}

Result<SendMessagePayload> ChatEventPayloads::sendMessage(const QJsonValue &payload)
{
    const QJsonObject p = payload.toObject();
    const auto cid = idField(p, u"conversationId"_s);
    const QJsonValue content = p.value(u"content"_s);
    const QJsonValue clientId = p.value(u"clientMessageId"_s);
    if (!payload.isObject() || !cid)
        return invalid(u"conversationId is required"_s);
    const QJsonValue files = p.value(u"attachments"_s);
    QStringList attachments;
    if (!files.isUndefined() && !files.isNull()) {
        if (!files.isArray() || files.toArray().size() > 100)
            return invalid(u"attachments must be an array of media ids"_s);
        for (const QJsonValue &f : files.toArray()) {
            if (f.isString())
                attachments.append(f.toString());
            else if (f.isDouble() && f.toDouble() == double(f.toInteger()))
                attachments.append(QString::number(f.toInteger()));
            else
                return invalid(u"attachments must be an array of media ids"_s);
        }
    }
    // End-to-end encrypted: ciphertexts per device and no content.
    const QJsonValue encrypted = p.value(u"ciphertexts"_s);
    std::optional<QList<DeviceCiphertext>> ciphertexts;
    if (!encrypted.isUndefined() && !encrypted.isNull()) {
        if (!content.isUndefined() && !content.isNull())
            return invalid(u"content: none with ciphertexts (the server never sees the text)"_s);
        auto list = E2eeRules::ciphertexts(encrypted);
        if (!list)
            return list.error();
        ciphertexts = std::move(list.value());
    } else if (!content.isString() && !(content.isUndefined() && !attachments.isEmpty())) {
        // A message of files only may leave content out.
        return invalid(u"content must be a string"_s);
    }
    if (!clientId.isString())
        return invalid(u"clientMessageId must be a string"_s);
    const QJsonValue replyTo = p.value(u"replyTo"_s);
    const auto reply = idField(p, u"replyTo"_s);
    if (!replyTo.isUndefined() && !replyTo.isNull() && !reply)
        return invalid(u"replyTo must be a message id"_s);
    return SendMessagePayload{*cid, content.toString(), clientId.toString(), reply.value_or(QString()), attachments,
                              ciphertexts};
}

Result<MessageActionPayload> ChatEventPayloads::messageAction(const QJsonValue &payload, bool withContent, bool withEmoji)
{
    const QJsonObject p = payload.toObject();
    const auto id = idField(p, u"messageId"_s);
    if (!payload.isObject() || !id)
        return invalid(u"messageId is required"_s);
    MessageActionPayload out{*id, {}, {}, {}};
    if (withContent) {
        const QJsonValue encrypted = p.value(u"ciphertexts"_s);
        if (!encrypted.isUndefined() && !encrypted.isNull()) { // an edit in an E2EE conversation
            if (!p.value(u"content"_s).isUndefined() && !p.value(u"content"_s).isNull())
                return invalid(u"content: none with ciphertexts (the server never sees the text)"_s);
            auto list = E2eeRules::ciphertexts(encrypted);
            if (!list)
                return list.error();
            out.ciphertexts = std::move(list.value());
        } else if (!p.value(u"content"_s).isString()) {
            return invalid(u"content must be a string"_s);
        } else {
            out.content = p.value(u"content"_s).toString();
        }
    }
    if (withEmoji) {
        if (!p.value(u"emoji"_s).isString())
            return invalid(u"emoji must be a string"_s);
        out.emoji = p.value(u"emoji"_s).toString();
    }
    return out;
}

Result<ReceiptPayload> ChatEventPayloads::receipt(const QJsonValue &payload)
{
    const QJsonObject p = payload.toObject();
    ReceiptPayload out;
    for (const auto &[name, field] : {std::pair{u"deliveredSeq"_s, &out.deliveredSeq}, std::pair{u"readSeq"_s, &out.readSeq}}) {
        const QJsonValue v = p.value(name);
        if (v.isUndefined() || v.isNull())
            continue;
        if (!v.isDouble() || v.toDouble() < 0 || v.toDouble() != double(v.toInteger()) || v.toDouble() > 9.0e15)
            return invalid(name + u": a seq number >= 0"_s);
        *field = v.toInteger();
    }
    if (out.deliveredSeq < 0 && out.readSeq < 0)
        return invalid(u"deliveredSeq or readSeq is required"_s);
    return out;
}

Result<SyncPositions> ChatEventPayloads::sync(const QJsonValue &payload)
{
    const QJsonValue since = payload.toObject().value(u"since"_s);
    if (!since.isObject())
        return invalid(u"since must be an object {conversationId: seq}"_s);
    SyncPositions positions;
    const QJsonObject map = since.toObject();
    for (auto it = map.begin(); it != map.end(); ++it) {
        if (!it.value().isDouble() || it.value().toDouble() < 0 ||
            it.value().toDouble() != double(it.value().toInteger()))
            return invalid(u"since: each position is a seq number >= 0"_s);
        positions.append({it.key(), it.value().toInteger()});
    }
    return positions;
}

} // namespace Banter::Server
