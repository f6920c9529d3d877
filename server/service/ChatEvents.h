#pragma once

#include "service/ChatMessage.h"
#include "service/ConversationEvent.h"
#include "storage/ConversationRepository.h"

#include <QDateTime>
#include <QList>

namespace Banter::Server {

// A receipt that moved, and the members of its conversation.
struct ReceiptUpdate
{
    Receipt receipt;
    QList<qint64> memberIds;
};

// What the chat services announce; realtime/ turns these into Socket.IO events. Implementations must be
// thread-safe and must not block: they are called from database and writer threads.
class ChatEvents
{
public:
    virtual ~ChatEvents() = default;
    // In commit order (seq ascending within each conversation).
    virtual void messagesCreated(const QList<CreatedMessage> &batch) = 0;
    // Every other event of the conversations' logs, in commit order (seq ascending within each conversation).
    virtual void eventsCommitted(const QList<CommittedEvent> &events) = 0;
    // Receipts that moved (already coalesced): to the other members.
    virtual void receiptsUpdated(const QList<ReceiptUpdate> &updates) = 0;
    // audience: the users allowed to see userId's presence.
    virtual void presenceChanged(qint64 userId, bool online, const QDateTime &lastSeen, const QList<qint64> &audience) = 0;
    virtual void typingChanged(qint64 conversationId, qint64 userId, bool typing) = 0;
    // A conversation was created (committed) with these members; a direct one that existed already is not new.
    // online: the members online at that moment (for each member, the others are new contacts whose presence
    // no earlier user:online told them).
    virtual void conversationCreated(const ConversationRecord &conversation, const QList<qint64> &online) = 0;
};

} // namespace Banter::Server
