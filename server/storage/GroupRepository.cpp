#include "storage/GroupRepository.h"

#include "storage/SqlArrays.h"
#include "storage/SqlValues.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

GroupFields fieldsFrom(const QSqlQuery &q, int first)
{
    return {q.value(first).toString(), q.value(first + 1).toString(), q.value(first + 2).toLongLong(),
            q.value(first + 3).toBool()};
}

// id, title, description, avatar, history, created_at, created_by, then the query's own columns.
GroupRecord recordFrom(const QSqlQuery &q)
{
    GroupRecord g;
    g.id = q.value(0).toLongLong();
    g.fields = fieldsFrom(q, 1);
    g.createdAt = q.value(5).toDateTime();
    g.createdBy = q.value(6).toLongLong();
    return g;
}

QList<GroupMember> membersFrom(const QVariant &json)
{
    QList<GroupMember> members;
    const QJsonArray array = QJsonDocument::fromJson(json.toString().toUtf8()).array();
    for (const QJsonValue &v : array) {
        const QJsonObject o = v.toObject();
        members.append({o.value(u"id"_s).toString().toLongLong(), o.value(u"username"_s).toString(),
                        o.value(u"displayName"_s).toString(), o.value(u"role"_s).toString(),
                        QDateTime::fromString(o.value(u"joinedAt"_s).toString(), Qt::ISODateWithMs)});
    }
    return members;
}

} // namespace

Result<std::optional<GroupRecord>> GroupRepository::find(qint64 groupId)
{
    return findForMember(groupId, 0);
}

Result<std::optional<GroupRecord>> GroupRepository::findForMember(qint64 groupId, qint64 userId)
{
    auto q = m_session.exec(u"groups/for_member"_s, {{u"id"_s, groupId}, {u"user_id"_s, userId}});
    if (!q)
        return q.error();
    QSqlQuery &r = *q.value();
    if (!r.next())
        return std::optional<GroupRecord>();
    GroupRecord g = recordFrom(r);
    g.members = membersFrom(r.value(7));
    g.memberCount = g.members.size();
    g.myRole = r.value(8).toString();
    return std::optional<GroupRecord>(std::move(g));
}

Result<QList<GroupRecord>> GroupRepository::listForUser(qint64 userId, int limit)
{
    auto q = m_session.exec(u"groups/list_for_user"_s, {{u"user_id"_s, userId}, {u"limit"_s, limit}});
    if (!q)
        return q.error();
    QList<GroupRecord> out;
    while (q.value()->next()) {
        GroupRecord g = recordFrom(*q.value());
        g.memberCount = q.value()->value(7).toLongLong();
        g.myRole = q.value()->value(8).toString();
        out.append(std::move(g));
    }
    return out;
}

Result<std::optional<QString>> GroupRepository::roleOf(qint64 groupId, qint64 userId)
{
    auto q = m_session.exec(u"groups/member_role"_s, {{u"id"_s, groupId}, {u"user_id"_s, userId}});
    if (!q)
        return q.error();
    if (!q.value()->next())
        return std::optional<QString>();
    return std::optional<QString>(q.value()->value(0).toString());
}

Result<std::optional<GroupFields>> GroupRepository::fields(qint64 groupId)
{
    auto q = m_session.exec(u"groups/fields"_s, {{u"id"_s, groupId}});
    if (!q)
        return q.error();
    if (!q.value()->next())
        return std::optional<GroupFields>();
    return std::optional<GroupFields>(fieldsFrom(*q.value(), 0));
}

Result<QList<qint64>> GroupRepository::addMembers(qint64 groupId, const QList<qint64> &userIds)
{
    return m_session.ids(u"groups/add_members"_s,
                         {{u"conversation_id"_s, groupId}, {u"user_ids"_s, bigintArray(userIds)}});
}

Result<void> GroupRepository::markJoined(const QList<Joined> &joined)
{
    if (joined.isEmpty())
        return {};
    QJsonArray rows;
    for (const Joined &j : joined)
        rows.append(QJsonObject{{u"conversation_id"_s, j.conversationId}, {u"user_id"_s, j.userId},
                                {u"seq"_s, j.seq}, {u"hidden"_s, j.hidden}});
    return m_session.execute(u"groups/joined"_s, {{u"rows"_s, compactJson(rows)}});
}

Result<void> GroupRepository::setRole(qint64 groupId, qint64 userId, const QString &role)
{
    return m_session.execute(u"groups/set_role"_s,
                             {{u"conversation_id"_s, groupId}, {u"user_id"_s, userId}, {u"role"_s, role}});
}

Result<GroupFields> GroupRepository::update(qint64 groupId, const GroupFields &to)
{
    auto q = m_session.exec(u"groups/update"_s, {{u"id"_s, groupId},
                                                 {u"set_title"_s, true}, {u"title"_s, to.title},
                                                 {u"set_description"_s, true}, {u"description"_s, to.description},
                                                 {u"set_avatar"_s, true}, {u"avatar"_s, to.avatarMediaId},
                                                 {u"set_history"_s, true}, {u"history"_s, to.historyVisible}});
    if (!q)
        return q.error();
    if (!q.value()->next())
        return makeError(ErrorCode::NotFound, u"no such group"_s);
    return fieldsFrom(*q.value(), 0);
}

Result<std::optional<QDateTime>> GroupRepository::insertInvite(const NewInvite &invite)
{
    auto q = m_session.exec(u"groups/insert_invite"_s, {{u"token_hash"_s, invite.tokenHash},
                                                        {u"conversation_id"_s, invite.conversationId},
                                                        {u"created_by"_s, invite.createdBy},
                                                        {u"expires_in"_s, invite.expiresInSeconds},
                                                        {u"max_uses"_s, invite.maxUses},
                                                        {u"max_active"_s, invite.maxActive}});
    if (!q)
        return q.error();
    if (!q.value()->next())
        return std::optional<QDateTime>();
    return std::optional<QDateTime>(q.value()->value(0).toDateTime());
}

Result<std::optional<qint64>> GroupRepository::inviteGroup(const QByteArray &tokenHash)
{
    auto q = m_session.exec(u"groups/invite_group"_s, {{u"token_hash"_s, tokenHash}});
    if (!q)
        return q.error();
    if (!q.value()->next())
        return std::optional<qint64>();
    return std::optional<qint64>(q.value()->value(0).toLongLong());
}

Result<bool> GroupRepository::useInvite(const QByteArray &tokenHash, qint64 groupId)
{
    auto q = m_session.exec(u"groups/use_invite"_s, {{u"token_hash"_s, tokenHash}, {u"conversation_id"_s, groupId}});
    if (!q)
        return q.error();
    return q.value()->next();
}

Result<bool> GroupRepository::deleteInvite(const QByteArray &tokenHash, qint64 groupId)
{
    auto q = m_session.exec(u"groups/delete_invite"_s, {{u"token_hash"_s, tokenHash}, {u"conversation_id"_s, groupId}});
    if (!q)
        return q.error();
    return q.value()->next();
}

} // namespace Banter::Server
