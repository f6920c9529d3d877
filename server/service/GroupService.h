#pragma once

#include "crypto/CryptoService.h"
#include "service/ChatService.h"
#include "service/MessageWriter.h"
#include "service/Principal.h"
#include "storage/DbExecutor.h"
#include "storage/GroupRepository.h"

#include <QFuture>
#include <QObject>

#include <functional>

namespace Banter::Server {

struct GroupSettings
{
    // The server's public URL (known once it listens); an invite's url is <it>/invite/<token>.
    std::function<QString()> publicUrl;
    int maxInvitesPerGroup = 100;
    qint64 maxInviteSeconds = 365LL * 24 * 3600;
};

struct NewGroup
{
    QString title;
    QString description;
    QStringList memberIds;
};

// A fresh invite link: the token is shown once, only its hash is kept.
struct GroupInvite
{
    QString token;
    QString url;
    QDateTime expiresAt; // invalid: never
    int maxUses = 0;     // 0: unlimited
};

// Group administration for the group's members (REST /api/groups): every change goes through the batched
// writer, which checks the roles (GroupCommands) and writes the change's event in the same transaction. A
// non-member learns nothing about a group: not_found, like one that does not exist. context is the caller's
// QObject (the continuations run on its thread).
class GroupService
{
public:
    GroupService(DbExecutor &db, MessageWriter &writer, ChatService &chat, const CryptoService &crypto,
                 GroupSettings settings);

    QFuture<Result<GroupRecord>> create(const Principal &caller, const NewGroup &group, QObject *context);
    QFuture<Result<QList<GroupRecord>>> list(const Principal &caller);
    QFuture<Result<GroupRecord>> get(const Principal &caller, const QString &groupId);
    QFuture<Result<GroupRecord>> update(const Principal &caller, const QString &groupId, GroupChanges changes,
                                        QObject *context);
    QFuture<Result<GroupRecord>> addMembers(const Principal &caller, const QString &groupId,
                                            const QStringList &userIds, QObject *context);
    // The caller themself: leaving. Resolves once the member is out (on every socket thread too).
    QFuture<Result<bool>> removeMember(const Principal &caller, const QString &groupId, const QString &userId,
                                       QObject *context);
    QFuture<Result<GroupRecord>> setRole(const Principal &caller, const QString &groupId, const QString &userId,
                                         const QString &role, QObject *context);
    QFuture<Result<GroupRecord>> transferOwnership(const Principal &caller, const QString &groupId,
                                                   const QString &userId, QObject *context);

    // expiresInSeconds / maxUses: 0 for none.
    QFuture<Result<GroupInvite>> createInvite(const Principal &caller, const QString &groupId,
                                              qint64 expiresInSeconds, int maxUses);
    QFuture<Result<GroupRecord>> join(const Principal &caller, const QString &token, QObject *context);
    QFuture<Result<bool>> deleteInvite(const Principal &caller, const QString &groupId, const QString &token);

private:
    // A command of the caller on one member of a group (ids parsed: not_found for ids that name nothing).
    static Result<WriteCommand> memberCommand(WriteKind kind, const Principal &caller, const QString &groupId,
                                              const QString &userId);
    // Submits a group command; once it is committed, the group as the caller now sees it.
    QFuture<Result<GroupRecord>> submitThenGet(const Principal &caller, WriteCommand command, QObject *context);
    QByteArray tokenHash(const QString &token) const;

    DbExecutor &m_db;
    MessageWriter &m_writer;
    ChatService &m_chat;
    const CryptoService &m_crypto;
    GroupSettings m_settings;
};

} // namespace Banter::Server
