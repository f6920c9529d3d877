#pragma once

#include "http/ApiRouter.h"
#include "service/OidcService.h"

namespace Banter::Server {

// Sign-in with OpenID Connect providers: POST /api/auth/google, /api/auth/facebook and /api/auth/oidc/:provider
// (an ID token), the code flow (GET /api/auth/oidc/:provider/start and /callback, answered with redirects) and
// the links of the caller (GET, POST /api/auth/links, DELETE /api/auth/links/:provider). Parse, call, serialise.
class OidcRoutes
{
public:
    static void registerOn(ApiRouter &router, OidcService &oidc);
};

} // namespace Banter::Server
