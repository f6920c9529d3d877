#pragma once

#include "http/ApiRouter.h"
#include "service/AdminService.h"

#include <QFuture>

#include <functional>

namespace Banter::Server {

class ConnectionRegistry;

// /api/admin/*: moderation and live state for moderators and admins (docs/admin-api.md). Access levels are
// declared per route here and enforced by ApiRouter.
class AdminRoutes
{
public:
    using Snapshot = std::function<QJsonObject()>;
    // The presence view may have to ask the other nodes of a cluster first.
    using PresenceView = std::function<QFuture<QJsonObject>()>;
    static void registerOn(ApiRouter &router, AdminService &admin, PresenceView presence, Snapshot metrics);
};

} // namespace Banter::Server
