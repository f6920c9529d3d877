#pragma once

#include "storage/DbSession.h"

#include <QDateTime>
#include <QList>

#include <optional>

namespace Banter::Server {

struct GroupMember
{
    qint64 userId = 0;
    QString username;
    QString displayName;
    QString role; // owner, admin, member
    QDateTime joinedAt;
};

// A group's own fields.
struct GroupFields
{
    QString title;
    QString description;
    qint64 avatarMediaId = 0; // 0: none
    bool historyVisible = false;
};

// A group as one member sees it.
struct GroupRecord
{
    qint64 id = 0;
    GroupFields fields;
    QDateTime createdAt;
    qint64 createdBy = 0;
    QString myRole;
    qint64 memberCount = 0;
    QList<GroupMember> members; // details only (empty in lists)
};

struct NewInvite
{
    QByteArray tokenHash;
    qint64 conversationId = 0;
    qint64 createdBy = 0;
    qint64 expiresInSeconds = 0; // 0: never
    int maxUses = 0;             // 0: unlimited
    int maxActive = 100;         // refused when the group has this many usable invites already
};

// Groups: their fields, members joining and changing roles, invite links. Membership changes run inside the
// batched writer's transaction (GroupCommands); reads anywhere.
class GroupRepository
{
public:
    explicit GroupRepository(DbSession &session) : m_session(session) {}

    Result<std::optional<GroupRecord>> findForMember(qint64 groupId, qint64 userId);
    // Moderators: any group, whoever asks (myRole empty).
    Result<std::optional<GroupRecord>> find(qint64 groupId);
    Result<QList<GroupRecord>> listForUser(qint64 userId, int limit);
    // The user's role in the group; none when they are not a member or it is not a group.
    Result<std::optional<QString>> roleOf(qint64 groupId, qint64 userId);
    Result<std::optional<GroupFields>> fields(qint64 groupId);

    // Adds those not in yet, as members; returns who was added.
    Result<QList<qint64>> addMembers(qint64 groupId, const QList<qint64> &userIds);
    struct Joined
    {
        qint64 conversationId = 0;
        qint64 userId = 0;
        qint64 seq = 0;      // their member.added event
        bool hidden = false; // the history before it is hidden from them
    };
    Result<void> markJoined(const QList<Joined> &joined);
    Result<void> setRole(qint64 groupId, qint64 userId, const QString &role);
    Result<GroupFields> update(qint64 groupId, const GroupFields &to);

    // Returns when the invite expires (invalid: never); none when the group has maxActive usable invites.
    Result<std::optional<QDateTime>> insertInvite(const NewInvite &invite);
    Result<std::optional<qint64>> inviteGroup(const QByteArray &tokenHash);
    // Counts a use; false when the invite is expired, used up or gone.
    Result<bool> useInvite(const QByteArray &tokenHash, qint64 groupId);
    Result<bool> deleteInvite(const QByteArray &tokenHash, qint64 groupId);

private:
    DbSession &m_session;
};

} // namespace Banter::Server
