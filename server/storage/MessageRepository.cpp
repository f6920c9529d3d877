#include "storage/MessageRepository.h"

#include "storage/SqlArrays.h"

#include <banter/ErrorCode.h>

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

// A new row as insert_batch and insert_numbered_batch take it (binary columns base64-encoded; the numbered batch,
// which takes no replies, ignores reply_to_id).
QJsonObject rowJson(const StoredMessage &m)
{
    return {{u"conversation_id"_s, m.conversationId},
            {u"seq"_s, m.seq},
            {u"sender_id"_s, m.senderId},
            {u"client_message_id"_s, m.clientMessageId},
            {u"key_id"_s, m.keyId},
            {u"nonce"_s, QString::fromLatin1(m.nonce.toBase64())},
            {u"ciphertext"_s, QString::fromLatin1(m.ciphertext.toBase64())},
            {u"reply_to_id"_s, m.replyToId != 0 ? QJsonValue(m.replyToId) : QJsonValue()}};
}

} // namespace

StoredMessage MessageRepository::fromRow(const QSqlQuery &q, int first)
{
    StoredMessage m;
    m.id = q.value(first).toLongLong();
    m.conversationId = q.value(first + 1).toLongLong();
    m.seq = q.value(first + 2).toLongLong();
    m.senderId = q.value(first + 3).toLongLong();
    m.clientMessageId = q.value(first + 4).toString();
    m.keyId = q.value(first + 5).toString();
    m.nonce = q.value(first + 6).toByteArray();
    m.ciphertext = q.value(first + 7).toByteArray();
    m.createdAt = q.value(first + 8).toDateTime();
    m.removed = q.value(first + 9).toInt();
    m.editedAt = q.value(first + 10).toDateTime();
    m.pinnedAt = q.value(first + 11).toDateTime();
    m.replyToId = q.value(first + 12).toLongLong();
    if (m.replyToId != 0) {
        m.replyConversationId = q.value(first + 13).toLongLong();
        m.replySeq = q.value(first + 14).toLongLong();
        m.replySenderId = q.value(first + 15).toLongLong();
        m.replyRemoved = q.value(first + 16).toInt();
        m.replyKeyId = q.value(first + 17).toString();
        m.replyNonce = q.value(first + 18).toByteArray();
        m.replyCiphertext = q.value(first + 19).toByteArray();
    }
    return m;
}

Result<QList<StoredMessage>> MessageRepository::list(const QString &query, const QVariantMap &binds)
{
    auto q = m_session.exec(query, binds);
    if (!q)
        return q.error();
    QList<StoredMessage> rows;
    while (q.value()->next())
        rows.append(fromRow(*q.value()));
    return rows;
}

Result<QList<StoredMessage>> MessageRepository::findByClientIds(const QList<ClientMessageKey> &keys)
{
    QJsonArray array;
    for (const ClientMessageKey &k : keys)
        array.append(QJsonObject{{u"conversation_id"_s, k.conversationId},
                                 {u"sender_id"_s, k.senderId},
                                 {u"client_message_id"_s, k.clientMessageId}});
    return list(u"messages/find_by_client_ids"_s,
                {{u"keys"_s, compactJson(array)}});
}

Result<void> MessageRepository::insertBatch(QList<StoredMessage> &rows)
{
    QJsonArray array;
    for (const StoredMessage &m : rows)
        array.append(rowJson(m));
    auto q = m_session.exec(u"messages/insert_batch"_s,
                            {{u"rows"_s, compactJson(array)}});
    if (!q)
        return q.error();
    // RETURNING order is not promised to follow the input: match rows by (conversation, seq).
    QHash<QPair<qint64, qint64>, StoredMessage *> bySeq;
    for (StoredMessage &m : rows)
        bySeq.insert({m.conversationId, m.seq}, &m);
    int matched = 0;
    while (q.value()->next()) {
        StoredMessage *m = bySeq.value({q.value()->value(1).toLongLong(), q.value()->value(2).toLongLong()});
        if (!m)
            continue;
        m->id = q.value()->value(0).toLongLong();
        m->createdAt = q.value()->value(3).toDateTime();
        ++matched;
    }
    if (matched != rows.size())
        return makeError(ErrorCode::Internal, QStringLiteral("batch insert returned %1 of %2 rows").arg(matched).arg(rows.size()));
    return {};
}

