#include "storage/EventRepository.h"

#include "storage/SqlArrays.h"

#include <banter/ErrorCode.h>

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Banter::Server {

Result<void> EventRepository::insertBatch(QList<StoredEvent> &events)
{
    if (events.isEmpty())
        return {};
    QJsonArray array;
    for (const StoredEvent &e : events) {
        QJsonObject row{{u"conversation_id"_s, e.conversationId},
                        {u"seq"_s, e.seq},
                        {u"type"_s, e.type},
                        {u"actor_id"_s, e.actorId != 0 ? QJsonValue(e.actorId) : QJsonValue()},
                        {u"message_id"_s, e.messageId != 0 ? QJsonValue(e.messageId) : QJsonValue()},
                        {u"data"_s, e.data}};
        if (!e.ciphertext.isEmpty()) {
            row.insert(u"key_id"_s, e.keyId);
            row.insert(u"nonce"_s, QString::fromLatin1(e.nonce.toBase64()));
            row.insert(u"ciphertext"_s, QString::fromLatin1(e.ciphertext.toBase64()));
        }
        array.append(row);
    }
    auto q = m_session.exec(u"events/insert_batch"_s, {{u"rows"_s, compactJson(array)}});
    if (!q)
        return q.error();
    QHash<QPair<qint64, qint64>, StoredEvent *> bySeq;
    for (StoredEvent &e : events)
        bySeq.insert({e.conversationId, e.seq}, &e);
    int matched = 0;
    while (q.value()->next()) {
        StoredEvent *e = bySeq.value({q.value()->value(0).toLongLong(), q.value()->value(1).toLongLong()});
        if (!e)
            continue;
        e->createdAt = q.value()->value(2).toDateTime();
        ++matched;
    }
    if (matched != events.size())
        return makeError(ErrorCode::Internal, QStringLiteral("event insert returned %1 of %2 rows").arg(matched).arg(events.size()));
    return {};
}

Result<QList<StoredEvent>> EventRepository::since(const QList<SyncPosition> &positions, int limit)
{
    QJsonArray array;
    for (const SyncPosition &p : positions)
        array.append(QJsonObject{{u"conversation_id"_s, p.conversationId}, {u"after"_s, p.afterSeq},
                                 {u"visible_from"_s, p.visibleFrom}});
    auto q = m_session.exec(u"events/since"_s, {{u"positions"_s, compactJson(array)}, {u"limit"_s, limit}});
    if (!q)
        return q.error();
    QList<StoredEvent> out;
    while (q.value()->next()) {
        const QSqlQuery &r = *q.value();
        StoredEvent e;
        e.conversationId = r.value(0).toLongLong();
        e.seq = r.value(1).toLongLong();
        e.type = r.value(2).toString();
        e.actorId = r.value(3).toLongLong();
        e.messageId = r.value(4).toLongLong();
        e.data = QJsonDocument::fromJson(r.value(5).toString().toUtf8()).object();
        e.keyId = r.value(6).toString();
        e.nonce = r.value(7).toByteArray();
        e.ciphertext = r.value(8).toByteArray();
        e.createdAt = r.value(9).toDateTime();
        e.targetRemoved = r.value(10).toInt();
        if (!r.value(11).isNull())
            e.message = MessageRepository::fromRow(r, 11);
        out.append(std::move(e));
    }
    return out;
}

Result<QList<SyncPosition>> EventRepository::activeSince(const QList<qint64> &userIds, const QDateTime &since)
{
    auto q = m_session.exec(u"events/active_since"_s, {{u"users"_s, bigintArray(userIds)}, {u"since"_s, since}});
    if (!q)
        return q.error();
    QList<SyncPosition> out;
    while (q.value()->next())
        out.append(SyncPosition{q.value()->value(0).toLongLong(), q.value()->value(1).toLongLong(), 0});
    return out;
}

} // namespace Banter::Server
