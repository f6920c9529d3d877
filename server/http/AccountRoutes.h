#pragma once

#include "http/ApiRouter.h"
#include "service/AuthService.h"
#include "service/UserService.h"

namespace Banter::Server {

// /api/auth/* and /api/users/*: parse, call the service, serialise. Auth and errors are ApiRouter's.
class AccountRoutes
{
public:
    static void registerOn(ApiRouter &router, AuthService &auth, UserService &users);
};

} // namespace Banter::Server
