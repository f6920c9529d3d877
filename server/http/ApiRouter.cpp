#include "http/ApiRouter.h"

#include "http/CorsPolicy.h"
#include "metrics/ServerMetrics.h"

#include "http/ErrorStatus.h"
#include "http/HttpLog.h"
#include "service/TextRules.h"

#include <banter/ErrorCode.h>
#include <banter/protocol/JsonText.h>

#include <QHttpHeaders>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QtConcurrent/QtConcurrent>

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

QString newRequestId()
{
    quint64 words[2];
    QRandomGenerator::global()->fillRange(words, 2);
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(words), sizeof(words)).toHex());
}

bool roleAllows(Access access, Role role)
{
    switch (access) {
    case Access::Public:
    case Access::User: return true;
    case Access::Moderator: return role == Role::Moderator || role == Role::Admin;
    case Access::Admin: return role == Role::Admin;
    }
    return false;
}

} // namespace

ApiRouter::ApiRouter(QHttpServer &server, RouterLimits limits)
    : m_server(server), m_limits(limits),
      m_addressLimiter(limits.requestsPerSecondPerAddress, limits.requestsPerSecondPerAddress * 2.0),
      m_userLimiter(limits.requestsPerSecondPerUser, limits.requestsPerSecondPerUser * 2.0)
{
    m_server.setMissingHandler(&m_server, [this](const QHttpServerRequest &request, QHttpServerResponder &responder) {
        const QString id = newRequestId();
        responder.sendResponse(toResponse(makeError(ErrorCode::NotFound, u"no such endpoint: "_s + request.url().path()), id));
    });
}

QByteArray ApiRouter::routeLabel(QHttpServerRequest::Method method, const QString &path)
{
    const char *name = method == QHttpServerRequest::Method::Get      ? "GET"
                       : method == QHttpServerRequest::Method::Post   ? "POST"
                       : method == QHttpServerRequest::Method::Put    ? "PUT"
                       : method == QHttpServerRequest::Method::Delete ? "DELETE"
                       : method == QHttpServerRequest::Method::Patch  ? "PATCH"
                       : method == QHttpServerRequest::Method::Head   ? "HEAD"
                                                                      : "OTHER";
    return QByteArray(name) + ' ' + path.toUtf8();
}

void ApiRouter::count(const QByteArray &route, int status) const
{
    if (!m_metrics)
        return;
    m_metrics->httpRequests.add(labelSet({{"route", route}, {"status", QByteArray::number(status)}}));
    if (status == 401) // refused credentials, whatever the code (unauthorized, invalid_credentials, ...)
        m_metrics->authFailures.add(labelSet({{"via", "http"}}));
    else if (status == 429)
        m_metrics->rateLimited.add(labelSet({{"via", "http"}}));
}

QFuture<ApiResult> ApiRouter::ready(ApiResult result)
{
    return QtFuture::makeReadyValueFuture(std::move(result));
}

void ApiRouter::add(QHttpServerRequest::Method method, const QString &path, Access access, ApiHandler handler)
{
    const auto captures = path.count(u"<arg>"_s);
    const QByteArray route = routeLabel(method, path);
    if (captures == 0) {
        m_server.route(path, method, [this, access, handler, route](const QHttpServerRequest &request) {
            return dispatch(request, {}, access, handler, route);
        });
    } else if (captures == 1) {
        m_server.route(path, method, [this, access, handler, route](const QString &a, const QHttpServerRequest &request) {
            return dispatch(request, {a}, access, handler, route);
        });
    } else {
        m_server.route(path, method,
                       [this, access, handler, route](const QString &a, const QString &b, const QHttpServerRequest &request) {
                           return dispatch(request, {a, b}, access, handler, route);
                       });
    }
}

void ApiRouter::addRaw(QHttpServerRequest::Method method, const QString &path, Access access, RawHandler handler)
{
    const auto captures = path.count(u"<arg>"_s);
    const QByteArray route = routeLabel(method, path);
    if (captures == 0) {
        m_server.route(path, method, [this, access, handler, route](const QHttpServerRequest &request,
                                                             QHttpServerResponder &responder) {
            dispatchRaw(request, {}, access, handler, responder, route);
        });
    } else if (captures == 1) {
        m_server.route(path, method, [this, access, handler, route](const QString &a, const QHttpServerRequest &request,
                                                             QHttpServerResponder &responder) {
            dispatchRaw(request, {a}, access, handler, responder, route);
        });
    } else {
        m_server.route(path, method, [this, access, handler, route](const QString &a, const QString &b,
                                                             const QHttpServerRequest &request,
                                                             QHttpServerResponder &responder) {
            dispatchRaw(request, {a, b}, access, handler, responder, route);
        });
    }
}

