#include "service/ChatMessage.h"

#include "service/MediaMeta.h"

#include "service/ServiceLog.h"

namespace Banter::Server {
namespace {

std::optional<QString> excerptOf(qint64 conversationId, qint64 seq, int removed, const SealedContent &sealed,
                                 const MessageSealer &sealer)
{
    if (removed != int(RemovedState::Visible))
        return std::nullopt;
    auto content = sealer.open(conversationId, seq, sealed);
    if (!content)
        return std::nullopt;
    QString text = content.value();
    if (text.size() > ChatMessage::ExcerptChars) {
        text.truncate(ChatMessage::ExcerptChars);
        if (text.back().isHighSurrogate())
            text.chop(1); // never half a character
        text.append(QChar(0x2026));
    }
    return text;
}

} // namespace

ChatMessage ChatMessage::stored(const StoredMessage &row, const QString &content)
{
    ChatMessage m;
    m.id = row.id;
    m.conversationId = row.conversationId;
    m.seq = row.seq;
    m.senderId = row.senderId;
    m.content = content;
    m.clientMessageId = row.clientMessageId;
    m.createdAt = row.createdAt;
    return m;
}

ChatMessage ChatMessage::reveal(const StoredMessage &stored, const MessageSealer &sealer)
{
    ChatMessage m;
    m.id = stored.id;
    m.conversationId = stored.conversationId;
    m.seq = stored.seq;
    m.senderId = stored.senderId;
    m.clientMessageId = stored.clientMessageId;
    m.createdAt = stored.createdAt;
    m.editedAt = stored.editedAt;
    m.pinned = stored.pinnedAt.isValid();
    if (stored.replyToId != 0)
        m.replyTo = ReplyRef{stored.replyToId, stored.replySenderId,
                             excerptOf(stored.replyConversationId, stored.replySeq, stored.replyRemoved,
                                       {stored.replyKeyId, stored.replyNonce, stored.replyCiphertext}, sealer)};
    if (stored.removed != int(RemovedState::Visible)) {
        m.removedState = RemovedState(stored.removed); // a tombstone: the content is never opened for members
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

Result<void> ChatMessage::attachReactions(DbSession &db, QList<ChatMessage> &messages, qint64 viewer,
                                          const MessageSealer &sealer)
{
    QList<qint64> ids;
    for (const ChatMessage &m : messages)
        if (!m.removed())
            ids.append(m.id);
    if (ids.isEmpty())
        return {};
    auto reactions = MessageRepository(db).reactions(ids, viewer);
    if (!reactions)
        return reactions.error();
    auto media = MediaRepository(db).ofMessages(ids);
    if (!media)
        return media.error();
    for (ChatMessage &m : messages) {
        m.reactions = reactions.value().value(m.id);
        m.attachments.clear();
        for (const StoredMedia &file : media.value().value(m.id))
            m.attachments.append(attachmentOf(file, sealer));
    }
    return {};
}

AttachmentRef ChatMessage::attachmentOf(const StoredMedia &media, const MessageSealer &sealer)
{
    auto meta = MediaMeta::open(sealer, media);
    return {media.id, meta ? meta.value().name : QString(), media.size, media.contentType, media.width, media.height};
}

ReplyRef ChatMessage::replyRefTo(const StoredMessage &target, const MessageSealer &sealer)
{
    return {target.id, target.senderId,
            excerptOf(target.conversationId, target.seq, target.removed, {target.keyId, target.nonce, target.ciphertext},
                      sealer)};
}

} // namespace Banter::Server
