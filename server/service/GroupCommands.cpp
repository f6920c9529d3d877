#include "service/GroupCommands.h"

#include "service/ConversationEvent.h"
#include "storage/DbSession.h"
#include "storage/GroupRepository.h"

#include <banter/ErrorCode.h>

#include <limits>

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

AppliedCommand refused(QLatin1StringView code, const QString &message)
{
    return {makeError(code, message), {}, std::nullopt};
}

AppliedCommand refusedNotMember()
{
    return refused(ErrorCode::NotMember, u"you are not a member of this group"_s);
}

AppliedCommand noSuchMember()
{
    return refused(ErrorCode::NotFound, u"no such member"_s);
}

PendingEvent memberEvent(const WriteCommand &c, QLatin1StringView type, qint64 userId, const QString &role)
{
    PendingEvent e;
    e.conversationId = c.conversationId;
    e.type = QString(type);
    e.actorId = c.actorId;
    e.data = {{u"userId"_s, QString::number(userId)}, {u"role"_s, role}};
    return e;
}

bool isGroup(const ConversationAccess &access)
{
    return access.type == "group"_L1;
}

} // namespace

bool GroupCommands::handles(WriteKind kind)
{
    switch (kind) {
    case WriteKind::MemberAdd:
    case WriteKind::MemberRemove:
    case WriteKind::MemberRole:
    case WriteKind::OwnerTransfer:
    case WriteKind::ConversationUpdate:
    case WriteKind::JoinByInvite:
        return true;
    default:
        return false;
    }
}

Result<AppliedCommand> GroupCommands::apply(const WriteCommand &c, ConversationAccess &access)
{
    if (c.kind == WriteKind::JoinByInvite)
        return join(c, access);
    // A moderator (admin API) removes members of any conversation; everything else is for a group's members.
    if (c.authority == Authority::Moderator) {
        if (c.kind != WriteKind::MemberRemove)
            return refused(ErrorCode::Forbidden, u"moderators only remove members"_s);
        return remove(c, access);
    }
    if (!access.roles.contains(c.actorId))
        return refusedNotMember();
    if (!isGroup(access))
        return refused(ErrorCode::NotFound, u"no such group"_s);
    switch (c.kind) {
    case WriteKind::MemberAdd:
        return add(c, access);
    case WriteKind::MemberRemove:
        return remove(c, access);
    case WriteKind::MemberRole:
        return setRole(c, access);
    case WriteKind::OwnerTransfer:
        return transfer(c, access);
    case WriteKind::ConversationUpdate:
        return update(c, access);
    default:
        return makeError(ErrorCode::Internal, u"not a group command"_s);
    }
}

Result<AppliedCommand> GroupCommands::add(const WriteCommand &c, ConversationAccess &access)
{
    if (!access.administers(c.actorId))
        return refused(ErrorCode::Forbidden, u"only the group's owner and admins add members"_s);
    return admit(c, access, c.targetUserIds);
}

Result<AppliedCommand> GroupCommands::join(const WriteCommand &c, ConversationAccess &access)
{
    const AppliedCommand noInvite = refused(ErrorCode::NotFound, u"no such invite, or it expired or was used up"_s);
    auto fields = GroupRepository(m_db).fields(c.conversationId);
    if (!fields)
        return fields.error();
    if (!fields.value())
        return noInvite;
    // The access of a group nobody is in any more has no type yet.
    access.type = u"group"_s;
    access.historyVisible = fields.value()->historyVisible;
    if (access.roles.contains(c.actorId))
        return AppliedCommand{}; // a member already: nothing to do, and the invite is not used up by it
    if (access.memberIds.size() + 1 > m_limits.maxGroupMembers)
        return refused(ErrorCode::ValidationFailed,
                       QStringLiteral("the group is full (at most %1 members)").arg(m_limits.maxGroupMembers));
    auto used = GroupRepository(m_db).useInvite(c.inviteHash, c.conversationId);
    if (!used)
        return used.error();
    if (!used.value())
        return noInvite;
    auto joined = admit(c, access, {c.actorId});
    if (!joined || joined.value().refused)
        return joined;
    // Someone who joins a group everyone else left takes it over: a group always has an owner while it has members.
    auto heir = succession(c, access);
    if (!heir)
        return heir.error();
    if (heir.value())
        joined.value().events.append(*heir.value());
    return joined;
}

