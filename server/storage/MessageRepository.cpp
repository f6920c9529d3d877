#include "storage/MessageRepository.h"

#include <banter/ErrorCode.h>

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Banter::Server {

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
                {{u"keys"_s, QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact))}});
}

Result<void> MessageRepository::insertBatch(QList<StoredMessage> &rows)
{
    QJsonArray array;
    for (const StoredMessage &m : rows)
        array.append(QJsonObject{{u"conversation_id"_s, m.conversationId},
                                 {u"seq"_s, m.seq},
                                 {u"sender_id"_s, m.senderId},
                                 {u"client_message_id"_s, m.clientMessageId},
                                 {u"key_id"_s, m.keyId},
                                 {u"nonce"_s, QString::fromLatin1(m.nonce.toBase64())},
                                 {u"ciphertext"_s, QString::fromLatin1(m.ciphertext.toBase64())}});
    auto q = m_session.exec(u"messages/insert_batch"_s,
                            {{u"rows"_s, QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact))}});
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
    return list(u"messages/since"_s, {{u"positions"_s, QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact))},
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

Result<std::optional<StoredMessage>> MessageRepository::setRemoved(qint64 id, int mode)
{
    auto rows = list(u"messages/set_removed"_s, {{u"id"_s, id}, {u"mode"_s, mode}, {u"erase"_s, mode >= 2}});
    if (!rows)
        return rows.error();
    return rows.value().isEmpty() ? std::optional<StoredMessage>() : std::optional<StoredMessage>(rows.value().first());
}

} // namespace Banter::Server
