#include "service/OidcHttp.h"

#include "service/PushHttpClient.h"
#include "service/ServiceLog.h"

#include <banter/ErrorCode.h>

#include <QHostInfo>

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

// Discovery documents and key sets are a few KiB (Google's JWKS is about 1.5 KiB); a token response carries
// tokens. Anything longer is not what we asked for.
constexpr qint64 MaxResponseBytes = 256 * 1024;

bool isLoopbackLiteral(const QString &host)
{
    return host == "127.0.0.1"_L1 || host == "::1"_L1 || host == "[::1]"_L1;
}

} // namespace

QByteArray OidcHttpResponse::header(QByteArrayView name) const
{
    for (const auto &[n, v] : headers)
        if (n == name)
            return v;
    return {};
}

bool OidcHttp::allowed(const QUrl &url, bool devMode)
{
    if (!url.isValid() || url.host().isEmpty() || !url.userInfo().isEmpty())
        return false;
    if (url.scheme() == "https"_L1)
        return true;
    return devMode && url.scheme() == "http"_L1 && isLoopbackLiteral(url.host());
}

Result<OidcHttpResponse> OidcHttp::get(const QUrl &url) const
{
    return request(url, "GET", "Accept: application/json\r\n", {});
}

QByteArray OidcHttp::formEncode(const QList<std::pair<QString, QString>> &fields)
{
    QByteArray out;
    for (const auto &[name, value] : fields) {
        if (!out.isEmpty())
            out += '&';
        out += QUrl::toPercentEncoding(name) + '=' + QUrl::toPercentEncoding(value);
    }
    return out;
}

Result<OidcHttpResponse> OidcHttp::postForm(const QUrl &url, const QByteArray &form, const QByteArray &authorization) const
{
    QByteArray headers = "Accept: application/json\r\nContent-Type: application/x-www-form-urlencoded\r\n";
    if (!authorization.isEmpty())
        headers += "Authorization: " + authorization + "\r\n";
    return request(url, "POST", headers, form);
}

Result<OidcHttpResponse> OidcHttp::request(const QUrl &url, const QByteArray &method, const QByteArray &extraHeaders,
                                           const QByteArray &body) const
{
    if (!allowed(url, m_devMode))
        return makeError(ErrorCode::ValidationFailed,
                         m_devMode ? u"not an https URL, nor http to 127.0.0.1: "_s + url.toDisplayString(QUrl::RemoveQuery)
                                   : u"not an https URL: "_s + url.toDisplayString(QUrl::RemoveQuery));
    const bool tls = url.scheme() == "https"_L1;
    const QString host = url.host(QUrl::FullyEncoded);
    HttpPost post;
    post.tls = tls;
    post.port = quint16(url.port(tls ? 443 : 80));
    post.keepResponseBytes = MaxResponseBytes;
    if (QHostAddress literal; literal.setAddress(host)) {
        post.address = literal;
    } else {
        // Resolved once, here: the connection goes to this address, so a changed DNS answer cannot move it.
        const QHostInfo info = QHostInfo::fromName(host);
        if (info.error() != QHostInfo::NoError || info.addresses().isEmpty())
            return makeError(ErrorCode::Unavailable, u"the provider's host name does not resolve: "_s + host);
        post.address = info.addresses().constFirst();
        post.verifyName = host;
    }
    QByteArray target = url.path(QUrl::FullyEncoded).toLatin1();
    if (target.isEmpty())
        target = "/";
    if (url.hasQuery())
        target += '?' + url.query(QUrl::FullyEncoded).toLatin1();
    const bool defaultPort = url.port() < 0 || url.port() == (tls ? 443 : 80);
    const QByteArray hostHeader = host.toLatin1() + (defaultPort ? QByteArray() : ':' + QByteArray::number(url.port()));
    post.head = method + ' ' + target + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nUser-Agent: banterd/" BANTER_VERSION
                "\r\n" + extraHeaders;
    post.body = body;
    const QList<HttpAnswer> answers = PushHttpClient::post({post}, 1, m_timeout);
    const HttpAnswer &a = answers.constFirst();
    if (a.status == 0 || !a.error.isEmpty()) {
        qCWarning(lcService) << "OIDC:" << method << url.toDisplayString(QUrl::RemoveQuery) << "failed:" << a.error;
        return makeError(ErrorCode::Unavailable, u"the provider could not be reached ("_s + a.error + u')');
    }
    return OidcHttpResponse{a.status, a.body, a.headers};
}

} // namespace Banter::Server
