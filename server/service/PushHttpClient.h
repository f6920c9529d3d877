#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QString>

#include <chrono>
#include <utility>

namespace Banter::Server {

// One HTTP/1.1 POST, its head already written (request line and headers, without Content-Length, which is
// added), to an address that was checked (PushSender pins it).
struct HttpPost
{
    bool tls = false;
    QHostAddress address;
    quint16 port = 0;
    QString verifyName; // TLS: the name for SNI and certificate verification (empty: the address)
    QByteArray head;    // "POST /path HTTP/1.1\r\nHost: ...\r\n...": every header line, each ending in \r\n
    QByteArray body;
    // > 0: the answer's body (up to this many bytes, else the answer is malformed) and header lines are kept in
    // HttpAnswer (OIDC discovery, JWKS and token requests read them); 0: read and dropped, as pushes need.
    qint64 keepResponseBytes = 0;
};

struct HttpAnswer
{
    int status = 0; // 0: no answer (error says why)
    QByteArray retryAfter;
    QString error;
    // With keepResponseBytes only: the body (chunked transfer coding removed) and the header lines, names in
    // lower case, in order.
    QByteArray body;
    QList<std::pair<QByteArray, QByteArray>> headers;
};

// The transport of Web Push delivery (and of OIDC's fetches, see OidcHttp): HTTP/1.1 requests (POSTs for pushes) over keep-alive connections that belong to the calling
// thread (a job-runner thread), run in a local event loop on that thread. QNetworkAccessManager did the same work
// with a thread hop, a reply object and signals per request: 0.6 ms of CPU per push (BENCHMARKS.md), most of the
// cost of a push. Response bodies are read and dropped (at most 64 KiB; a push service says little). A kept-alive
// connection that turns out closed before any answer came is retried once on a fresh one.
class PushHttpClient
{
public:
    // Blocking: every post, at most `width` at once, each bounded by `timeout` as a whole. Index-aligned answers.
    static QList<HttpAnswer> post(const QList<HttpPost> &posts, int width, std::chrono::milliseconds timeout);
    // Closes the calling thread's kept-alive connections.
    static void releaseThreadConnections();
};

} // namespace Banter::Server
