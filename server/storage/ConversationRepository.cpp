#include "storage/ConversationRepository.h"
#include "storage/SqlValues.h"

#include "storage/SqlArrays.h"

#include <banter/ErrorCode.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Banter::Server {

ConversationRecord ConversationRepository::recordFromRow(const QSqlQuery &q)
{
    ConversationRecord c;
    c.id = q.value(0).toLongLong();
    c.type = q.value(1).toString();
    c.title = q.value(2).toString();
    c.createdAt = q.value(3).toDateTime();
    c.e2ee = q.value(5).toBool();
    const QJsonArray members = QJsonDocument::fromJson(q.value(4).toByteArray()).array();
    for (const QJsonValue &v : members) {
        const QJsonObject m = v.toObject();
        c.members.append({m.value(u"id"_s).toString().toLongLong(), m.value(u"username"_s).toString(),
                          m.value(u"displayName"_s).toString(), m.value(u"role"_s).toString()});
    }
    return c;
}

Result<qint64> ConversationRepository::insert(const NewConversation &c)
{
    auto q = m_session.exec(u"conversations/insert"_s, {{u"type"_s, c.type},
                                                        {u"title"_s, nullIfEmpty(c.title)},
                                                        {u"description"_s, c.description},
                                                        {u"created_by"_s, c.createdBy},
                                                        {u"direct_key"_s, nullIfEmpty(c.directKey)},
                                                        {u"e2ee"_s, c.e2ee}});
    if (!q)
        return q.error();
    if (!q.value()->next())
        return makeError(ErrorCode::Internal, u"insert returned no row"_s);
    const qint64 id = q.value()->value(0).toLongLong();
    auto members = m_session.execute(u"conversations/insert_members"_s, {{u"conversation_id"_s, id},
                                                                         {u"owner_id"_s, c.createdBy},
                                                                         {u"member_ids"_s, bigintArray(c.memberIds)}});
    if (!members)
        return members.error();
    return id;
}

Result<std::optional<qint64>> ConversationRepository::findDirect(const QString &directKey)
{
    auto q = m_session.exec(u"conversations/by_direct_key"_s, {{u"direct_key"_s, directKey}});
    if (!q)
        return q.error();
    if (!q.value()->next())
        return std::optional<qint64>();
    return std::optional<qint64>(q.value()->value(0).toLongLong());
}

Result<std::optional<ConversationRecord>> ConversationRepository::findForMember(qint64 conversationId, qint64 userId)
{
    auto q = m_session.exec(u"conversations/for_member"_s, {{u"id"_s, conversationId}, {u"user_id"_s, userId}});
    if (!q)
        return q.error();
    if (!q.value()->next())
        return std::optional<ConversationRecord>();
    return std::optional<ConversationRecord>(recordFromRow(*q.value()));
}

Result<QList<ConversationSummary>> ConversationRepository::listForUser(qint64 userId, int limit)
{
    auto q = m_session.exec(u"conversations/list_for_user"_s, {{u"user_id"_s, userId}, {u"limit"_s, limit}});
    if (!q)
        return q.error();
    QList<ConversationSummary> out;
    QSqlQuery &r = *q.value();
    while (r.next()) {
        ConversationSummary s;
        s.conversation = recordFromRow(r);
        s.unreadCount = r.value(6).toLongLong();
        if (!r.value(7).isNull())
            s.lastMessage = MessageRepository::fromRow(r, 7);
        out.append(std::move(s));
    }
    return out;
}

Result<bool> ConversationRepository::isMember(qint64 conversationId, qint64 userId)
{
    auto q = m_session.exec(u"conversations/is_member"_s, {{u"id"_s, conversationId}, {u"user_id"_s, userId}});
    if (!q)
        return q.error();
    return q.value()->next();
}

Result<QHash<qint64, QList<qint64>>> ConversationRepository::membersOf(const QList<qint64> &conversationIds)
{
    auto q = m_session.exec(u"conversations/members_of"_s, {{u"ids"_s, bigintArray(conversationIds)}});
    if (!q)
        return q.error();
    QHash<qint64, QList<qint64>> members;
    while (q.value()->next())
        members[q.value()->value(0).toLongLong()].append(q.value()->value(1).toLongLong());
    return members;
}

Result<QHash<qint64, QList<std::pair<qint64, qint64>>>> ConversationRepository::memberWindows(const QList<qint64> &conversationIds)
{
    auto q = m_session.exec(u"conversations/member_windows"_s, {{u"ids"_s, bigintArray(conversationIds)}});
    if (!q)
        return q.error();
    QHash<qint64, QList<std::pair<qint64, qint64>>> members;
    while (q.value()->next())
        members[q.value()->value(0).toLongLong()].append({q.value()->value(1).toLongLong(), q.value()->value(2).toLongLong()});
    return members;
}

