#pragma once

#include "service/GroupService.h"
#include "service/WriteCommand.h"

#include <banter/Result.h>

#include <QJsonObject>

namespace Banter::Server {

struct RoleBody
{
    QString userId;
    QString role;
};

struct InviteBody
{
    qint64 expiresInSeconds = 0; // 0: never
    int maxUses = 0;             // 0: unlimited
};

// The request bodies of /api/groups (GroupRoutes), like RequestBodies: pure, every failure validation_failed
// naming the first field that is wrong, unknown fields refused.
class GroupBodies
{
public:
    static Result<NewGroup> newGroup(const QJsonObject &body);         // POST /api/groups
    static Result<GroupChanges> changes(const QJsonObject &body);      // PUT /api/groups/:id
    static Result<QStringList> userIds(const QJsonObject &body);       // POST /api/groups/:id/members
    static Result<RoleBody> role(const QJsonObject &body);             // PUT /api/groups/:id/admin
    static Result<QString> userId(const QJsonObject &body);            // POST /api/groups/:id/owner
    static Result<InviteBody> invite(const QJsonObject &body);         // POST /api/groups/:id/invites
    static Result<QString> token(const QJsonObject &body);             // POST /api/groups/join
};

} // namespace Banter::Server
