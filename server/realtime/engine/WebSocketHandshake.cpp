#include "realtime/engine/WebSocketHandshake.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

bool hasToken(const QByteArray &list, const QByteArray &token)
{
    for (const QByteArray &part : list.split(',')) // a header list: "keep-alive, Upgrade"
        if (part.trimmed().compare(token, Qt::CaseInsensitive) == 0)
            return true;
    return false;
}

QByteArray response(int status, QByteArrayView phrase, const QJsonObject &body)
{
    const QByteArray json = QJsonDocument(body).toJson(QJsonDocument::Compact);
    QByteArray r = "HTTP/1.1 " + QByteArray::number(status) + ' ' + phrase.toByteArray() + "\r\n";
    r += "Content-Type: application/json\r\nCache-Control: no-store\r\nConnection: close\r\n";
    r += "Content-Length: " + QByteArray::number(json.size()) + "\r\n\r\n" + json;
    return r;
}

// Banter's REST error shape, for a request that is not a WebSocket handshake Banter can take.
QByteArray apiError(int status, QByteArrayView phrase, const QString &code, const QString &message)
{
    return response(status, phrase, {{u"error"_s, QJsonObject{{u"code"_s, code}, {u"message"_s, message}}}});
}

// Engine.IO's own error shape, which Socket.IO clients read on the Engine.IO path.
QByteArray engineError(int code, const QString &message)
{
    return response(400, "Bad Request", {{u"code"_s, code}, {u"message"_s, message}});
}

} // namespace

std::optional<qsizetype> WebSocketHandshake::headLength(QByteArrayView bytes)
{
    const qsizetype end = bytes.indexOf(QByteArrayView("\r\n\r\n"));
    if (end < 0)
        return std::nullopt;
    return end + 4;
}

std::optional<WebSocketHandshake::Request> WebSocketHandshake::parse(QByteArrayView head)
{
    QList<QByteArray> lines;
    for (qsizetype from = 0; from < head.size();) {
        qsizetype end = head.indexOf(QByteArrayView("\r\n"), from);
        if (end < 0)
            end = head.size();
        lines.append(head.sliced(from, end - from).toByteArray());
        from = end + 2;
    }
    if (lines.isEmpty())
        return std::nullopt;
    const QList<QByteArray> requestLine = lines.first().split(' ');
    if (requestLine.size() != 3 || !requestLine[2].startsWith("HTTP/1."))
        return std::nullopt;
    Request r;
    r.method = requestLine[0];
    r.url = QUrl::fromEncoded(requestLine[1], QUrl::StrictMode);
    if (!r.url.isValid() || !requestLine[1].startsWith('/'))
        return std::nullopt;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        if (lines[i].isEmpty())
            continue;
        const qsizetype colon = lines[i].indexOf(':');
        if (colon <= 0)
            return std::nullopt;
        const QByteArray name = lines[i].first(colon).trimmed().toLower();
        const QByteArray value = lines[i].sliced(colon + 1).trimmed();
        auto it = r.headers.find(name);
        if (it == r.headers.end())
            r.headers.insert(name, value);
        else
            *it += ", " + value;
    }
    return r;
}

std::optional<std::optional<WebSocketHandshake::Request>> WebSocketHandshake::take(QIODevice &device)
{
    const QByteArray buffered = device.peek(device.bytesAvailable());
    const auto length = headLength(buffered);
    if (!length)
        return std::nullopt;
    auto request = parse(QByteArrayView(buffered).first(*length));
    device.skip(*length);
    return request;
}

QByteArray WebSocketHandshake::acceptKey(QByteArrayView clientKey)
{
    return QCryptographicHash::hash(clientKey.toByteArray() + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11",
                                    QCryptographicHash::Sha1)
        .toBase64();
}

WebSocketHandshake::Outcome WebSocketHandshake::refusal(int status, QByteArrayView reason, const QString &code,
                                                        const QString &message)
{
    return {false, apiError(status, reason, code, message)};
}

WebSocketHandshake::Outcome WebSocketHandshake::answer(const std::optional<Request> &request, QStringView endpointPath)
{
    if (!request)
        return {false, apiError(400, "Bad Request", u"invalid_request"_s, u"malformed WebSocket handshake"_s)};
    const QString path = request->url.path();
    if (path != endpointPath && path != endpointPath.chopped(1))
        return {false, apiError(404, "Not Found", u"not_found"_s, u"no WebSocket endpoint at this path"_s)};
    const QUrlQuery query(request->url);
    if (query.queryItemValue(u"EIO"_s) != "4"_L1)
        return {false, engineError(5, u"Unsupported protocol version"_s)};
    if (query.queryItemValue(u"transport"_s) != "websocket"_L1)
        return {false, engineError(0, u"Transport unknown"_s)};
    if (request->method != "GET")
        return {false, engineError(2, u"Bad handshake method"_s)};
    const QByteArray key = request->header("sec-websocket-key");
    const bool keyValid = QByteArray::fromBase64Encoding(key, QByteArray::AbortOnBase64DecodingErrors).decoded.size()
        == 16;
    if (!hasToken(request->header("upgrade"), "websocket") || !hasToken(request->header("connection"), "upgrade")
        || !keyValid)
        return {false, engineError(3, u"Bad request"_s)};
    if (request->header("sec-websocket-version") != "13") // RFC 6455 §4.4: say which version we speak
        return {false, "HTTP/1.1 426 Upgrade Required\r\nSec-WebSocket-Version: 13\r\nContent-Length: 0\r\n"
                       "Connection: close\r\n\r\n"};
    QByteArray ok = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n";
    ok += "Sec-WebSocket-Accept: " + acceptKey(key) + "\r\n\r\n";
    return {true, ok};
}

} // namespace Banter::Server