Result<AppliedCommand> GroupCommands::admit(const WriteCommand &c, ConversationAccess &access,
                                            const QList<qint64> &userIds)
{
    QList<qint64> fresh;
    for (qint64 id : userIds)
        if (!access.roles.contains(id) && !fresh.contains(id))
            fresh.append(id);
    if (fresh.isEmpty())
        return AppliedCommand{};
    if (access.memberIds.size() + fresh.size() > m_limits.maxGroupMembers)
        return refused(ErrorCode::ValidationFailed,
                       QStringLiteral("userIds: a group has at most %1 members").arg(m_limits.maxGroupMembers));
    auto added = GroupRepository(m_db).addMembers(c.conversationId, fresh);
    if (!added)
        return added.error();
    AppliedCommand out;
    for (qint64 id : fresh) {
        if (!added.value().contains(id))
            continue;
        access.roles.insert(id, QString(GroupRole::Member));
        access.memberIds.append(id);
        // Until its seq is known, a member added with the history hidden sees nothing before now.
        access.visibleFrom.insert(id, access.historyVisible ? 0 : std::numeric_limits<qint64>::max());
        PendingEvent e = memberEvent(c, EventType::MemberAdded, id, QString(GroupRole::Member));
        e.joinedUserId = id;
        e.historyHidden = !access.historyVisible;
        out.events.append(std::move(e));
    }
    return out;
}

Result<AppliedCommand> GroupCommands::remove(const WriteCommand &c, ConversationAccess &access)
{
    const qint64 target = c.targetUserId;
    if (!access.roles.contains(target))
        return noSuchMember();
    const QString role = access.roles.value(target);
    if (c.authority == Authority::Member && target != c.actorId) { // leaving needs no right
        if (!access.administers(c.actorId))
            return refused(ErrorCode::Forbidden, u"only the group's owner and admins remove members"_s);
        if (access.roles.value(c.actorId) == GroupRole::Admin && role != GroupRole::Member)
            return refused(ErrorCode::Forbidden, u"an admin cannot remove the owner or another admin"_s);
    }
    auto removed = ConversationRepository(m_db).removeMember(c.conversationId, target);
    if (!removed)
        return removed.error();
    if (!removed.value())
        return noSuchMember();
    access.roles.remove(target);
    access.memberIds.removeAll(target);
    access.visibleFrom.remove(target);
    AppliedCommand out;
    out.events.append(memberEvent(c, EventType::MemberRemoved, target, role));
    if (role == GroupRole::Owner && isGroup(access)) {
        auto heir = succession(c, access);
        if (!heir)
            return heir.error();
        if (heir.value())
            out.events.append(*heir.value());
    }
    return out;
}

Result<std::optional<PendingEvent>> GroupCommands::succession(const WriteCommand &c, ConversationAccess &access)
{
    for (auto it = access.roles.cbegin(); it != access.roles.cend(); ++it)
        if (it.value() == GroupRole::Owner)
            return std::optional<PendingEvent>();
    qint64 heir = 0;
    for (qint64 id : std::as_const(access.memberIds)) { // the longest-standing first
        if (access.roles.value(id) == GroupRole::Admin) {
            heir = id;
            break;
        }
    }
    if (heir == 0 && !access.memberIds.isEmpty())
        heir = access.memberIds.first();
    if (heir == 0)
        return std::optional<PendingEvent>(); // nobody is left
    if (auto r = changeRole(c.conversationId, access, heir, QString(GroupRole::Owner)); !r)
        return r.error();
    return std::optional<PendingEvent>(memberEvent(c, EventType::MemberRole, heir, QString(GroupRole::Owner)));
}

Result<void> GroupCommands::changeRole(qint64 groupId, ConversationAccess &access, qint64 userId, const QString &role)
{
    if (auto r = GroupRepository(m_db).setRole(groupId, userId, role); !r)
        return r;
    access.roles.insert(userId, role);
    return {};
}

