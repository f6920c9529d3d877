#include "service/ConversationEvent.h"

#include "service/ServiceLog.h"

using namespace Qt::StringLiterals;

namespace Banter::Server {

ConversationEvent ConversationEvent::of(const StoredEvent &stored)
{
    ConversationEvent e;
    e.conversationId = stored.conversationId;
    e.seq = stored.seq;
    e.type = stored.type;
    e.actorId = stored.actorId;
    e.createdAt = stored.createdAt;
    e.messageId = stored.messageId;
    e.by = stored.data.value(u"by"_s).toString();
    e.userId = stored.data.value(u"userId"_s).toString().toLongLong();
    e.emoji = stored.data.value(u"emoji"_s).toString();
    e.role = stored.data.value(u"role"_s).toString();
    e.changes = stored.data.value(u"changes"_s).toObject();
    return e;
}

ConversationEvent ConversationEvent::reveal(const StoredEvent &stored, const MessageSealer &sealer)
{
    ConversationEvent e = of(stored);
    if (stored.message)
        e.message = ChatMessage::reveal(*stored.message, sealer);
    // A hidden message's edits keep their sealed text (for the audit) but are replayed without it.
    if (stored.type == EventType::MessageEdited && !stored.ciphertext.isEmpty()
        && stored.targetRemoved == int(RemovedState::Visible)) {
        auto content = sealer.open(stored.conversationId, stored.seq, {stored.keyId, stored.nonce, stored.ciphertext});
        if (content)
            e.content = content.value();
        else
            qCWarning(lcService) << "event" << stored.seq << "of conversation" << stored.conversationId
                                 << "does not open:" << content.error().message;
    }
    return e;
}

} // namespace Banter::Server
