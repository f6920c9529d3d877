#include "http/CorsPolicy.h"

#include <QUrl>

using namespace Qt::StringLiterals;

namespace Banter::Server {

namespace {
// Preflights may be cached for ten minutes (Chromium's cap is two hours, Firefox's a day).
constexpr QByteArrayView MaxAge = "600";
constexpr QByteArrayView Methods = "GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS";
constexpr QByteArrayView Headers = "Authorization, Content-Type, If-None-Match, Range, Tus-Resumable, Upload-Length, "
                                   "Upload-Offset, Upload-Metadata, Upload-Defer-Length, Upload-Concat";
constexpr QByteArrayView Exposed = "ETag, Content-Range, Retry-After, X-Request-Id, Location, Tus-Resumable, Upload-Offset, "
                                   "Upload-Length, Banter-Media-Id";
} // namespace

CorsPolicy::CorsPolicy(const QStringList &allowedOrigins)
{
    for (const QString &o : allowedOrigins) {
        if (o == "*"_L1)
            m_any = true;
        else if (!o.isEmpty())
            m_origins.insert(o.toLatin1().toLower());
    }
}

std::optional<QString> CorsPolicy::invalidEntry(const QStringList &allowedOrigins)
{
    for (const QString &o : allowedOrigins) {
        if (o == "*"_L1)
            continue;
        const QUrl url(o, QUrl::StrictMode);
        if (!url.isValid() || (url.scheme() != "http"_L1 && url.scheme() != "https"_L1) || url.host().isEmpty()
            || !url.path().isEmpty() || url.hasQuery() || url.hasFragment() || !url.userInfo().isEmpty())
            return o;
    }
    return std::nullopt;
}

void CorsPolicy::allowOwn(const QStringList &origins)
{
    if (!configured())
        return;
    for (const QString &o : origins)
        m_origins.insert(o.toLatin1().toLower());
}

bool CorsPolicy::allows(QByteArrayView origin) const
{
    return !origin.isEmpty() && (m_any || m_origins.contains(origin.toByteArray().toLower()));
}

bool CorsPolicy::permits(QByteArrayView origin) const
{
    return !configured() || origin.isEmpty() || allows(origin);
}

void CorsPolicy::decorate(QHttpHeaders &headers, QByteArrayView origin) const
{
    if (!allows(origin))
        return;
    headers.replaceOrAppend(QHttpHeaders::WellKnownHeader::AccessControlAllowOrigin, origin);
    headers.replaceOrAppend(QHttpHeaders::WellKnownHeader::AccessControlExposeHeaders, Exposed);
    headers.append(QHttpHeaders::WellKnownHeader::Vary, "Origin");
}

bool CorsPolicy::preflight(QHttpHeaders &headers, QByteArrayView origin) const
{
    if (!allows(origin))
        return false;
    decorate(headers, origin);
    headers.replaceOrAppend(QHttpHeaders::WellKnownHeader::AccessControlAllowMethods, Methods);
    headers.replaceOrAppend(QHttpHeaders::WellKnownHeader::AccessControlAllowHeaders, Headers);
    headers.replaceOrAppend(QHttpHeaders::WellKnownHeader::AccessControlMaxAge, MaxAge);
    return true;
}

} // namespace Banter::Server
