#include "http/CorsRoutes.h"

#include "http/CorsPolicy.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace Banter::Server::CorsRoutes {

void install(QHttpServer &server, const CorsPolicy &cors)
{
    server.route(u"/<arg>"_s, QHttpServerRequest::Method::Options, [&cors](const QUrl &, const QHttpServerRequest &request) {
        QHttpHeaders headers;
        if (!cors.preflight(headers, request.value("Origin"))) {
            QHttpServerResponse refused(
                QJsonObject{{u"error"_s, QJsonObject{{u"code"_s, u"forbidden"_s}, {u"message"_s, u"origin not allowed"_s}}}},
                QHttpServerResponse::StatusCode::Forbidden);
            return refused;
        }
        QHttpServerResponse ok(QHttpServerResponse::StatusCode::NoContent);
        ok.setHeaders(std::move(headers));
        return ok;
    });
    server.addAfterRequestHandler(&server, [&cors](const QHttpServerRequest &request, QHttpServerResponse &response) {
        if (!cors.configured())
            return;
        QHttpHeaders headers = response.headers();
        if (headers.contains(QHttpHeaders::WellKnownHeader::AccessControlAllowOrigin))
            return; // a preflight
        cors.decorate(headers, request.value("Origin"));
        response.setHeaders(std::move(headers));
    });
}

} // namespace Banter::Server::CorsRoutes
