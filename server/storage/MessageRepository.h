#pragma once

#include "storage/DbSession.h"

#include <QDateTime>
#include <QHash>

#include <optional>

namespace Banter::Server {

// A message row as stored: content sealed (see MessageSealer).
struct StoredMessage
{
    qint64 id = 0;
    qint64 conversationId = 0;
    qint64 seq = 0;
    qint64 senderId = 0;
    QString clientMessageId;
    QString keyId;
    QByteArray nonce;
    QByteArray ciphertext;
    QDateTime createdAt;
    int removed = 0; // RemovedState: 0 visible, 1 hidden by a moderator, 2-4 deleted (see 006_event_log)
    QDateTime editedAt;  // null: never edited
    QDateTime pinnedAt;  // null: not pinned
    qint64 replyToId = 0;
    // The message replied to, for the excerpt (when replyToId is set).
    qint64 replyConversationId = 0;
    qint64 replySeq = 0;
    qint64 replySenderId = 0;
    int replyRemoved = 0;
    QString replyKeyId;
    QByteArray replyNonce;
    QByteArray replyCiphertext;
};

// messages.removed
enum class RemovedState : int {
    Visible = 0,
    Hidden = 1,             // by a moderator; sealed content kept for the audit
    DeletedByModerator = 2, // content erased from here on
    DeletedByAuthor = 3,
    DeletedByAdmin = 4,     // a conversation owner/admin
};

struct ReactionCount
{
    QString emoji;
    int count = 0;
    bool me = false;
};

struct ReactionState
{
    int distinctOnMessage = 0;
    int byUser = 0;
    bool userHasThis = false;
    bool anyoneHasThis = false;
};

struct MessageVersion
{
    int version = 0;
    QString keyId;
    QByteArray nonce;
    QByteArray ciphertext;
    QDateTime replacedAt;
};

struct ClientMessageKey
{
    qint64 conversationId = 0;
    qint64 senderId = 0;
    QString clientMessageId;
};

struct SyncPosition
{
    qint64 conversationId = 0;
    qint64 afterSeq = 0;
    qint64 visibleFrom = 0; // events/since: nothing about messages before this seq (the member's window)
};

class MessageRepository
{
public:
    explicit MessageRepository(DbSession &session) : m_session(session) {}

    Result<QList<StoredMessage>> findByClientIds(const QList<ClientMessageKey> &keys);
    Result<QList<StoredMessage>> findByIds(const QList<qint64> &ids);
    // The conversation a message belongs to, or nothing for an unknown id.
    Result<std::optional<qint64>> conversationOf(qint64 messageId);
    // Inserts every row in one statement and fills in id and createdAt.
    Result<void> insertBatch(QList<StoredMessage> &rows);
    // The writer's one-statement path (insert_numbered_batch.sql): plain new messages numbered from the last seqs
    // the writer believes (expectedLast, every conversation of rows), with seq allocation, search queue and the
    // senders' read marks, outside a transaction. Fills in id and createdAt and answers each conversation's members
    // in join order. Fails whole — conflict — when a last seq or a sender's membership was out of date, or a
    // clientMessageId was used before. notifying: indexes into rows of the messages that get a notification
    // fan-out job (one for all of them, in the same statement).
    Result<QHash<qint64, QList<qint64>>> insertNumberedBatch(QList<StoredMessage> &rows,
                                                             const QHash<qint64, qint64> &expectedLast,
                                                             const QList<qsizetype> &notifying = {});
    // The newest `limit` messages with seq < before, ascending.
    Result<QList<StoredMessage>> before(qint64 conversationId, qint64 beforeSeq, int limit);
    Result<QList<StoredMessage>> after(qint64 conversationId, qint64 afterSeq, int limit);
    Result<QList<StoredMessage>> since(const QList<SyncPosition> &positions, int limit);
    Result<std::optional<StoredMessage>> findById(qint64 id);
    // The message at seq with up to radius messages on each side, ascending.
    Result<QList<StoredMessage>> around(qint64 conversationId, qint64 seq, int radius);
    // Hidden keeps the sealed content; the deleted states erase it, with its earlier versions, the content of
    // its edit events, its reactions and its pin.
    Result<void> setRemoved(qint64 id, RemovedState state);
    // Keeps the current content as an earlier version, then stores the new sealed content; returns editedAt.
    Result<QDateTime> edit(qint64 id, const QString &keyId, const QByteArray &nonce, const QByteArray &ciphertext);
    Result<QList<MessageVersion>> versions(qint64 id);
    Result<void> setPinned(qint64 id, bool pinned, qint64 by);
    Result<int> countPins(qint64 conversationId);
    Result<QList<StoredMessage>> pins(qint64 conversationId, int limit);

    // Reactions per message id, grouped by emoji, `me` relative to viewer.
    Result<QHash<qint64, QList<ReactionCount>>> reactions(const QList<qint64> &ids, qint64 viewer);
    // The same for several viewers in one query: viewer -> message id -> reactions.
    Result<QHash<qint64, QHash<qint64, QList<ReactionCount>>>> reactionsFor(const QList<qint64> &ids,
                                                                           const QList<qint64> &viewers);
    Result<ReactionState> reactionState(qint64 messageId, qint64 userId, const QString &emoji);
    // True when the reaction is new / was there.
    Result<bool> addReaction(qint64 messageId, qint64 userId, const QString &emoji);
    Result<bool> removeReaction(qint64 messageId, qint64 userId, const QString &emoji);

    // Reads the message_rows columns starting at `first`.
    static StoredMessage fromRow(const class QSqlQuery &q, int first = 0);

private:
    Result<QList<StoredMessage>> list(const QString &query, const QVariantMap &binds);
    DbSession &m_session;
};

} // namespace Banter::Server