Result<QHash<qint64, QList<qint64>>> MessageRepository::insertNumberedBatch(QList<StoredMessage> &rows,
                                                                          const QHash<qint64, qint64> &expectedLast,
                                                                          const QList<qsizetype> &notifying)
{
    QJsonArray fanout;
    for (qsizetype i : notifying)
        fanout.append(QJsonObject{{u"conversation_id"_s, rows[i].conversationId}, {u"seq"_s, rows[i].seq}});
    QHash<qint64, int> counts;
    QJsonArray array;
    for (const StoredMessage &m : rows) {
        ++counts[m.conversationId];
        array.append(rowJson(m));
    }
    QJsonArray countArray;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        countArray.append(QJsonObject{{u"id"_s, it.key()}, {u"expected"_s, expectedLast.value(it.key())}, {u"n"_s, it.value()}});
    auto q = m_session.exec(u"messages/insert_numbered_batch"_s,
                            {{u"rows"_s, compactJson(array)}, {u"counts"_s, compactJson(countArray)},
                             {u"fanout"_s, compactJson(fanout)}});
    if (!q)
        return q.error();
    QHash<QPair<qint64, qint64>, StoredMessage *> bySeq;
    for (StoredMessage &m : rows)
        bySeq.insert({m.conversationId, m.seq}, &m);
    QHash<qint64, QList<qint64>> members;
    int matched = 0;
    while (q.value()->next()) {
        const qint64 conversation = q.value()->value(1).toLongLong();
        StoredMessage *m = bySeq.value({conversation, q.value()->value(2).toLongLong()});
        if (!m)
            continue;
        m->id = q.value()->value(0).toLongLong();
        m->createdAt = q.value()->value(3).toDateTime();
        ++matched;
        if (members.contains(conversation))
            continue;
        // The string must outlive the views split() returns: a temporary in the range-for's initialiser is
        // destroyed before the loop runs (C++20), and the views then read freed memory (ThreadSanitizer's build
        // delivered to nobody that way).
        const QString list = q.value()->value(4).toString();
        QList<qint64> &ids = members[conversation];
        for (QStringView id : QStringView(list).split(u','))
            ids.append(id.toLongLong());
    }
    if (matched != rows.size())
        return makeError(ErrorCode::Internal, QStringLiteral("batch insert returned %1 of %2 rows").arg(matched).arg(rows.size()));
    return members;
}

Result<QList<StoredMessage>> MessageRepository::before(qint64 conversationId, qint64 beforeSeq, int limit)
{
    return list(u"messages/before"_s, {{u"id"_s, conversationId}, {u"before"_s, beforeSeq}, {u"limit"_s, limit}});
}

Result<QList<StoredMessage>> MessageRepository::after(qint64 conversationId, qint64 afterSeq, int limit)
{
    return list(u"messages/after"_s, {{u"id"_s, conversationId}, {u"after"_s, afterSeq}, {u"limit"_s, limit}});
}

Result<QList<StoredMessage>> MessageRepository::since(const QList<SyncPosition> &positions, int limit)
{
    QJsonArray array;
    for (const SyncPosition &p : positions)
        array.append(QJsonObject{{u"conversation_id"_s, p.conversationId}, {u"after"_s, p.afterSeq}});
    return list(u"messages/since"_s, {{u"positions"_s, compactJson(array)},
                                      {u"limit"_s, limit}});
}

Result<std::optional<StoredMessage>> MessageRepository::findById(qint64 id)
{
    auto rows = list(u"messages/by_id"_s, {{u"id"_s, id}});
    if (!rows)
        return rows.error();
    return rows.value().isEmpty() ? std::optional<StoredMessage>() : std::optional<StoredMessage>(rows.value().first());
}

