#pragma once

#include <banter/Result.h>

#include <QByteArray>
#include <QList>
#include <QUrl>

#include <chrono>
#include <utility>

namespace Banter::Server {

struct OidcHttpResponse
{
    int status = 0;
    QByteArray body;
    QList<std::pair<QByteArray, QByteArray>> headers; // names in lower case

    QByteArray header(QByteArrayView name) const;
};

// The outbound HTTP of OpenID Connect: discovery documents, JWKS and the token endpoint, over PushHttpClient (our
// own HTTP/1.1 client: keep-alive connections of the calling thread, no proxy, redirects not followed). Blocking:
// called on the "oidc" WorkerPool's threads only, never on a socket or HTTP thread. https only; with devMode
// also http to a loopback address (tests start a provider on 127.0.0.1). A host name is resolved once and the
// request goes to that address (the TLS peer name and Host header carry the name), as PushSender does.
class OidcHttp
{
public:
    OidcHttp(bool devMode, std::chrono::milliseconds timeout) : m_devMode(devMode), m_timeout(timeout) {}

    // Error code unavailable (unreachable, timed out, malformed answer) or validation_failed (a URL we may not
    // fetch). Any status is an answer; the caller judges it.
    Result<OidcHttpResponse> get(const QUrl &url) const;
    // form is application/x-www-form-urlencoded (formEncode); authorization the whole Authorization header value
    // (or empty).
    Result<OidcHttpResponse> postForm(const QUrl &url, const QByteArray &form, const QByteArray &authorization) const;

    // name=value&... with every byte outside the unreserved set percent-encoded (also '+', which form decoders
    // would read as a space): for form bodies, query strings and URL fragments.
    static QByteArray formEncode(const QList<std::pair<QString, QString>> &fields);

    // Whether url may be fetched: https, or (devMode) http to 127.0.0.1 or ::1.
    static bool allowed(const QUrl &url, bool devMode);
    bool devMode() const { return m_devMode; }

private:
    Result<OidcHttpResponse> request(const QUrl &url, const QByteArray &method, const QByteArray &extraHeaders,
                                     const QByteArray &body) const;

    bool m_devMode;
    std::chrono::milliseconds m_timeout;
};

} // namespace Banter::Server
