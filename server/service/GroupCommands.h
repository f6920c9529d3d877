#pragma once

#include "service/MessageCommands.h"
#include "service/WriteCommand.h"
#include "storage/ConversationRepository.h"

namespace Banter::Server {

class DbSession;

// The roles of a group member.
namespace GroupRole {
using namespace Qt::StringLiterals;
inline constexpr auto Owner = "owner"_L1;
inline constexpr auto Admin = "admin"_L1;
inline constexpr auto Member = "member"_L1;
} // namespace GroupRole

// Applies group administration (members joining, leaving and being removed, roles, ownership, the group's
// fields) inside the batched writer's open transaction, checking the rules against the members and roles as
// they are at that moment:
// - the owner and admins add members and change the group; only the owner changes roles and hands ownership on;
// - an admin cannot remove the owner or another admin; anyone may leave;
// - when the last owner leaves (or is removed by a moderator), the longest-standing admin becomes owner, else
//   the longest-standing member;
// - a group holds at most WriterLimits::maxGroupMembers members.
// access is changed as the command applies, so the batch's later commands see the group as it now is.
class GroupCommands
{
public:
    GroupCommands(DbSession &db, WriterLimits limits) : m_db(db), m_limits(limits) {}

    static bool handles(WriteKind kind);
    // An error here is a database error: the whole batch fails (and is retried).
    Result<AppliedCommand> apply(const WriteCommand &command, ConversationAccess &access);

private:
    Result<AppliedCommand> add(const WriteCommand &c, ConversationAccess &access);
    Result<AppliedCommand> join(const WriteCommand &c, ConversationAccess &access);
    Result<AppliedCommand> remove(const WriteCommand &c, ConversationAccess &access);
    Result<AppliedCommand> setRole(const WriteCommand &c, ConversationAccess &access);
    Result<AppliedCommand> transfer(const WriteCommand &c, ConversationAccess &access);
    Result<AppliedCommand> update(const WriteCommand &c, ConversationAccess &access);

    // Adds the users as members (those not in yet) and writes their member.added events.
    Result<AppliedCommand> admit(const WriteCommand &c, ConversationAccess &access, const QList<qint64> &userIds);
    // After a removal: a group left without an owner gets one.
    Result<std::optional<PendingEvent>> succession(const WriteCommand &c, ConversationAccess &access);
    Result<void> changeRole(qint64 groupId, ConversationAccess &access, qint64 userId, const QString &role);

    DbSession &m_db;
    WriterLimits m_limits;
};

} // namespace Banter::Server
