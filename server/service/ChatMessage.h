#pragma once

#include "crypto/MessageSealer.h"
#include "service/E2eePart.h"
#include "storage/MediaRepository.h"
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

// A file a message carries (the media object without what only its uploader needs).
struct AttachmentRef
{
    qint64 id = 0;
    QString name;
    qint64 size = 0;
    QString contentType;
    int width = 0; // 0: not an image
    int height = 0;
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
    QList<AttachmentRef> attachments;
    // End-to-end encrypted (no content): the sending device and the ciphertexts to render (see E2eePart).
    std::optional<E2eePart> e2ee;

    bool removed() const { return removedState != RemovedState::Visible; }
    bool deleted() const { return removed() && removedState != RemovedState::Hidden; }

    static ChatMessage reveal(const StoredMessage &stored, const MessageSealer &sealer);
    // A message the writer has just stored: the row's id, place, sender and time, with the text it sealed.
    static ChatMessage stored(const StoredMessage &row, const QString &content);
    // Fills in the reactions (`me` relative to viewer) and attachments of these messages; removed ones have
    // neither.
    static Result<void> attachReactions(DbSession &db, QList<ChatMessage> &messages, qint64 viewer,
                                        const MessageSealer &sealer);
    static AttachmentRef attachmentOf(const StoredMedia &media, const MessageSealer &sealer);
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
