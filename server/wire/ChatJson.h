#pragma once

#include "service/ChatService.h"

#include <QJsonArray>
#include <QJsonObject>

namespace Banter::Server {

// The contract's JSON shapes for conversations and messages, shared by REST (http/) and Socket.IO
// (realtime/) so both speak exactly the same objects. Ids are strings.
class ChatJson
{
public:
    static QJsonObject message(const ChatMessage &m);
    static QJsonArray messages(const QList<ChatMessage> &list);
    // {conversationId, seq, type, actorId, createdAt, ...the type's fields} (docs/protocol.md, "Events")
    static QJsonObject event(const ConversationEvent &e);
    static QJsonArray events(const QList<ConversationEvent> &list);
    static QString removedReason(RemovedState state);
    static QJsonObject conversation(const ConversationRecord &c);
    // An E2EE message's or edit's ciphertext for one device: {type, body (base64)}.
    static QJsonObject ciphertext(const DeviceCiphertext &c);
    static QJsonObject conversationView(const ConversationView &v);
    static QString timestamp(const QDateTime &t);
};

} // namespace Banter::Server