Result<AppliedCommand> GroupCommands::setRole(const WriteCommand &c, ConversationAccess &access)
{
    if (access.roles.value(c.actorId) != GroupRole::Owner)
        return refused(ErrorCode::Forbidden, u"only the group's owner changes roles"_s);
    if (!access.roles.contains(c.targetUserId))
        return noSuchMember();
    const QString current = access.roles.value(c.targetUserId);
    if (current == GroupRole::Owner)
        return refused(ErrorCode::Forbidden, u"the owner's role changes only by handing ownership on"_s);
    if (c.role != GroupRole::Admin && c.role != GroupRole::Member)
        return refused(ErrorCode::ValidationFailed, u"role: \"admin\" or \"member\""_s);
    if (current == c.role)
        return AppliedCommand{};
    if (auto r = changeRole(c.conversationId, access, c.targetUserId, c.role); !r)
        return r.error();
    return AppliedCommand{std::nullopt, {memberEvent(c, EventType::MemberRole, c.targetUserId, c.role)}, std::nullopt};
}

Result<AppliedCommand> GroupCommands::transfer(const WriteCommand &c, ConversationAccess &access)
{
    if (access.roles.value(c.actorId) != GroupRole::Owner)
        return refused(ErrorCode::Forbidden, u"only the group's owner hands ownership on"_s);
    if (!access.roles.contains(c.targetUserId))
        return noSuchMember();
    if (c.targetUserId == c.actorId)
        return AppliedCommand{};
    if (auto r = changeRole(c.conversationId, access, c.targetUserId, QString(GroupRole::Owner)); !r)
        return r.error();
    if (auto r = changeRole(c.conversationId, access, c.actorId, QString(GroupRole::Admin)); !r)
        return r.error();
    return AppliedCommand{std::nullopt,
                          {memberEvent(c, EventType::MemberRole, c.targetUserId, QString(GroupRole::Owner)),
                           memberEvent(c, EventType::MemberRole, c.actorId, QString(GroupRole::Admin))},
                          std::nullopt};
}

Result<AppliedCommand> GroupCommands::update(const WriteCommand &c, ConversationAccess &access)
{
    if (!access.administers(c.actorId))
        return refused(ErrorCode::Forbidden, u"only the group's owner and admins change it"_s);
    auto current = GroupRepository(m_db).fields(c.conversationId);
    if (!current)
        return current.error();
    if (!current.value())
        return refused(ErrorCode::NotFound, u"no such group"_s);
    GroupFields to = *current.value();
    const GroupChanges &wanted = c.groupChanges;
    QJsonObject changes;
    if (wanted.title && *wanted.title != to.title) {
        to.title = *wanted.title;
        changes.insert(u"title"_s, to.title);
    }
    if (wanted.description && *wanted.description != to.description) {
        to.description = *wanted.description;
        changes.insert(u"description"_s, to.description);
    }
    if (wanted.avatarMediaId && *wanted.avatarMediaId != to.avatarMediaId) {
        to.avatarMediaId = *wanted.avatarMediaId;
        changes.insert(u"avatarMediaId"_s, to.avatarMediaId != 0 ? QJsonValue(QString::number(to.avatarMediaId))
                                                                 : QJsonValue(QJsonValue::Null));
    }
    if (wanted.historyVisible && *wanted.historyVisible != to.historyVisible) {
        to.historyVisible = *wanted.historyVisible;
        changes.insert(u"historyVisibleToNewMembers"_s, to.historyVisible);
    }
    if (changes.isEmpty())
        return AppliedCommand{};
    if (auto r = GroupRepository(m_db).update(c.conversationId, to); !r)
        return r.error();
    access.historyVisible = to.historyVisible;
    PendingEvent e;
    e.conversationId = c.conversationId;
    e.type = QString(EventType::ConversationUpdated);
    e.actorId = c.actorId;
    e.data = {{u"changes"_s, changes}};
    return AppliedCommand{std::nullopt, {e}, std::nullopt};
}

} // namespace Banter::Server
