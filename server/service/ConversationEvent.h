#pragma once

#include "service/ChatMessage.h"
#include "storage/EventRepository.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace Banter::Server {

// The event types of a conversation's log (docs/protocol.md has the table).
namespace EventType {
using namespace Qt::StringLiterals;
inline constexpr auto Message = "message"_L1;
inline constexpr auto MessageEdited = "message.edited"_L1;
inline constexpr auto MessageDeleted = "message.deleted"_L1;
inline constexpr auto MessageHidden = "message.hidden"_L1;
inline constexpr auto ReactionAdded = "reaction.added"_L1;
inline constexpr auto ReactionRemoved = "reaction.removed"_L1;
inline constexpr auto MessagePinned = "message.pinned"_L1;
inline constexpr auto MessageUnpinned = "message.unpinned"_L1;
inline constexpr auto MemberAdded = "member.added"_L1;
inline constexpr auto MemberRemoved = "member.removed"_L1;
inline constexpr auto MemberRole = "member.role"_L1;
inline constexpr auto ConversationUpdated = "conversation.updated"_L1;
} // namespace EventType

// One change to a conversation as members see it: the log entry at seq, content opened.
struct ConversationEvent
{
    qint64 conversationId = 0;
    qint64 seq = 0;
    QString type;
    qint64 actorId = 0;
    QDateTime createdAt;
    std::optional<ChatMessage> message; // type message: the message (its current state when replayed)
    qint64 messageId = 0;               // the message the event is about (all message.* and reaction.*)
    qint64 messageSeq = 0;              // its seq, where known (live events)
    std::optional<QString> content;     // message.edited: the new text; none once the message was deleted
    QString by;                         // message.deleted: author, moderator or admin
    qint64 userId = 0;                  // reaction.*, member.*
    QString emoji;                      // reaction.*
    QString role;                       // member.*
    QJsonObject changes;                // conversation.updated: the group fields that changed, new values
    std::optional<E2eePart> e2ee;       // message.edited in an E2EE conversation: the new ciphertexts

    // The plain fields of a stored event (no message, no content).
    static ConversationEvent of(const StoredEvent &stored);
    // of(), with the message and the edit's text opened.
    static ConversationEvent reveal(const StoredEvent &stored, const MessageSealer &sealer);
};

// A committed event and who it goes to; originConnection is the acting socket (0 for REST), which does not get
// it back.
struct CommittedEvent
{
    ConversationEvent event;
    QList<qint64> memberIds;
    quint64 originConnection = 0;
};

} // namespace Banter::Server
