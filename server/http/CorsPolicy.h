#pragma once

#include <QByteArray>
#include <QHttpHeaders>
#include <QSet>
#include <QStringList>

namespace Banter::Server {

// Which web origins may use banterd from a browser (--allowed-origins). With no list (the default) banterd
// sends no CORS headers and does not look at Origin: browsers then allow only same-origin pages, and
// non-browser clients never send Origin. With a list, responses to a listed origin carry
// Access-Control-Allow-Origin (and preflights the allowed methods and headers), and a WebSocket upgrade or a
// polling handshake from an origin outside the list is refused with 403: a page elsewhere cannot open a
// socket in its visitor's name. "*" (only with --dev) allows every origin. Requests without an Origin header
// are not browser cross-origin requests and pass. Immutable after construction; thread-safe.
class CorsPolicy
{
public:
    CorsPolicy() = default;
    explicit CorsPolicy(const QStringList &allowedOrigins);

    bool configured() const { return m_any || !m_origins.isEmpty(); }
    // banterd's own origin(s), added once the port is known (before serving): its web client at /app/ must pass
    // the Origin checks when a list is configured. Nothing changes while no list is configured.
    void allowOwn(const QStringList &origins);
    // False only when a list is configured, the request has an Origin, and it is not in the list.
    bool permits(QByteArrayView origin) const;
    // CORS headers for an answer to a request from origin (nothing when it is not allowed or absent).
    void decorate(QHttpHeaders &headers, QByteArrayView origin) const;
    // The answer to a preflight (OPTIONS with Access-Control-Request-Method): headers, or false if refused.
    bool preflight(QHttpHeaders &headers, QByteArrayView origin) const;

    // "https://chat.example.com" style: scheme, host and optional port; "*" alone. Else the offending entry.
    static std::optional<QString> invalidEntry(const QStringList &allowedOrigins);

private:
    bool allows(QByteArrayView origin) const;
    bool m_any = false;
    QSet<QByteArray> m_origins;
};

} // namespace Banter::Server