Result<QList<StoredMessage>> MessageRepository::around(qint64 conversationId, qint64 seq, int radius)
{
    return list(u"messages/around"_s, {{u"id"_s, conversationId}, {u"from_seq"_s, seq - radius}, {u"to_seq"_s, seq + radius}});
}

Result<QList<StoredMessage>> MessageRepository::findByIds(const QList<qint64> &ids)
{
    return list(u"messages/by_ids"_s, {{u"ids"_s, bigintArray(ids)}});
}

Result<std::optional<qint64>> MessageRepository::conversationOf(qint64 messageId)
{
    auto q = m_session.exec(u"messages/conversation_of"_s, {{u"id"_s, messageId}});
    if (!q)
        return q.error();
    if (!q.value()->next())
        return std::optional<qint64>();
    return std::optional<qint64>(q.value()->value(0).toLongLong());
}

Result<void> MessageRepository::setRemoved(qint64 id, RemovedState state)
{
    const bool erase = state != RemovedState::Visible && state != RemovedState::Hidden;
    if (auto q = m_session.exec(u"messages/set_removed"_s, {{u"id"_s, id}, {u"mode"_s, int(state)}, {u"erase"_s, erase}}); !q)
        return q.error();
    // Hidden and deleted messages are never found: their search tokens go now, not when the indexer comes by.
    // Off the indexer's queue first: when the indexer has the message in hand, that waits until it has stored
    // the tokens, which the next statement (with a fresh snapshot) then removes.
    if (auto q = m_session.exec(u"search/mark_indexed"_s, {{u"ids"_s, bigintArray({id})}}); !q)
        return q.error();
    if (auto q = m_session.exec(u"search/delete_tokens"_s, {{u"ids"_s, bigintArray({id})}}); !q)
        return q.error();
    if (!erase)
        return {};
    if (auto q = m_session.exec(u"messages/erase_history"_s, {{u"id"_s, id}}); !q)
        return q.error();
    if (auto q = m_session.exec(u"messages/delete_reactions"_s, {{u"id"_s, id}}); !q)
        return q.error();
    return {};
}

Result<QDateTime> MessageRepository::edit(qint64 id, const QString &keyId, const QByteArray &nonce,
                                          const QByteArray &ciphertext)
{
    if (auto q = m_session.exec(u"messages/save_version"_s, {{u"id"_s, id}}); !q)
        return q.error();
    // Queued again first (that waits for an indexer holding the message), then the old tokens go — those it may
    // just have stored included — so the old words are not found from the edit's commit on.
    if (auto q = m_session.exec(u"search/enqueue"_s, {{u"id"_s, id}}); !q)
        return q.error();
    if (auto q = m_session.exec(u"search/delete_tokens"_s, {{u"ids"_s, bigintArray({id})}}); !q)
        return q.error();
    auto q = m_session.exec(u"messages/edit"_s,
                            {{u"id"_s, id}, {u"key_id"_s, keyId}, {u"nonce"_s, nonce}, {u"ciphertext"_s, ciphertext}});
    if (!q)
        return q.error();
    if (!q.value()->next())
        return makeError(ErrorCode::NotFound, u"no such message"_s);
    return q.value()->value(0).toDateTime();
}

Result<QList<MessageVersion>> MessageRepository::versions(qint64 id)
{
    auto q = m_session.exec(u"messages/versions"_s, {{u"id"_s, id}});
    if (!q)
        return q.error();
    QList<MessageVersion> out;
    while (q.value()->next())
        out.append({q.value()->value(0).toInt(), q.value()->value(1).toString(), q.value()->value(2).toByteArray(),
                    q.value()->value(3).toByteArray(), q.value()->value(4).toDateTime()});
    return out;
}

