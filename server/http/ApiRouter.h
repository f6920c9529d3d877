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

class CorsPolicy;
struct ServerMetrics;

using ApiResult = Result<ApiReply>;
using ApiHandler = std::function<QFuture<ApiResult>(const ApiRequest &)>;
using RawResult = Result<RawReply>;
using RawHandler = std::function<QFuture<RawResult>(const ApiRequest &)>;

struct RouterLimits
{
    qint64 maxBodyBytes = 1024 * 1024;
    qint64 maxRawBodyBytes = 1024 * 1024; // raw routes (uploads)
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
    void setCors(const CorsPolicy *cors) { m_cors = cors; } // raw routes' answers carry its headers
    void setMetrics(ServerMetrics *metrics) { m_metrics = metrics; } // requests by route and status

    // path uses QHttpServer's "<arg>" placeholders (at most two).
    void add(QHttpServerRequest::Method method, const QString &path, Access access, ApiHandler handler);
    // A route whose body is bytes (ApiRequest::rawBody, headers) and whose answer may be streamed (RawReply);
    // everything else (rate limits, authentication, Access, errors as JSON) as for add().
    void addRaw(QHttpServerRequest::Method method, const QString &path, Access access, RawHandler handler);

    int inFlight() const { return m_inFlight.load(); }

    static QFuture<ApiResult> ready(ApiResult result);

private:
    QFuture<QHttpServerResponse> dispatch(const QHttpServerRequest &request, QStringList args, Access access,
                                          const ApiHandler &handler, const QByteArray &route);
    void dispatchRaw(const QHttpServerRequest &request, QStringList args, Access access, const RawHandler &handler,
                     QHttpServerResponder &responder, const QByteArray &route);
    static QByteArray routeLabel(QHttpServerRequest::Method method, const QString &path); // "GET /api/x/<arg>"
    void count(const QByteArray &route, int status) const;
    // The checks every request passes before its handler: rate limit, body, text rules, authentication and
    // Access. Calls run(request) or fail(error), on the main thread, once.
    void admit(const QHttpServerRequest &request, QStringList args, Access access, bool raw,
               std::function<void(const ApiRequest &)> run, std::function<void(const Error &)> fail);
    void sendRaw(const std::shared_ptr<QHttpServerResponder> &responder, const RawResult &result,
                 const QString &requestId, const QByteArray &origin, bool preflight) const;
    QHttpServerResponse toResponse(const ApiResult &result, const QString &requestId) const;

    QHttpServer &m_server;
    RouterLimits m_limits;
    RateLimiter m_addressLimiter;
    RateLimiter m_userLimiter;
    Authenticator *m_authenticator = nullptr;
    const CorsPolicy *m_cors = nullptr;
    ServerMetrics *m_metrics = nullptr;
    std::atomic<int> m_inFlight{0};
};

} // namespace Banter::Server
