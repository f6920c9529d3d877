#pragma once

#include "http/ApiRouter.h"
#include "service/JobAdminService.h"

namespace Banter::Server {

// /api/admin/jobs: the job queue's jobs and the retry of a dead one (docs/admin-api.md). Admins only.
class JobRoutes
{
public:
    static void registerOn(ApiRouter &router, JobAdminService &jobs);
};

} // namespace Banter::Server
