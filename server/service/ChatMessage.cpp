#include "service/ChatMessage.h"

#include "service/ServiceLog.h"

namespace Banter::Server {

ChatMessage ChatMessage::reveal(const StoredMessage &stored, const MessageSealer &sealer)
{
    ChatMessage m;
    m.id = stored.id;
    m.conversationId = stored.conversationId;
    m.seq = stored.seq;
    m.senderId = stored.senderId;
    m.clientMessageId = stored.clientMessageId;
    m.createdAt = stored.createdAt;
    if (stored.removed != 0) {
        m.removed = true; // a tombstone: the content is never opened for members
        return m;
    }
    auto content = sealer.open(stored.conversationId, stored.seq, {stored.keyId, stored.nonce, stored.ciphertext});
    if (content) {
        m.content = content.value();
    } else {
        // Never guess: a row that does not authenticate is reported as unreadable, not shown.
        m.readable = false;
        qCWarning(lcService) << "message" << stored.id << "in conversation" << stored.conversationId
                             << "does not open:" << content.error().message;
    }
    return m;
}

} // namespace Banter::Server