Result<void> MessageRepository::setPinned(qint64 id, bool pinned, qint64 by)
{
    if (auto q = m_session.exec(u"messages/set_pinned"_s, {{u"id"_s, id}, {u"pinned"_s, pinned}, {u"by"_s, by}}); !q)
        return q.error();
    return {};
}

Result<int> MessageRepository::countPins(qint64 conversationId)
{
    auto q = m_session.exec(u"messages/count_pins"_s, {{u"id"_s, conversationId}});
    if (!q)
        return q.error();
    return q.value()->next() ? q.value()->value(0).toInt() : 0;
}

Result<QList<StoredMessage>> MessageRepository::pins(qint64 conversationId, int limit)
{
    return list(u"messages/pins"_s, {{u"id"_s, conversationId}, {u"limit"_s, limit}});
}

Result<QHash<qint64, QList<ReactionCount>>> MessageRepository::reactions(const QList<qint64> &ids, qint64 viewer)
{
    QHash<qint64, QList<ReactionCount>> out;
    if (ids.isEmpty())
        return out;
    auto q = m_session.exec(u"reactions/for_messages"_s, {{u"ids"_s, bigintArray(ids)}, {u"viewer"_s, viewer}});
    if (!q)
        return q.error();
    while (q.value()->next())
        out[q.value()->value(0).toLongLong()].append(
            {q.value()->value(1).toString(), q.value()->value(2).toInt(), q.value()->value(3).toBool()});
    return out;
}

Result<QHash<qint64, QHash<qint64, QList<ReactionCount>>>> MessageRepository::reactionsFor(const QList<qint64> &ids,
                                                                                         const QList<qint64> &viewers)
{
    QHash<qint64, QHash<qint64, QList<ReactionCount>>> out;
    for (qint64 v : viewers)
        out.insert(v, {});
    if (ids.isEmpty())
        return out;
    auto q = m_session.exec(u"reactions/for_messages_viewers"_s, {{u"ids"_s, bigintArray(ids)}, {u"viewers"_s, bigintArray(viewers)}});
    if (!q)
        return q.error();
    while (q.value()->next()) {
        const qint64 message = q.value()->value(0).toLongLong();
        const QString emoji = q.value()->value(1).toString();
        const int count = q.value()->value(2).toInt();
        // "{7,9}": the viewers who reacted so
        const QString who = q.value()->value(3).toString();
        QList<qint64> reacted;
        for (QStringView part : QStringView(who).mid(1, qMax<qsizetype>(0, who.size() - 2)).split(u','))
            if (!part.isEmpty())
                reacted.append(part.toLongLong());
        for (qint64 v : viewers)
            out[v][message].append({emoji, count, reacted.contains(v)});
    }
    return out;
}

Result<ReactionState> MessageRepository::reactionState(qint64 messageId, qint64 userId, const QString &emoji)
{
    auto q = m_session.exec(u"reactions/distinct_counts"_s,
                            {{u"message_id"_s, messageId}, {u"user_id"_s, userId}, {u"emoji"_s, emoji}});
    if (!q)
        return q.error();
    ReactionState s;
    if (q.value()->next())
        s = {q.value()->value(0).toInt(), q.value()->value(1).toInt(), q.value()->value(2).toBool(),
             q.value()->value(3).toBool()};
    return s;
}

Result<bool> MessageRepository::addReaction(qint64 messageId, qint64 userId, const QString &emoji)
{
    auto q = m_session.exec(u"reactions/add"_s, {{u"message_id"_s, messageId}, {u"user_id"_s, userId}, {u"emoji"_s, emoji}});
    if (!q)
        return q.error();
    return q.value()->next();
}

Result<bool> MessageRepository::removeReaction(qint64 messageId, qint64 userId, const QString &emoji)
{
    auto q = m_session.exec(u"reactions/remove"_s, {{u"message_id"_s, messageId}, {u"user_id"_s, userId}, {u"emoji"_s, emoji}});
    if (!q)
        return q.error();
    return q.value()->next();
}

} // namespace Banter::Server
