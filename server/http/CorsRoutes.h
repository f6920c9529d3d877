#pragma once

class QHttpServer;

namespace Banter::Server {

class CorsPolicy;

// CORS on the REST port (CorsPolicy decides): answers every preflight (OPTIONS on any path) and adds the CORS
// headers to every answer QHttpServer sends for a route that returns a response. Routes that write through
// their responder (ApiRouter's raw routes, long-polling) add them themselves.
namespace CorsRoutes {
void install(QHttpServer &server, const CorsPolicy &cors);
}

} // namespace Banter::Server
