#include "service/GroupService.h"

#include "service/GroupCommands.h"
#include "service/ServiceFutures.h"
#include "service/TextRules.h"
#include "storage/BlockRepository.h"
#include "storage/MediaRepository.h"
#include "storage/UserRepository.h"

#include <banter/ErrorCode.h>

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

constexpr int TokenBytes = 32; // 256 bits

Error noSuchGroup()
{
    return makeError(ErrorCode::NotFound, u"no such group"_s);
}

Error invalid(const QString &message)
{
    return makeError(ErrorCode::ValidationFailed, message);
}

// REST answers a non-member like a group that does not exist.
template <typename T>
Result<T> asNotFound(Result<T> r)
{
    if (!r && r.error().code == ErrorCode::NotMember)
        return noSuchGroup();
    return r;
}

Result<GroupRecord> loadGroup(DbSession &db, qint64 groupId, qint64 userId)
{
    auto found = GroupRepository(db).findForMember(groupId, userId);
    if (!found)
        return found.error();
    if (!found.value())
        return noSuchGroup();
    return *found.value();
}

Result<void> requireAdministrator(DbSession &db, qint64 groupId, qint64 userId)
{
    auto role = GroupRepository(db).roleOf(groupId, userId);
    if (!role)
        return role.error();
    if (!role.value())
        return noSuchGroup();
    if (*role.value() != GroupRole::Owner && *role.value() != GroupRole::Admin)
        return makeError(ErrorCode::Forbidden, u"only the group's owner and admins manage invites"_s);
    return {};
}

} // namespace

GroupService::GroupService(DbExecutor &db, MessageWriter &writer, ChatService &chat, const CryptoService &crypto,
                           GroupSettings settings)
    : m_db(db), m_writer(writer), m_chat(chat), m_crypto(crypto), m_settings(std::move(settings))
{
}

QByteArray GroupService::tokenHash(const QString &token) const
{
    return m_crypto.sha256(token.toUtf8());
}

QFuture<Result<GroupRecord>> GroupService::create(const Principal &caller, const NewGroup &group, QObject *context)
{
    if (group.title.trimmed().isEmpty())
        return fail<GroupRecord>(invalid(u"title: required"_s));
    const qint64 me = caller.userId.toLongLong();
    return chain(context, m_chat.create(caller, u"group"_s, group.title, group.memberIds, group.description),
                 [this, me](const Result<ConversationRecord> &created) {
                     if (!created)
                         return fail<GroupRecord>(created.error());
                     return m_db.run([id = created.value().id, me](DbSession &db) { return loadGroup(db, id, me); });
                 });
}

QFuture<Result<QList<GroupRecord>>> GroupService::list(const Principal &caller)
{
    const qint64 me = caller.userId.toLongLong();
    return m_db.run([me](DbSession &db) { return GroupRepository(db).listForUser(me, 500); });
}

QFuture<Result<GroupRecord>> GroupService::get(const Principal &caller, const QString &groupId)
{
    auto id = parseId(groupId);
    if (!id)
        return fail<GroupRecord>(noSuchGroup());
    const qint64 me = caller.userId.toLongLong();
    return m_db.run([id = *id, me](DbSession &db) { return loadGroup(db, id, me); });
}

QFuture<Result<GroupRecord>> GroupService::submitThenGet(const Principal &caller, WriteCommand command,
                                                         QObject *context)
{
    const qint64 me = caller.userId.toLongLong();
    const qint64 id = command.conversationId;
    return chain(context, m_writer.submit(std::move(command)), [this, id, me](const Result<WriteOutcome> &done) {
        if (!done)
            return fail<GroupRecord>(asNotFound(Result<GroupRecord>(done.error())).error());
        return m_db.run([id, me](DbSession &db) { return loadGroup(db, id, me); });
    });
}