void ApiRouter::admit(const QHttpServerRequest &request, QStringList args, Access access, bool raw,
                      std::function<void(const ApiRequest &)> run, std::function<void(const Error &)> fail)
{
    ApiRequest api;
    api.requestId = newRequestId();
    api.args = std::move(args);
    api.query = request.query();
    api.clientAddress = request.remoteAddress().toString();
    api.userAgent = QString::fromUtf8(request.value("User-Agent").left(256));

    if (int retry = m_addressLimiter.acquire(api.clientAddress); retry > 0)
        return fail(rateLimited(retry, u"too many requests"_s));
    const QByteArray rawBody = request.body();
    const qint64 maxBody = raw ? m_limits.maxRawBodyBytes : m_limits.maxBodyBytes;
    if (rawBody.size() > maxBody)
        return fail(makeError(ErrorCode::PayloadTooLarge, QStringLiteral("request body exceeds %1 bytes").arg(maxBody)));
    if (raw) {
        api.rawBody = rawBody;
        api.headers = request.headers();
    } else if (!rawBody.trimmed().isEmpty()) {
        QJsonParseError parseError;
        const QJsonDocument doc = JsonText::parse(rawBody, &parseError);
        if (parseError.error != QJsonParseError::NoError || !doc.isObject())
            return fail(makeError(ErrorCode::InvalidJson, u"the request body must be a JSON object"_s));
        api.body = doc.object();
    }
    // One rule for every string a client sends, before any route sees it (see TextRules).
    if (auto text = TextRules::checkJson(api.body); !text)
        return fail(text.error());
    for (const auto &[key, value] : api.query.queryItems(QUrl::FullyDecoded)) {
        auto text = TextRules::check(u"query key"_s, key);
        if (text)
            text = TextRules::check(key.left(64), value);
        if (!text)
            return fail(text.error());
    }
    const QByteArray authorization = request.value("Authorization");
    if (authorization.startsWith("Bearer "))
        api.bearerToken = QString::fromLatin1(authorization.mid(7).trimmed());
    api.context = &m_server;

    if (access == Access::Public)
        return run(api);
    if (api.bearerToken.isEmpty() || !m_authenticator)
        return fail(makeError(ErrorCode::Unauthorized, u"a valid bearer token is required"_s));
    m_authenticator->authenticate(api.bearerToken)
        .then(&m_server, [this, api, access, run, fail](const Result<Principal> &principal) mutable {
            if (!principal)
                return fail(principal.error());
            if (int retry = m_userLimiter.acquire(principal->userId); retry > 0)
                return fail(rateLimited(retry, QStringLiteral("too many requests; retry in %1 s").arg(retry)));
            if (!roleAllows(access, principal->role))
                return fail(makeError(ErrorCode::Forbidden, u"your role does not allow this"_s));
            api.principal = principal.value();
            run(api);
        })
        .onCanceled(&m_server, [fail] { fail(makeError(ErrorCode::Internal, u"the request was cancelled"_s)); });
}

QFuture<QHttpServerResponse> ApiRouter::dispatch(const QHttpServerRequest &request, QStringList args, Access access,
                                                 const ApiHandler &handler, const QByteArray &route)
{
    m_inFlight.fetch_add(1);
    // Every continuation runs on this (the main) thread, through the QHttpServer as its context, and the answer
    // is one promise finished there. Continuations without a context ran on whichever database thread finished
    // the future, and one of them crashed banterd in QFutureInterfaceBase::reportStarted (the soak, with
    // .then().unwrap().then() across threads).
    auto promise = std::make_shared<QPromise<QHttpServerResponse>>();
    QFuture<QHttpServerResponse> answer = promise->future();
    promise->start();
    auto id = std::make_shared<QString>();
    auto finish = [this, id, promise, route](const ApiResult &result) {
        count(route, result ? result->status : int(ErrorStatus::statusFor(result.error().code)));
        promise->addResult(toResponse(result, *id));
        promise->finish();
        m_inFlight.fetch_sub(1);
    };
    admit(
        request, std::move(args), access, false,
        [this, handler, finish, id](const ApiRequest &api) {
            *id = api.requestId;
            handler(api).then(&m_server, finish).onCanceled(&m_server, [finish] {
                finish(makeError(ErrorCode::Internal, u"the request was cancelled"_s));
            });
        },
        [finish](const Error &e) { finish(e); });
    return answer;
}

