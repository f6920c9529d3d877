#include "http/MetricsRoutes.h"

#include "crypto/CryptoService.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonObject>
#include <QTcpServer>

using namespace Qt::StringLiterals;

namespace Banter::Server {

namespace {

QHttpServerResponse exposition(const QByteArray &body)
{
    QHttpServerResponse response("text/plain; version=0.0.4; charset=utf-8", body);
    QHttpHeaders headers = response.headers();
    headers.append(QHttpHeaders::WellKnownHeader::CacheControl, "no-store");
    response.setHeaders(std::move(headers));
    return response;
}

QHttpServerResponse error(QHttpServerResponse::StatusCode status, const QString &code, const QString &message)
{
    return QHttpServerResponse(QJsonObject{{u"error"_s, QJsonObject{{u"code"_s, code}, {u"message"_s, message}}}}, status);
}

} // namespace

MetricsRoutes::MetricsRoutes(QHttpServer &publicServer, QByteArray token, Render render)
    : m_render(std::move(render)), m_token(std::move(token))
{
    publicServer.route(u"/metrics"_s, QHttpServerRequest::Method::Get, [this](const QHttpServerRequest &request) {
        if (m_token.isEmpty())
            return error(QHttpServerResponse::StatusCode::NotFound, u"not_found"_s,
                         u"metrics are not served on this port (see --metrics-address, --metrics-token)"_s);
        // An address over its refusals is refused before its token is compared, right or wrong: otherwise a
        // guesser would still learn from a 200 which guess was right, at line rate.
        const QString address = request.remoteAddress().toString();
        if (const int retryAfter = m_refusals.peek(address)) {
            QHttpServerResponse limited = error(QHttpServerResponse::StatusCode::TooManyRequests, u"rate_limited"_s,
                                                u"too many refused metrics requests; retry later"_s);
            QHttpHeaders headers = limited.headers();
            headers.append(QHttpHeaders::WellKnownHeader::RetryAfter, QByteArray::number(retryAfter));
            limited.setHeaders(std::move(headers));
            return limited;
        }
        const QByteArray authorization = request.value("Authorization");
        if (!authorization.startsWith("Bearer ") || !CryptoService::constantTimeEquals(authorization.mid(7).trimmed(), m_token)) {
            (void)m_refusals.acquire(address);
            QHttpServerResponse refused = error(QHttpServerResponse::StatusCode::Unauthorized, u"unauthorized"_s,
                                                u"a valid metrics token is required"_s);
            QHttpHeaders headers = refused.headers();
            headers.append(QHttpHeaders::WellKnownHeader::WWWAuthenticate, "Bearer");
            refused.setHeaders(std::move(headers));
            return refused;
        }
        return exposition(m_render());
    });
}

MetricsRoutes::~MetricsRoutes() = default;

bool MetricsRoutes::listen(const QHostAddress &address, quint16 port, QString *errorString)
{
    m_private = std::make_unique<QHttpServer>();
    m_private->route(u"/metrics"_s, QHttpServerRequest::Method::Get, [this] { return exposition(m_render()); });
    auto *tcp = new QTcpServer(m_private.get());
    if (!tcp->listen(address, port) || !m_private->bind(tcp)) {
        *errorString = tcp->errorString();
        m_private.reset();
        return false;
    }
    return true;
}

} // namespace Banter::Server
