#pragma once

#include "http/ApiRouter.h"
#include "service/AdminService.h"

#include <functional>

namespace Banter::Server {

class ConnectionRegistry;

// /api/admin/*: moderation and live state for moderators and admins (docs/admin-api.md). Access levels are
// declared per route here and enforced by ApiRouter.
class AdminRoutes
{
public:
    using Snapshot = std::function<QJsonObject()>;
    static void registerOn(ApiRouter &router, AdminService &admin, Snapshot presence, Snapshot metrics);
};

} // namespace Banter::Server
