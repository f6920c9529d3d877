#pragma once

class QHttpServer;

namespace Banter::Server {

class ApiRouter;

// What banterd serves that is not the JSON API: the web client at /app/ (web/app plus the socket.io-client
// bundle, compiled into the resources) and the API's own description, GET /api/openapi.json
// (resources/openapi/openapi.json; the lint.openapi test keeps it complete).
namespace StaticRoutes {
void registerOn(QHttpServer &server, ApiRouter &router);
}

} // namespace Banter::Server
