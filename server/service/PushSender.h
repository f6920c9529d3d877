#pragma once

#include "crypto/WebPushCrypto.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>
#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QMutex>
#include <QString>
#include <chrono>
#include <functional>
#include <optional>

class QUrl;

namespace Banter::Server {

struct PushSenderSettings
{
    QString subject;                    // the VAPID "sub": a mailto: or https: URI reaching the operator
    bool allowPrivateAddresses = false; // --dev: http to loopback, and private addresses, allowed (tests)
    std::chrono::milliseconds timeout{10000}; // per request, all of it: connect, TLS, send, answer
    int maxConcurrent = 32; // requests in flight at once per send() call (and connections per host)
    // Resolves a host name to its addresses (empty: it does not resolve); called by the threads in send(),
    // possibly at once. Unset: the system's resolver (QHostInfo::fromName). Tests point names of theirs at
    // loopback with it.
    std::function<QList<QHostAddress>(const QString &host)> resolver;
};

struct PushRequest
{
    QString endpoint;     // https URL (http only with allowPrivateAddresses, to loopback)
    QByteArray p256dh;    // the subscription's key: a 65-byte uncompressed P-256 point
    QByteArray auth;      // the subscription's auth secret: 16 bytes
    QByteArray plaintext; // the JSON payload, encrypted here
    int ttlSecs = 86400;  // TTL header (RFC 8030 §5.2)
    QString urgency = QStringLiteral("normal"); // Urgency header: very-low, low, normal or high (§5.3)
    QString topic; // Topic header when set (§5.4): at most 32 base64url characters
};

struct PushResult
{
    enum class Kind {
        Delivered, // 2xx (201 normally)
        Gone,      // 404 or 410: the subscription is dead, the caller deletes it
        Retry,    // 429, 5xx, a timeout, a connection, DNS or TLS error; retryAfter from a Retry-After header
        Rejected, // any other answer (3xx, 400, 401, 403, 413...), or refused here before sending (not https,
                  // a non-public address, a payload too large, a bad key): it is never going to work
    };
    Kind kind = Kind::Retry;
    int status = 0; // the HTTP status, 0 when there was none
    std::optional<std::chrono::milliseconds> retryAfter;
    QString error; // why, for Retry and Rejected; never the endpoint (it is a capability)
};

// The HTTP half of Web Push delivery (issue #12): encrypts each payload for its subscription (RFC 8291),
// signs VAPID tokens (RFC 8292, one per push service origin, reused for hours) and POSTs to the endpoints
// (RFC 8030) over HTTP/1.1 keep-alive connections.
//
// Endpoints are URLs that users gave us, so they are checked against server-side request forgery: https only
// and no name resolving to a loopback, private, link-local, multicast or otherwise non-public address (unless
// allowPrivateAddresses). The request then goes to the very address that was checked (the URL carries it, the
// Host header and the TLS peer name the original host), so a DNS answer changed in between (rebinding) cannot
// point it elsewhere. Redirects are not followed and no proxy is used.
//
// send() blocks, and may be called from several threads at once, threads without a Qt event loop included
// (job-runner std::threads): the requests go out through PushHttpClient, over keep-alive connections that belong
// to the calling thread and are reused from one call to the next.
class PushSender
{
public:
    PushSender(P256KeyPair vapid, PushSenderSettings settings);

    // Sends every request, up to maxConcurrent at once; results are in the order of the requests.
    QList<PushResult> send(const QList<PushRequest> &requests);

    // Closes the calling thread's kept-alive connections, if it has any. Threads that call
    // send() and end before the QCoreApplication does need not call it (it happens when they end); one that
    // outlives the application (the main thread) calls it before the application goes.
    static void releaseThreadResources();

    // Whether a push endpoint may resolve to the address outside --dev: not loopback, private (RFC 1918,
    // CGNAT 100.64/10, unique local fc00::/7), link-local, multicast, unspecified, reserved or documentation
    // space, nor an IPv6 address embedding such an IPv4 one (IPv4-mapped or -compatible, NAT64 64:ff9b::/96,
    // 6to4).
    static bool isPublicAddress(const QHostAddress &address);
    // A Retry-After value (RFC 9110 §10.2.3): delay seconds or an HTTP date; nullopt when it is neither.
    static std::optional<std::chrono::milliseconds> parseRetryAfter(QByteArrayView value,
                                                                    const QDateTime &now);

private:
    struct Prepared;
    struct Target;

    // Everything up to the HTTP request: checks, resolution, encryption, the Authorization header. Returns
    // the result when the request is refused here instead.
    std::optional<PushResult> prepare(const PushRequest &push, Prepared &out);
    std::optional<PushResult> resolveTarget(const QUrl &url, Target &out);
    std::optional<QList<QHostAddress>> lookUp(const QString &host);
    Result<QString> authorization(const QString &audience);

    P256KeyPair m_vapid;
    PushSenderSettings m_settings;

    struct VapidToken
    {
        QString header;
        qint64 expiresAtSecs = 0;
    };
    QMutex m_vapidMutex;
    QHash<QString, VapidToken> m_vapidTokens; // by audience, scheme://host[:port]

    struct DnsAnswer
    {
        QList<QHostAddress> addresses;
        std::chrono::steady_clock::time_point expires;
    };
    QMutex m_dnsMutex;
    QHash<QString, DnsAnswer> m_dns; // by host name
};

} // namespace Banter::Server