QFuture<Result<GroupRecord>> GroupService::update(const Principal &caller, const QString &groupId,
                                                  GroupChanges changes, QObject *context)
{
    auto id = parseId(groupId);
    if (!id)
        return fail<GroupRecord>(noSuchGroup());
    const ChatLimits &limits = m_chat.limits();
    if (changes.title) {
        *changes.title = changes.title->trimmed();
        if (changes.title->isEmpty() || changes.title->size() > limits.maxTitleChars)
            return fail<GroupRecord>(invalid(QStringLiteral("title: 1-%1 characters").arg(limits.maxTitleChars)));
        if (auto r = TextRules::check(u"title"_s, *changes.title); !r)
            return fail<GroupRecord>(r.error());
    }
    if (changes.description) {
        *changes.description = changes.description->trimmed();
        if (changes.description->size() > limits.maxDescriptionChars)
            return fail<GroupRecord>(
                invalid(QStringLiteral("description: at most %1 characters").arg(limits.maxDescriptionChars)));
        if (auto r = TextRules::check(u"description"_s, *changes.description); !r)
            return fail<GroupRecord>(r.error());
    }
    WriteCommand c;
    c.kind = WriteKind::ConversationUpdate;
    c.conversationId = *id;
    c.actorId = caller.userId.toLongLong();
    const qint64 avatar = changes.avatarMediaId.value_or(0);
    c.groupChanges = std::move(changes);
    if (avatar == 0)
        return submitThenGet(caller, std::move(c), context);
    // An avatar is the caller's own upload: members of the group may read it, so it must not be anyone else's.
    auto own = m_db.run([avatar, me = c.actorId](DbSession &db) -> Result<bool> {
        auto uploader = MediaRepository(db).uploaderOf(avatar);
        if (!uploader)
            return uploader.error();
        if (!uploader.value() || *uploader.value() != me)
            return invalid(u"avatarMediaId: one of your own uploads"_s);
        return true;
    });
    return chain(context, own, [this, caller, c, context](const Result<bool> &ok) {
        if (!ok)
            return fail<GroupRecord>(ok.error());
        return submitThenGet(caller, c, context);
    });
}

QFuture<Result<GroupRecord>> GroupService::addMembers(const Principal &caller, const QString &groupId,
                                                      const QStringList &userIds, QObject *context)
{
    auto id = parseId(groupId);
    if (!id)
        return fail<GroupRecord>(noSuchGroup());
    if (userIds.isEmpty())
        return fail<GroupRecord>(invalid(u"userIds: at least one user id"_s));
    if (userIds.size() > m_chat.limits().maxMembers)
        return fail<GroupRecord>(invalid(QStringLiteral("userIds: at most %1").arg(m_chat.limits().maxMembers)));
    const qint64 me = caller.userId.toLongLong();
    QList<qint64> users;
    for (const QString &raw : userIds) {
        auto user = parseId(raw);
        if (!user)
            return fail<GroupRecord>(invalid(u"userIds: unknown user id \""_s + raw.left(40) + u'"'));
        if (!users.contains(*user))
            users.append(*user);
    }
    // Who may be added is checked here (known, active, no block with the caller), who may add in the writer.
    auto checked = m_db.run([users, me](DbSession &db) -> Result<bool> {
        auto active = UserRepository(db).countActive(users);
        if (!active)
            return active.error();
        if (active.value() != users.size())
            return invalid(u"userIds: unknown user id"_s);
        auto blocked = BlockRepository(db).anyBetween(me, users);
        if (!blocked)
            return blocked.error();
        if (blocked.value())
            return makeError(ErrorCode::Forbidden, u"userIds: a blocked user cannot be added"_s);
        return true;
    });
    WriteCommand c;
    c.kind = WriteKind::MemberAdd;
    c.conversationId = *id;
    c.actorId = me;
    c.targetUserIds = users;
    return chain(context, checked, [this, caller, c, context](const Result<bool> &ok) {
        if (!ok)
            return fail<GroupRecord>(ok.error());
        return submitThenGet(caller, c, context);
    });
}

Result<WriteCommand> GroupService::memberCommand(WriteKind kind, const Principal &caller, const QString &groupId,
                                                 const QString &userId)
{
    auto id = parseId(groupId);
    if (!id)
        return noSuchGroup();
    auto user = parseId(userId);
    if (!user)
        return makeError(ErrorCode::NotFound, u"no such member"_s);
    WriteCommand c;
    c.kind = kind;
    c.conversationId = *id;
    c.actorId = caller.userId.toLongLong();
    c.targetUserId = *user;
    return c;
}

QFuture<Result<bool>> GroupService::removeMember(const Principal &caller, const QString &groupId,
                                                 const QString &userId, QObject *context)
{
    auto c = memberCommand(WriteKind::MemberRemove, caller, groupId, userId);
    if (!c)
        return fail<bool>(c.error());
    return m_writer.submit(std::move(c.value())).then(context, [](const Result<WriteOutcome> &done) -> Result<bool> {
        if (!done)
            return asNotFound(Result<bool>(done.error()));
        return done.value().changed;
    });
}

