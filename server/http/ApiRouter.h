#pragma once

#include "http/Access.h"
#include "http/ApiRequest.h"
#include "service/Authenticator.h"
#include "service/RateLimiter.h"

#include <banter/Result.h>

#include <QFuture>
#include <QHttpServer>

#include <atomic>
#include <functional>

namespace Banter::Server {

using ApiResult = Result<ApiReply>;
using ApiHandler = std::function<QFuture<ApiResult>(const ApiRequest &)>;

struct RouterLimits
{
    qint64 maxBodyBytes = 1024 * 1024;
    int requestsPerSecondPerAddress = 200;
    int requestsPerSecondPerUser = 50;
    bool devMode = false;
};

// The HTTP edge in one place: every route goes through dispatch(), which assigns the request id, applies
// the per-address rate limit and body limits, parses JSON, authenticates and authorises by Access, runs
// the handler, and maps its Result to a response (ErrorStatus). Handlers only decide.
class ApiRouter
{
public:
    ApiRouter(QHttpServer &server, RouterLimits limits);

    void setAuthenticator(Authenticator *authenticator) { m_authenticator = authenticator; }

    // path uses QHttpServer's "<arg>" placeholders (at most two).
    void add(QHttpServerRequest::Method method, const QString &path, Access access, ApiHandler handler);

    int inFlight() const { return m_inFlight.load(); }

    static QFuture<ApiResult> ready(ApiResult result);

private:
    QFuture<QHttpServerResponse> dispatch(const QHttpServerRequest &request, QStringList args, Access access,
                                          const ApiHandler &handler);
    QHttpServerResponse toResponse(const ApiResult &result, const QString &requestId) const;

    QHttpServer &m_server;
    RouterLimits m_limits;
    RateLimiter m_addressLimiter;
    RateLimiter m_userLimiter;
    Authenticator *m_authenticator = nullptr;
    std::atomic<int> m_inFlight{0};
};

} // namespace Banter::Server
