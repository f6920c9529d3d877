#include "http/StaticRoutes.h"

#include "http/ApiRouter.h"

#include <QFile>
#include <QHttpServer>
#include <QHttpServerResponse>
#include <QJsonDocument>

using namespace Qt::StringLiterals;
using Method = QHttpServerRequest::Method;

namespace Banter::Server::StaticRoutes {

namespace {

QByteArray contentType(const QString &name)
{
    if (name.endsWith(".html"_L1))
        return "text/html; charset=utf-8";
    if (name.endsWith(".js"_L1))
        return "text/javascript; charset=utf-8"; // browsers refuse module scripts of any other type
    if (name.endsWith(".css"_L1))
        return "text/css; charset=utf-8";
    return "application/octet-stream";
}

QHttpServerResponse appFile(const QString &name)
{
    // Names are one path segment of letters, digits, dots and dashes: nothing outside :/web/app/ is reachable.
    static const QRegularExpression safe(u"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"_s);
    QFile file(u":/web/app/"_s + name);
    if (!safe.match(name).hasMatch() || !file.open(QIODevice::ReadOnly))
        return QHttpServerResponse(QJsonObject{{u"error"_s, QJsonObject{{u"code"_s, u"not_found"_s},
                                                                         {u"message"_s, u"no such file"_s}}}},
                                   QHttpServerResponse::StatusCode::NotFound);
    QHttpServerResponse response(contentType(name), file.readAll());
    QHttpHeaders headers = response.headers();
    headers.append(QHttpHeaders::WellKnownHeader::CacheControl, "no-cache");
    headers.append("X-Content-Type-Options", "nosniff");
    headers.append("Referrer-Policy", "no-referrer");
    headers.append("Content-Security-Policy",
                   "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; "
                   "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
    response.setHeaders(std::move(headers));
    return response;
}

} // namespace

void registerOn(QHttpServer &server, ApiRouter &router)
{
    server.route(u"/app"_s, Method::Get, [] {
        QHttpServerResponse moved(QHttpServerResponse::StatusCode::MovedPermanently);
        QHttpHeaders headers;
        headers.append(QHttpHeaders::WellKnownHeader::Location, "/app/");
        moved.setHeaders(std::move(headers));
        return moved;
    });
    server.route(u"/app/"_s, Method::Get, [] { return appFile(u"index.html"_s); });
    server.route(u"/app/<arg>"_s, Method::Get, [](const QString &name) { return appFile(name); });

    router.add(Method::Get, u"/api/openapi.json"_s, Access::Public, [](const ApiRequest &) {
        static const QJsonObject document = [] {
            QFile file(u":/openapi/openapi.json"_s);
            return file.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(file.readAll()).object() : QJsonObject();
        }();
        if (document.isEmpty())
            return ApiRouter::ready(makeError(ErrorCode::Internal, u"the API description is missing from this build"_s));
        return ApiRouter::ready(ApiReply::ok(document));
    });
}

} // namespace Banter::Server::StaticRoutes
