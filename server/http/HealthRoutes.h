#pragma once

#include "http/ApiRouter.h"
#include "service/HealthService.h"

namespace Banter::Server {

// GET /healthz (the process is alive) and GET /readyz (database reachable and migrated, else 503).
class HealthRoutes
{
public:
    static void registerOn(ApiRouter &router, HealthService &health);
};

} // namespace Banter::Server
