#pragma once

#include "http/ApiRouter.h"
#include "service/GroupService.h"

namespace Banter::Server {

// /api/groups/*: parse (GroupBodies), call GroupService, serialise with GroupJson.
class GroupRoutes
{
public:
    static void registerOn(ApiRouter &router, GroupService &groups);
};

} // namespace Banter::Server
