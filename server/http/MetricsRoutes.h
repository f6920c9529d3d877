#pragma once

#include "service/RateLimiter.h"

#include <QByteArray>
#include <QHostAddress>

#include <functional>
#include <memory>

class QHttpServer;
class QTcpServer;

namespace Banter::Server {

// GET /metrics in the Prometheus text exposition format (render() builds the body on the main thread). Never to
// anonymous clients on the public port: there it needs `Authorization: Bearer <--metrics-token>` (compared in
// constant time; without a configured token the route answers 404). With --metrics-address it is also served,
// without a token, on a listener of its own at that address (meant for loopback or a private network).
// Refused requests on the public port are rate-limited per client address (guessing the token): past a burst of
// 10, one per second; while an address is limited, each of its requests gets 429 rate_limited with Retry-After
// before its token is looked at.
class MetricsRoutes
{
public:
    using Render = std::function<QByteArray()>;

    MetricsRoutes(QHttpServer &publicServer, QByteArray token, Render render);
    ~MetricsRoutes();

    // Starts the extra listener; false (with errorString) when it cannot listen.
    bool listen(const QHostAddress &address, quint16 port, QString *errorString);

private:
    Render m_render;
    QByteArray m_token;
    RateLimiter m_refusals{1.0, 10.0};
    std::unique_ptr<QHttpServer> m_private;
};

} // namespace Banter::Server
