#pragma once

#include "service/ChatMessage.h"
#include "service/E2eePart.h"
#include "storage/AuditRepository.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace Banter::Server {

// What the batched writer (MessageWriter) does to a conversation. Every kind that changes something writes an
// event with the conversation's next seq in the same transaction.
enum class WriteKind {
    Send,
    Edit,
    Delete,
    Hide,        // moderators only
    ReactAdd,
    ReactRemove,
    Pin,
    Unpin,
    // Group administration (GroupCommands): owner/admin rules checked in the writer's transaction.
    MemberAdd,          // targetUserIds, as members
    MemberRemove,       // targetUserId; the actor themself: leaving
    MemberRole,         // targetUserId becomes role (admin or member); the owner only
    OwnerTransfer,      // targetUserId becomes owner, the owner an admin
    ConversationUpdate, // groupChanges
    JoinByInvite,       // inviteHash: the actor joins
};

// The group fields a ConversationUpdate sets (absent: unchanged).
struct GroupChanges
{
    std::optional<QString> title;
    std::optional<QString> description;
    std::optional<qint64> avatarMediaId; // 0: none
    std::optional<bool> historyVisible;

    bool isEmpty() const { return !title && !description && !avatarMediaId && !historyVisible; }
};

// Who acts: a member of the conversation, or a moderator through the admin API (not a member).
enum class Authority {
    Member,
    Moderator,
};

struct WriteCommand
{
    WriteKind kind = WriteKind::Send;
    qint64 conversationId = 0; // the writer's partition key; commands on a message carry its conversation
    qint64 actorId = 0;
    Authority authority = Authority::Member;
    quint64 originConnection = 0; // the acting socket, which gets no echo (0 for REST)
    QString content;              // Send, Edit
    QString clientMessageId;      // Send
    // Send, Edit in an end-to-end encrypted conversation (encrypted): one Signal ciphertext per recipient device
    // (content empty; none when no other device has keys), and the acting device (login session), whose own
    // ciphertext is not expected.
    bool encrypted = false;
    QList<DeviceCiphertext> ciphertexts;
    QString sessionId;
    qint64 replyTo = 0;           // Send: a message of the same conversation, or 0
    QList<qint64> attachments;    // Send: media ids, the sender's own uploads not attached yet
    qint64 messageId = 0;         // the message commands (Edit to Unpin)
    QString emoji;                // ReactAdd, ReactRemove
    qint64 targetUserId = 0;      // MemberRemove, MemberRole, OwnerTransfer
    QList<qint64> targetUserIds;  // MemberAdd
    QString role;                 // MemberRole: admin or member
    GroupChanges groupChanges;    // ConversationUpdate
    QByteArray inviteHash;        // JoinByInvite: SHA-256 of the token
    std::optional<AuditEntry> audit; // appended in the same transaction (moderation)
};

struct WriteOutcome
{
    ChatMessage message;  // the message as it is after the command (reactions relative to the actor)
    bool changed = false; // false: nothing to do (a retried send, a reaction that was there already, ...)
    std::optional<AuditEntry> audit; // the appended audit entry, id and time filled in
};

struct WriterLimits
{
    int maxReactionsPerUser = 20;      // distinct emoji per user per message
    int maxReactionsPerMessage = 100;  // distinct emoji per message
    int maxPinsPerConversation = 50;
    int maxGroupMembers = 1000;
};

} // namespace Banter::Server
