#pragma once

#include "service/GroupService.h"
#include "storage/GroupRepository.h"

#include <QJsonObject>

namespace Banter::Server {

// The contract's JSON shapes for groups (docs/api.md, "Groups"). Ids are strings.
class GroupJson
{
public:
    // {id, type, title, description, avatarMediaId, historyVisibleToNewMembers, createdAt, createdBy,
    //  memberCount, role, members?: [{id, username, displayName, role, joinedAt}]}
    static QJsonObject group(const GroupRecord &g, bool withMembers);
    static QJsonObject invite(const GroupInvite &i);
};

} // namespace Banter::Server