Result<QList<Receipt>> ConversationRepository::updateReceipts(const QList<Receipt> &marks)
{
    QJsonArray array;
    for (const Receipt &r : marks)
        array.append(QJsonObject{{u"conversation_id"_s, r.conversationId},
                                 {u"user_id"_s, r.userId},
                                 {u"delivered"_s, r.deliveredSeq},
                                 {u"read"_s, r.readSeq}});
    auto q = m_session.exec(u"conversations/update_receipts"_s, {{u"marks"_s, compactJson(array)}});
    if (!q)
        return q.error();
    QList<Receipt> moved;
    while (q.value()->next())
        moved.append({q.value()->value(0).toLongLong(), q.value()->value(1).toLongLong(), q.value()->value(2).toLongLong(),
                      q.value()->value(3).toLongLong()});
    return moved;
}

Result<QList<Receipt>> ConversationRepository::receipts(qint64 conversationId)
{
    auto q = m_session.exec(u"conversations/receipts"_s, {{u"id"_s, conversationId}});
    if (!q)
        return q.error();
    QList<Receipt> out;
    while (q.value()->next())
        out.append({conversationId, q.value()->value(0).toLongLong(), q.value()->value(1).toLongLong(),
                    q.value()->value(2).toLongLong()});
    return out;
}

Result<QHash<qint64, ConversationAccess>> ConversationRepository::accessOf(const QList<qint64> &conversationIds)
{
    auto q = m_session.exec(u"conversations/access_of"_s, {{u"ids"_s, bigintArray(conversationIds)}});
    if (!q)
        return q.error();
    QHash<qint64, ConversationAccess> access;
    while (q.value()->next()) {
        ConversationAccess &a = access[q.value()->value(0).toLongLong()];
        const qint64 user = q.value()->value(1).toLongLong();
        a.roles.insert(user, q.value()->value(2).toString());
        a.memberIds.append(user);
        a.type = q.value()->value(3).toString();
        a.visibleFrom.insert(user, q.value()->value(4).toLongLong());
        a.historyVisible = q.value()->value(5).toBool();
        a.e2ee = q.value()->value(6).toBool();
    }
    return access;
}

namespace {

Result<QHash<qint64, qint64>> windowRows(Result<QSqlQuery *> q)
{
    if (!q)
        return q.error();
    QHash<qint64, qint64> windows;
    while (q.value()->next())
        windows.insert(q.value()->value(0).toLongLong(), q.value()->value(1).toLongLong());
    return windows;
}

} // namespace

Result<QHash<qint64, qint64>> ConversationRepository::windows(qint64 userId, const QList<qint64> &conversationIds)
{
    return windowRows(m_session.exec(u"conversations/windows"_s,
                                     {{u"user_id"_s, userId}, {u"ids"_s, bigintArray(conversationIds)}}));
}

Result<QHash<qint64, qint64>> ConversationRepository::allWindows(qint64 userId)
{
    return windowRows(m_session.exec(u"conversations/all_windows"_s, {{u"user_id"_s, userId}}));
}

Result<QHash<qint64, qint64>> ConversationRepository::allocateSeqs(const QHash<qint64, int> &counts)
{
    QJsonArray array;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        array.append(QJsonObject{{u"id"_s, it.key()}, {u"n"_s, it.value()}});
    if (auto locked = m_session.exec(u"conversations/lock_for_seqs"_s, {{u"ids"_s, bigintArray(counts.keys())}}); !locked)
        return locked.error();
    auto q = m_session.exec(u"conversations/allocate_seqs"_s, {{u"counts"_s, compactJson(array)}});
    if (!q)
        return q.error();
    QHash<qint64, qint64> last;
    while (q.value()->next())
        last.insert(q.value()->value(0).toLongLong(), q.value()->value(1).toLongLong());
    return last;
}

Result<void> ConversationRepository::markRead(const QList<ReadMark> &marks)
{
    if (marks.isEmpty())
        return {};
    QJsonArray array;
    for (const ReadMark &m : marks)
        array.append(QJsonObject{{u"conversation_id"_s, m.conversationId}, {u"user_id"_s, m.userId}, {u"seq"_s, m.seq}});
    return m_session.execute(u"conversations/mark_read"_s, {{u"marks"_s, compactJson(array)}});
}

Result<qint64> ConversationRepository::countForUser(qint64 userId)
{
    auto q = m_session.exec(u"conversations/count_for_user"_s, {{u"user_id"_s, userId}});
    if (!q)
        return q.error();
    return q.value()->next() ? q.value()->value(0).toLongLong() : 0;
}

Result<bool> ConversationRepository::removeMember(qint64 conversationId, qint64 userId)
{
    auto q = m_session.exec(u"conversations/remove_member"_s, {{u"id"_s, conversationId}, {u"user_id"_s, userId}});
    if (!q)
        return q.error();
    return q.value()->next();
}

} // namespace Banter::Server