QFuture<Result<GroupRecord>> GroupService::setRole(const Principal &caller, const QString &groupId,
                                                   const QString &userId, const QString &role, QObject *context)
{
    if (role != GroupRole::Admin && role != GroupRole::Member)
        return fail<GroupRecord>(invalid(u"role: \"admin\" or \"member\""_s));
    auto c = memberCommand(WriteKind::MemberRole, caller, groupId, userId);
    if (!c)
        return fail<GroupRecord>(c.error());
    c.value().role = role;
    return submitThenGet(caller, std::move(c.value()), context);
}

QFuture<Result<GroupRecord>> GroupService::transferOwnership(const Principal &caller, const QString &groupId,
                                                             const QString &userId, QObject *context)
{
    auto c = memberCommand(WriteKind::OwnerTransfer, caller, groupId, userId);
    if (!c)
        return fail<GroupRecord>(c.error());
    return submitThenGet(caller, std::move(c.value()), context);
}

QFuture<Result<GroupInvite>> GroupService::createInvite(const Principal &caller, const QString &groupId,
                                                        qint64 expiresInSeconds, int maxUses)
{
    auto id = parseId(groupId);
    if (!id)
        return fail<GroupInvite>(noSuchGroup());
    if (expiresInSeconds < 0 || expiresInSeconds > m_settings.maxInviteSeconds)
        return fail<GroupInvite>(invalid(QStringLiteral("expiresIn: 1-%1 seconds").arg(m_settings.maxInviteSeconds)));
    if (maxUses < 0 || maxUses > 100000)
        return fail<GroupInvite>(invalid(u"maxUses: 1-100000"_s));
    GroupInvite invite;
    invite.token = QString::fromLatin1(m_crypto.randomBytes(TokenBytes)
                                           .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    invite.url = m_settings.publicUrl() + u"/invite/"_s + invite.token;
    invite.maxUses = maxUses;
    NewInvite row{tokenHash(invite.token), *id, caller.userId.toLongLong(), expiresInSeconds, maxUses,
                  m_settings.maxInvitesPerGroup};
    return m_db.run([row, invite](DbSession &db) -> Result<GroupInvite> {
        if (auto r = requireAdministrator(db, row.conversationId, row.createdBy); !r)
            return r.error();
        auto expires = GroupRepository(db).insertInvite(row);
        if (!expires)
            return expires.error();
        if (!expires.value())
            return invalid(QStringLiteral("a group has at most %1 usable invites; delete one first").arg(row.maxActive));
        GroupInvite out = invite;
        out.expiresAt = *expires.value();
        return out;
    });
}

QFuture<Result<GroupRecord>> GroupService::join(const Principal &caller, const QString &token, QObject *context)
{
    if (token.isEmpty() || token.size() > 200)
        return fail<GroupRecord>(invalid(u"token: the token of an invite"_s));
    const QByteArray hash = tokenHash(token);
    auto group = m_db.run([hash](DbSession &db) { return GroupRepository(db).inviteGroup(hash); });
    return chain(context, group, [this, caller, hash, context](const Result<std::optional<qint64>> &found) {
        if (!found)
            return fail<GroupRecord>(found.error());
        if (!found.value())
            return fail<GroupRecord>(makeError(ErrorCode::NotFound, u"no such invite, or it expired or was used up"_s));
        WriteCommand c;
        c.kind = WriteKind::JoinByInvite;
        c.conversationId = *found.value();
        c.actorId = caller.userId.toLongLong();
        c.inviteHash = hash;
        return submitThenGet(caller, std::move(c), context);
    });
}

QFuture<Result<bool>> GroupService::deleteInvite(const Principal &caller, const QString &groupId, const QString &token)
{
    auto id = parseId(groupId);
    if (!id)
        return fail<bool>(noSuchGroup());
    const QByteArray hash = tokenHash(token);
    const qint64 me = caller.userId.toLongLong();
    return m_db.run([id = *id, me, hash](DbSession &db) -> Result<bool> {
        if (auto r = requireAdministrator(db, id, me); !r)
            return r.error();
        auto deleted = GroupRepository(db).deleteInvite(hash, id);
        if (!deleted)
            return deleted.error();
        if (!deleted.value())
            return makeError(ErrorCode::NotFound, u"no such invite"_s);
        return true;
    });
}

} // namespace Banter::Server
