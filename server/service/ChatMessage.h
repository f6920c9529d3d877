#pragma once

#include "crypto/MessageSealer.h"
#include "storage/MessageRepository.h"

#include <QDateTime>
#include <QString>

#include <optional>

namespace Banter::Server {

// What a reply shows of the message it answers.
struct ReplyRef
{
    qint64 id = 0;
    qint64 senderId = 0;
    std::optional<QString> excerpt; // none when that message was removed or does not open
};

// A message as members see it: content opened.
struct ChatMessage
{
    static constexpr int ExcerptChars = 100;

    qint64 id = 0;
    qint64 conversationId = 0;
    qint64 seq = 0;
    qint64 senderId = 0;
    QString content;
    bool readable = true; // false when the stored content failed to open (tampered or moved row)
    RemovedState removedState = RemovedState::Visible; // not Visible: a tombstone, no content
    QString clientMessageId;
    QDateTime createdAt;
    QDateTime editedAt; // null: never edited
    bool pinned = false;
    std::optional<ReplyRef> replyTo;
    QList<ReactionCount> reactions; // relative to whoever asked (`me`)

    bool removed() const { return removedState != RemovedState::Visible; }
    bool deleted() const { return removed() && removedState != RemovedState::Hidden; }

    static ChatMessage reveal(const StoredMessage &stored, const MessageSealer &sealer);
    // Fills in the reactions of these messages (removed ones have none), `me` relative to viewer.
    static Result<void> attachReactions(DbSession &db, QList<ChatMessage> &messages, qint64 viewer);
    // The reply reference to `target` (its excerpt opened), as a new reply shows it.
    static ReplyRef replyRefTo(const StoredMessage &target, const MessageSealer &sealer);
};

// A committed message and who it goes to; originConnection is the socket that sent it (0 for REST).
struct CreatedMessage
{
    ChatMessage message;
    QList<qint64> memberIds;
    quint64 originConnection = 0;
};

} // namespace Banter::Server
