#pragma once

#include <QByteArray>
#include <QHash>
#include <QIODevice>
#include <QUrl>

#include <optional>

namespace Banter::Server {

// The opening handshake of a WebSocket on the Socket.IO path (RFC 6455 §4.2), done by banterd itself: the
// request head as HttpGuard handed it over (already within the HTTP size limits), checked, and answered with
// 101 Switching Protocols or an error response. No I/O.
class WebSocketHandshake
{
public:
    struct Request
    {
        QByteArray method;
        QUrl url;
        QHash<QByteArray, QByteArray> headers; // names lower-case; repeated headers joined with ", "
        QByteArray header(const QByteArray &lowerName) const { return headers.value(lowerName); }
    };
    struct Outcome
    {
        bool accepted = false;
        QByteArray response; // what to write: the 101, or a complete error response (then close)
    };

    // Takes the request head off the front of a device whose buffer holds it complete (HttpGuard saw to that),
    // leaving the client's first frames behind it unread. nullopt: no complete head (the caller drops the
    // connection); an empty inner optional: a head that does not parse (answer() refuses it).
    static std::optional<std::optional<Request>> take(QIODevice &device);
    // The length of the head at the start of bytes (through the blank line), or nullopt if incomplete.
    static std::optional<qsizetype> headLength(QByteArrayView bytes);
    static std::optional<Request> parse(QByteArrayView head);
    // Judges a parsed request for the endpoint at endpointPath (/socket.io/?EIO=4&transport=websocket).
    static Outcome answer(const std::optional<Request> &request, QStringView endpointPath = u"/socket.io/");
    // A refusal with our JSON error body, e.g. 403 for an origin outside the CORS list.
    static Outcome refusal(int status, QByteArrayView reason, const QString &code, const QString &message);
    static QByteArray acceptKey(QByteArrayView clientKey);
};

} // namespace Banter::Server