void ApiRouter::dispatchRaw(const QHttpServerRequest &request, QStringList args, Access access,
                            const RawHandler &handler, QHttpServerResponder &responder, const QByteArray &route)
{
    m_inFlight.fetch_add(1);
    // The responder lives until the answer is written (QHttpServer reads the connection's next request only
    // then); a streamed answer keeps it until the stream is done.
    auto held = std::make_shared<QHttpServerResponder>(std::move(responder));
    auto id = std::make_shared<QString>();
    // A raw OPTIONS route (tus) answers browsers' preflights too: with the allowed methods and headers.
    const bool preflight = request.method() == QHttpServerRequest::Method::Options
                           && !request.value("Access-Control-Request-Method").isEmpty();
    auto finish = [this, id, held, route, preflight, origin = request.value("Origin")](const RawResult &result) {
        count(route, result ? result->status : int(ErrorStatus::statusFor(result.error().code)));
        sendRaw(held, result, *id, origin, preflight);
        m_inFlight.fetch_sub(1);
    };
    admit(
        request, std::move(args), access, true,
        [this, handler, finish, id](const ApiRequest &api) {
            *id = api.requestId;
            handler(api).then(&m_server, finish).onCanceled(&m_server, [finish] {
                finish(makeError(ErrorCode::Internal, u"the request was cancelled"_s));
            });
        },
        [finish](const Error &e) { finish(e); });
}

void ApiRouter::sendRaw(const std::shared_ptr<QHttpServerResponder> &held, const RawResult &result,
                        const QString &requestId, const QByteArray &origin, bool preflight) const
{
    QHttpServerResponder &responder = *held;
    if (!result) {
        QHttpServerResponse response = toResponse(result.error(), requestId);
        if (m_cors) {
            QHttpHeaders headers = response.headers();
            m_cors->decorate(headers, origin);
            response.setHeaders(std::move(headers));
        }
        responder.sendResponse(response);
        return;
    }
    QHttpHeaders headers = result->headers;
    if (m_cors && preflight)
        m_cors->preflight(headers, origin);
    else if (m_cors)
        m_cors->decorate(headers, origin);
    headers.append("X-Request-Id", requestId.toLatin1());
    if (!headers.contains(QHttpHeaders::WellKnownHeader::CacheControl))
        headers.append(QHttpHeaders::WellKnownHeader::CacheControl, "no-store");
    if (!headers.contains("X-Content-Type-Options"))
        headers.append("X-Content-Type-Options", "nosniff");
    const auto status = QHttpServerResponder::StatusCode(result->status);
    if (result->openStream) {
        QIODevice *device = result->openStream();
        // QHttpServer reads the device as the socket drains and deletes it at the end. The responder lives as
        // long as the device: until then the connection's next request waits (its answer would interleave).
        QObject::connect(device, &QObject::destroyed, device, [held] { (void)held; });
        responder.write(device, headers, status);
        return;
    }
    headers.removeAll(QHttpHeaders::WellKnownHeader::ContentLength); // the responder writes it for a body
    responder.write(result->body, headers, status);
}

QHttpServerResponse ApiRouter::toResponse(const ApiResult &result, const QString &requestId) const
{
    QHttpServerResponse response = [&] {
        if (!result) {
            const auto status = ErrorStatus::statusFor(result.error().code);
            if (status == QHttpServerResponse::StatusCode::InternalServerError)
                qCWarning(lcHttp) << "request" << requestId << "failed:" << result.error().code << result.error().message;
            return QHttpServerResponse(ErrorStatus::body(result.error(), requestId, m_limits.devMode), status);
        }
        if (result->noContent)
            return QHttpServerResponse(QHttpServerResponse::StatusCode::NoContent);
        return QHttpServerResponse(result->body, QHttpServerResponse::StatusCode(result->status));
    }();
    QHttpHeaders headers = response.headers();
    headers.replaceOrAppend(QHttpHeaders::WellKnownHeader::CacheControl, "no-store");
    headers.append("X-Request-Id", requestId.toLatin1());
    headers.append("X-Content-Type-Options", "nosniff");
    if (!result && result.error().retryAfterSeconds > 0)
        headers.append("Retry-After", QByteArray::number(result.error().retryAfterSeconds));
    response.setHeaders(std::move(headers));
    return response;
}

} // namespace Banter::Server
