#pragma once

#include "http/ApiRouter.h"
#include "service/E2eeService.h"

namespace Banter::Server {

// /api/e2ee/*: the key directory of end-to-end encrypted conversations (issue #15, docs/e2ee.md): the calling
// device's keys and pre-key count, and the pre-key bundles of a user's devices.
class E2eeRoutes
{
public:
    static void registerOn(ApiRouter &router, E2eeService &e2ee);
};

} // namespace Banter::Server
