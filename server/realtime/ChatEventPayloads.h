#pragma once

#include "service/E2eePart.h"

#include <banter/Result.h>

#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>
#include <utility>

namespace Banter::Server {

// message:send
struct SendMessagePayload
{
    QString conversationId;
    QString content;
    QString clientMessageId;
    QString replyTo; // empty: not a reply
    QStringList attachments; // media ids
    std::optional<QList<DeviceCiphertext>> ciphertexts; // an E2EE conversation's message: no content
};

// message:edit, message:delete, reaction:add/remove
struct MessageActionPayload
{
    QString messageId;
    QString content; // message:edit
    QString emoji;   // reaction:*
    std::optional<QList<DeviceCiphertext>> ciphertexts; // message:edit in an E2EE conversation, instead of content
};

// receipt:update; -1: not given
struct ReceiptPayload
{
    qint64 deliveredSeq = -1;
    qint64 readSeq = -1;
};

// sync: {conversationId: seq} as (conversation id, last seq seen) pairs
using SyncPositions = QList<std::pair<QString, qint64>>;

// The chat events' payloads (the untrusted first argument after the event name) as typed requests. Pure: no
// connection, worker or service, so ChatSocketHandlers only wires and the rules can be tested and fuzzed alone.
// Every failure is validation_failed.
class ChatEventPayloads
{
public:
    // conversation:join/leave, typing:start/stop: a non-empty string id, or an id given as a number.
    static Result<QString> conversationId(const QJsonValue &payload);
    static Result<SendMessagePayload> sendMessage(const QJsonValue &payload);
    static Result<SyncPositions> sync(const QJsonValue &payload);
    // {conversationId, deliveredSeq?, readSeq?}: at least one of them, each a seq >= 0.
    static Result<ReceiptPayload> receipt(const QJsonValue &payload);
    // {messageId} plus, when asked for, a string content or emoji.
    static Result<MessageActionPayload> messageAction(const QJsonValue &payload, bool withContent, bool withEmoji);
};

} // namespace Banter::Server
