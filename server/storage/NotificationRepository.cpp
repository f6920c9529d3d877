#include "storage/NotificationRepository.h"

#include "storage/SqlArrays.h"
#include "storage/SqlValues.h"

#include <QJsonArray>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

StoredNotification rowOf(const QSqlQuery &q, bool withReadAt)
{
    StoredNotification n;
    n.id = q.value(0).toLongLong();
    n.userId = q.value(1).toLongLong();
    n.kind = q.value(2).toString();
    n.conversationId = q.value(3).toLongLong();
    n.messageId = q.value(4).toLongLong();
    n.actorId = q.value(5).toLongLong();
    n.reportId = q.value(6).toLongLong();
    n.count = q.value(7).toInt();
    n.createdAt = q.value(8).toDateTime();
    if (withReadAt && !q.value(9).isNull())
        n.readAt = q.value(9).toDateTime();
    return n;
}

QJsonValue idOrNull(qint64 id)
{
    return id != 0 ? QJsonValue(id) : QJsonValue();
}

} // namespace

Result<QList<StoredNotification>> NotificationRepository::insert(const QList<NewNotification> &notifications)
{
    QJsonArray messages;
    QJsonArray reactions;
    QJsonArray others;
    for (const NewNotification &n : notifications) {
        QJsonObject row{{u"user_id"_s, n.userId},
                        {u"conversation_id"_s, idOrNull(n.conversationId)},
                        {u"message_id"_s, idOrNull(n.messageId)},
                        {u"actor_id"_s, idOrNull(n.actorId)}};
        if (n.kind == u"message"_s || n.kind == u"reaction"_s) {
            row.insert(u"n"_s, n.count);
            (n.kind == u"message"_s ? messages : reactions).append(row);
        } else {
            row.insert(u"kind"_s, n.kind);
            row.insert(u"report_id"_s, idOrNull(n.reportId));
            others.append(row);
        }
    }
    QList<StoredNotification> out;
    const std::pair<const QJsonArray *, QString> statements[] = {{&messages, u"notify/upsert_message"_s},
                                                                 {&reactions, u"notify/upsert_reaction"_s},
                                                                 {&others, u"notify/insert"_s}};
    for (const auto &[rows, name] : statements) {
        if (rows->isEmpty())
            continue;
        auto q = m_session.exec(name, {{u"rows"_s, compactJson(*rows)}});
        if (!q)
            return q.error();
        while (q.value()->next())
            out.append(rowOf(*q.value(), false));
    }
    return out;
}

Result<QList<StoredNotification>> NotificationRepository::list(qint64 userId, bool unreadOnly, qint64 before, int limit)
{
    auto q = m_session.exec(u"notify/list"_s, {{u"user_id"_s, userId},
                                               {u"before"_s, before > 0 ? QVariant(before) : QVariant(QMetaType::fromType<qint64>())},
                                               {u"unread"_s, unreadOnly},
                                               {u"limit"_s, limit + 1}});
    if (!q)
        return q.error();
    QList<StoredNotification> out;
    while (q.value()->next())
        out.append(rowOf(*q.value(), true));
    return out;
}

Result<qint64> NotificationRepository::unreadCount(qint64 userId)
{
    auto q = m_session.exec(u"notify/unread_count"_s, {{u"user_id"_s, userId}});
    if (!q)
        return q.error();
    return q.value()->next() ? q.value()->value(0).toLongLong() : 0;
}

Result<bool> NotificationRepository::markRead(qint64 userId, qint64 id)
{
    auto ids = m_session.ids(u"notify/mark_read"_s, {{u"user_id"_s, userId}, {u"id"_s, id}});
    if (!ids)
        return ids.error();
    return !ids.value().isEmpty();
}

Result<QList<qint64>> NotificationRepository::markAllRead(qint64 userId, std::optional<qint64> upTo)
{
    return m_session.ids(u"notify/mark_all_read"_s, {{u"user_id"_s, userId}, {u"up_to"_s, nullIfUnset(upTo)}});
}

Result<QList<std::pair<qint64, qint64>>> NotificationRepository::openPushWindows(const QList<std::pair<qint64, qint64>> &pairs,
                                                                                 qint64 windowMs)
{
    QList<std::pair<qint64, qint64>> out;
    if (pairs.isEmpty())
        return out;
    QJsonArray rows;
    for (const auto &[user, conversation] : pairs)
        rows.append(QJsonObject{{u"user_id"_s, user}, {u"conversation_id"_s, conversation}});
    auto q = m_session.exec(u"notify/push_windows"_s, {{u"pairs"_s, compactJson(rows)}, {u"window_ms"_s, windowMs}});
    if (!q)
        return q.error();
    while (q.value()->next())
        out.append({q.value()->value(0).toLongLong(), q.value()->value(1).toLongLong()});
    return out;
}

Result<QList<FanoutMember>> NotificationRepository::fanoutMembers(const QList<qint64> &conversations)
{
    auto q = m_session.exec(u"notify/fanout_members"_s, {{u"conversations"_s, compactJson(jsonIds(conversations))}});
    if (!q)
        return q.error();
    QList<FanoutMember> out;
    QSqlQuery &r = *q.value();
    while (r.next())
        out.append({r.value(0).toLongLong(), r.value(1).toLongLong(), r.value(2).toString(), r.value(3).toLongLong(),
                    r.value(4).toString(), r.value(5).toBool(), r.value(6).toBool(), r.value(7).toString(),
                    r.value(8).toString(), r.value(9).toString()});
    return out;
}

Result<QSet<std::pair<qint64, qint64>>> NotificationRepository::blocksOfActors(const QList<qint64> &actors)
{
    QSet<std::pair<qint64, qint64>> out;
    if (actors.isEmpty())
        return out;
    auto q = m_session.exec(u"notify/blocks_of_actors"_s, {{u"actors"_s, compactJson(jsonIds(actors))}});
    if (!q)
        return q.error();
    while (q.value()->next())
        out.insert({q.value()->value(0).toLongLong(), q.value()->value(1).toLongLong()});
    return out;
}

Result<PushContext> NotificationRepository::pushContext(const QSet<qint64> &conversations, const QSet<qint64> &users)
{
    auto q = m_session.exec(u"notify/push_context"_s, {{u"conversations"_s, compactJson(jsonIds(conversations))},
                                                       {u"users"_s, compactJson(jsonIds(users))}});
    if (!q)
        return q.error();
    PushContext out;
    QSqlQuery &r = *q.value();
    while (r.next()) {
        const qint64 id = r.value(1).toLongLong();
        if (r.value(0).toString() == u"c"_s)
            out.conversations.insert(id, {r.value(2).toString(), r.value(3).toString()});
        else
            out.names.insert(id, r.value(3).toString());
    }
    return out;
}

Result<QSet<qint64>> NotificationRepository::previewsOf(const QSet<qint64> &users)
{
    auto q = m_session.exec(u"notify/previews_of"_s, {{u"users"_s, compactJson(jsonIds(users))}});
    if (!q)
        return q.error();
    QSet<qint64> out;
    while (q.value()->next())
        out.insert(q.value()->value(0).toLongLong());
    return out;
}

Result<qint64> NotificationRepository::purge(int days, int limit)
{
    auto q = m_session.exec(u"notify/purge"_s, {{u"days"_s, days}, {u"limit"_s, limit}});
    if (!q)
        return q.error();
    return q.value()->next() ? q.value()->value(0).toLongLong() : 0;
}

} // namespace Banter::Server
