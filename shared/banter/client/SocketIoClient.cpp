#include "banter/client/SocketIoClient.h"

#include "banter/ErrorCode.h"
#include "banter/client/ClientLog.h"
#include "banter/client/PollingChannel.h"
#include "banter/protocol/EnginePacket.h"
#include "banter/protocol/SocketPacket.h"

#include <QJsonDocument>
#include <QAbstractSocket>
#include <QRandomGenerator>
#include <QUrlQuery>
#include <QWebSocket>

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

using namespace Qt::StringLiterals;
using namespace Banter::Protocol;

namespace Banter::Client {

namespace {
// Until the open packet says otherwise: the WebSocket handshake plus the Engine.IO open must fit in this.
constexpr qint64 HandshakeTimeoutMs = 20000;
constexpr qint64 Never = std::numeric_limits<qint64>::max();

QJsonObject failure(const QString &code, const QString &message)
{
    return QJsonObject{{u"ok"_s, false}, {u"error"_s, QJsonObject{{u"code"_s, code}, {u"message"_s, message}}}};
}

QUrl engineUrl(const QUrl &server, bool webSocket)
{
    QUrl url = server;
    if (webSocket && url.scheme() == u"http"_s)
        url.setScheme(u"ws"_s);
    else if (webSocket && url.scheme() == u"https"_s)
        url.setScheme(u"wss"_s);
    else if (!webSocket && url.scheme() == u"ws"_s)
        url.setScheme(u"http"_s);
    else if (!webSocket && url.scheme() == u"wss"_s)
        url.setScheme(u"https"_s);
    if (url.path().isEmpty() || url.path() == u"/"_s)
        url.setPath(u"/socket.io/"_s);
    QUrlQuery query(url);
    query.removeAllQueryItems(u"EIO"_s);
    query.removeAllQueryItems(u"transport"_s);
    query.addQueryItem(u"EIO"_s, u"4"_s);
    query.addQueryItem(u"transport"_s, webSocket ? u"websocket"_s : u"polling"_s);
    url.setQuery(query);
    return url;
}
} // namespace

// The timer is a child so that moveToThread takes it along.
SocketIoClient::SocketIoClient(QObject *parent) : QObject(parent), m_timer(this)
{
    m_clock.start();
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &SocketIoClient::onTimer);
}

SocketIoClient::~SocketIoClient()
{
    // No callbacks from a destructor: whoever owns the callbacks may be half destroyed already.
    m_acks.clear();
    dropTransport();
}

void SocketIoClient::setAuth(const QJsonObject &auth)
{
    m_auth = auth;
}

void SocketIoClient::setNamespace(const QString &nsp)
{
    m_namespace = nsp.isEmpty() ? u"/"_s : nsp;
}

void SocketIoClient::setReconnect(bool enabled, int minDelayMs, int maxDelayMs)
{
    m_reconnect = enabled;
    m_minDelayMs = std::max(1, minDelayMs);
    m_maxDelayMs = std::max(m_minDelayMs, maxDelayMs);
}

void SocketIoClient::open(const QUrl &server)
{
    m_server = server;
    m_attempts = 0;
    startTransport();
}

void SocketIoClient::close()
{
    const bool wasConnected = m_state == State::Connected;
    if (wasConnected) {
        sendFrame(EnginePacket{EngineType::Message, SocketPacket{SocketType::Disconnect, m_namespace}.encode()}
                      .encode()); // Socket.IO DISCONNECT, as clients do
        // Written through now: dropTransport() aborts, which discards what Qt still buffers.
        if (m_socket) {
            m_socket->flush();
        } else if (m_polling) {
            PollingChannel *polling = std::exchange(m_polling, nullptr);
            polling->disconnect(this);
            polling->finish(); // deletes itself once the DISCONNECT is written
        }
    }
    m_state = State::Closed;
    m_timer.stop();
    dropTransport();
    m_sid.clear();
    failAcks(true, u"disconnected"_s, u"the client was closed"_s);
    m_sendBuffer.clear();
    if (wasConnected)
        emit disconnected(u"io client disconnect"_s);
}

bool SocketIoClient::isConnected() const
{
    return m_state == State::Connected;
}

QString SocketIoClient::sid() const
{
    return m_sid;
}

namespace {
QString eventPacket(const QString &nsp, const QString &name, const QJsonValue &payload, qint64 ackId)
{
    if (nsp == u"/"_s)
        return SocketPacket::event(name, payload, ackId);
    QJsonArray args{name};
    if (!payload.isUndefined())
        args.append(payload);
    return SocketPacket{SocketType::Event, nsp, ackId, 0, args}.encode();
}
} // namespace

void SocketIoClient::emitEvent(const QString &event, const QJsonValue &payload)
{
    send(eventPacket(m_namespace, event, payload, -1), -1);
}

void SocketIoClient::emitWithAck(const QString &event, const QJsonValue &payload, AckCallback onAck, int timeoutMs)
{
    const qint64 id = m_nextAckId++;
    const qint64 deadline = now() + std::max(0, timeoutMs);
    m_acks.insert(id, PendingAck{std::move(onAck), deadline, false});
    arm(deadline);
    send(eventPacket(m_namespace, event, payload, id), id);
}

void SocketIoClient::send(const QString &socketPacket, qint64 ackId)
{
    if (m_state == State::Closed || m_state == State::Idle) {
        if (ackId >= 0)
            finishAck(ackId, failure(u"disconnected"_s, u"the client is not open"_s));
        return;
    }
    // Engine.IO's maxPayload is counted in bytes; a UTF-16 length times 3 bounds the UTF-8 size, so the exact
    // count is only needed for packets near the limit.
    if (m_maxPayload > 0 && socketPacket.size() * 3 + 1 > m_maxPayload &&
        socketPacket.toUtf8().size() + 1 > m_maxPayload) {
        if (ackId >= 0) {
            finishAck(ackId, failure(QString(ErrorCode::PayloadTooLarge),
                                     u"packet larger than the server's maxPayload of %1 bytes"_s.arg(m_maxPayload)));
        }
        return;
    }
    if (m_state != State::Connected) {
        m_sendBuffer.append({socketPacket, ackId});
        return;
    }
    if (ackId >= 0) {
        auto it = m_acks.find(ackId);
        if (it != m_acks.end())
            it->sent = true;
    }
    sendFrame(u'4' + socketPacket);
}

void SocketIoClient::sendFrame(const QString &engineFrame)
{
    if (m_socket)
        m_socket->sendTextMessage(engineFrame);
    else if (m_polling)
        m_polling->send(engineFrame);
}

void SocketIoClient::startTransport()
{
    dropTransport();
    m_state = State::Opening;
    m_sid.clear();
    m_maxPayload = 0;
    m_lastReceived = now();
    m_silenceLimitMs = HandshakeTimeoutMs;
    arm(m_lastReceived + m_silenceLimitMs);

    if (m_transport == Transport::Polling) {
        m_polling = new PollingChannel(engineUrl(m_server, false), this);
        connect(m_polling, &PollingChannel::textReceived, this, &SocketIoClient::onTextMessage);
        connect(m_polling, &PollingChannel::lost, this, [this](const QString &reason) {
            onTransportLost(m_state == State::Opening ? u"transport error: "_s + reason : reason);
        });
        m_polling->open();
        return;
    }
    m_url = engineUrl(m_server, true);
    m_socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    connect(m_socket, &QWebSocket::connected, this, [this] {
        // QWebSocket offers no TCP_NODELAY switch; without it Nagle may hold a small frame back until the
        // server ACKs the previous one (up to its delayed-ACK timeout), which would show up as ack latency.
        // Its socket is a child QTcpSocket (QSslSocket for wss), reachable this way.
        if (auto *tcp = m_socket->findChild<QAbstractSocket *>())
            tcp->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        else
            qCWarning(lcClient) << "QWebSocket has no child socket: TCP_NODELAY not set";
    });
    connect(m_socket, &QWebSocket::textMessageReceived, this, &SocketIoClient::onTextMessage);
    connect(m_socket, &QWebSocket::binaryMessageReceived, this, [this] {
        m_lastReceived = now();
        qCWarning(lcClient) << "ignoring a binary frame: binary attachments are not supported";
    });
    connect(m_socket, &QWebSocket::disconnected, this, [this] {
        onTransportLost(m_state == State::Opening ? u"transport error: "_s + m_socket->errorString()
                                                  : u"transport close"_s);
    });
    connect(m_socket, &QWebSocket::errorOccurred, this, [this] {
        if (m_state == State::Opening)
            onTransportLost(u"transport error: "_s + m_socket->errorString());
    });
    m_socket->open(m_url);
}

void SocketIoClient::dropTransport()
{
    if (m_polling) {
        PollingChannel *polling = std::exchange(m_polling, nullptr);
        polling->disconnect(this);
        polling->deleteLater();
    }
    if (!m_socket)
        return;
    QWebSocket *socket = std::exchange(m_socket, nullptr);
    socket->disconnect(this);
    socket->abort();
    socket->deleteLater();
}

void SocketIoClient::onTextMessage(const QString &frame)
{
    m_lastReceived = now();
    auto packet = EnginePacket::decode(frame);
    if (!packet.ok()) {
        qCWarning(lcClient) << "closing: the server sent" << packet.error().message;
        onTransportLost(u"parse error"_s);
        return;
    }
    switch (packet->type) {
    case EngineType::Open:
        onEngineOpen(packet->data);
        break;
    case EngineType::Ping:
        sendFrame(EnginePacket{EngineType::Pong, packet->data}.encode());
        break;
    case EngineType::Close:
        onTransportLost(u"transport close"_s);
        break;
    case EngineType::Message:
        onSocketPacket(packet->data);
        break;
    case EngineType::Pong:
    case EngineType::Upgrade:
    case EngineType::Noop:
        break;
    }
}

void SocketIoClient::onEngineOpen(const QString &json)
{
    const QJsonObject open = QJsonDocument::fromJson(json.toUtf8()).object();
    const qint64 pingInterval = open.value(u"pingInterval"_s).toInteger(25000);
    const qint64 pingTimeout = open.value(u"pingTimeout"_s).toInteger(20000);
    m_silenceLimitMs = pingInterval + pingTimeout;
    m_maxPayload = open.value(u"maxPayload"_s).toInteger(0);
    m_state = State::Handshaking;
    arm(m_lastReceived + m_silenceLimitMs);
    const SocketPacket connectPacket{SocketType::Connect, m_namespace, -1, 0,
                                     m_auth.isEmpty() ? QJsonValue(QJsonValue::Undefined) : QJsonValue(m_auth)};
    sendFrame(u'4' + connectPacket.encode());
}

void SocketIoClient::onSocketPacket(const QString &text)
{
    auto decoded = SocketPacket::decode(text);
    if (!decoded.ok()) {
        qCWarning(lcClient) << "closing: the server sent" << decoded.error().message;
        onTransportLost(u"parse error"_s);
        return;
    }
    const SocketPacket &packet = decoded.value();
    if (packet.nsp != m_namespace)
        return; // this client joins one namespace only
    switch (packet.type) {
    case SocketType::Connect: {
        m_sid = packet.data.toObject().value(u"sid"_s).toString();
        m_state = State::Connected;
        m_attempts = 0;
        const auto buffered = std::exchange(m_sendBuffer, {});
        for (const auto &[text, ackId] : buffered)
            send(text, ackId);
        emit connected(m_sid);
        break;
    }
    case SocketType::ConnectError: {
        // Refused credentials do not get better by retrying: stop here, like socket.io-client does.
        m_state = State::Closed;
        m_timer.stop();
        dropTransport();
        failAcks(true, u"disconnected"_s, u"the server refused the connection"_s);
        m_sendBuffer.clear();
        emit connectError(packet.data.toObject());
        break;
    }
    case SocketType::Disconnect: {
        const bool wasConnected = m_state == State::Connected;
        m_state = State::Closed;
        m_timer.stop();
        dropTransport();
        m_sid.clear();
        failAcks(true, u"disconnected"_s, u"the server closed the connection"_s);
        m_sendBuffer.clear();
        if (wasConnected)
            emit disconnected(u"io server disconnect"_s);
        break;
    }
    case SocketType::Event: {
        QJsonArray args = packet.data.toArray();
        const QString name = args.takeAt(0).toString();
        emit event(name, args);
        break;
    }
    case SocketType::Ack: {
        const QJsonArray args = packet.data.toArray();
        finishAck(packet.id, args.isEmpty() ? QJsonValue(QJsonValue::Undefined) : args.first());
        break;
    }
    case SocketType::BinaryEvent:
    case SocketType::BinaryAck:
        qCWarning(lcClient) << "ignoring a binary packet: binary attachments are not supported";
        break;
    }
}

void SocketIoClient::onTransportLost(const QString &reason)
{
    if (m_state == State::Closed || m_state == State::WaitingToReconnect || m_state == State::Idle)
        return;
    const bool wasConnected = m_state == State::Connected;
    dropTransport();
    m_sid.clear();
    // The state moves on before any ack callback runs: a callback that sends again (a retry) must find the
    // client waiting to reconnect (its packet is buffered) or closed (it fails at once), never "connected"
    // without a socket, where the packet would be dropped and only its timeout would tell.
    if (m_reconnect) {
        // Exponential backoff with +-50 % jitter, so a thousand clients cut at once do not return at once.
        const double base = std::min<double>(m_maxDelayMs, m_minDelayMs * std::pow(2.0, std::min(m_attempts, 20)));
        const double jitter = 0.5 + QRandomGenerator::global()->generateDouble();
        const qint64 delay = std::clamp<qint64>(qint64(base * jitter), m_minDelayMs / 2, m_maxDelayMs);
        ++m_attempts;
        m_state = State::WaitingToReconnect;
        m_reconnectAt = now() + delay;
        arm(m_reconnectAt);
    } else {
        m_state = State::Closed;
    }
    // Packets already written can never be acknowledged on this transport; buffered ones wait for the next
    // one when there will be one.
    failAcks(!m_reconnect, u"disconnected"_s, u"the connection was lost: "_s + reason);
    if (!m_reconnect)
        m_sendBuffer.clear();
    if (wasConnected) {
        emit disconnected(reason);
    } else {
        // Like socket.io-client's connect_error: an attempt that never got as far as the CONNECT is reported
        // too, or a caller waiting for connected() would wait forever.
        emit connectError(QJsonObject{{u"message"_s, reason},
                                      {u"data"_s, QJsonObject{{u"code"_s, QString(ErrorCode::Unavailable)}}}});
    }
}

void SocketIoClient::finishAck(qint64 id, const QJsonValue &response)
{
    auto it = m_acks.find(id);
    if (it == m_acks.end())
        return; // late (already timed out) or unknown: nothing waits for it any more
    AckCallback callback = std::move(it->callback);
    m_acks.erase(it);
    if (callback)
        callback(response);
}

void SocketIoClient::failAcks(bool includeUnsent, const QString &code, const QString &message)
{
    // Collect first: a callback may emit again and so change m_acks.
    QList<AckCallback> failed;
    for (auto it = m_acks.begin(); it != m_acks.end();) {
        if (it->sent || includeUnsent) {
            failed.append(std::move(it->callback));
            it = m_acks.erase(it);
        } else {
            ++it;
        }
    }
    const QJsonObject response = failure(code, message);
    for (const AckCallback &callback : failed) {
        if (callback)
            callback(response);
    }
}

void SocketIoClient::arm(qint64 deadline)
{
    if (m_timer.isActive() && m_timerDue <= deadline)
        return;
    m_timerDue = deadline;
    m_timer.start(int(std::clamp<qint64>(deadline - now(), 0, std::numeric_limits<int>::max())));
}

void SocketIoClient::onTimer()
{
    const qint64 t = now();
    const auto transportActive = [this] {
        return m_state == State::Opening || m_state == State::Handshaking || m_state == State::Connected;
    };
    if (m_state == State::WaitingToReconnect && t >= m_reconnectAt)
        startTransport();
    else if (transportActive() && t >= m_lastReceived + m_silenceLimitMs)
        onTransportLost(m_state == State::Connected ? u"ping timeout"_s : u"handshake timeout"_s);

    QList<qint64> expired;
    qint64 next = Never;
    for (auto it = m_acks.cbegin(); it != m_acks.cend(); ++it) {
        if (it->deadline <= t)
            expired.append(it.key());
        else
            next = std::min(next, it->deadline);
    }
    if (m_state == State::WaitingToReconnect)
        next = std::min(next, m_reconnectAt);
    else if (transportActive())
        next = std::min(next, m_lastReceived + m_silenceLimitMs);
    if (next == Never) {
        m_timer.stop();
    } else {
        m_timerDue = next;
        m_timer.start(int(std::clamp<qint64>(next - t, 0, std::numeric_limits<int>::max())));
    }
    for (qint64 id : expired) {
        m_sendBuffer.removeIf([id](const auto &entry) { return entry.second == id; });
        finishAck(id, failure(QString(ErrorCode::Timeout), u"no acknowledgement within the timeout"_s));
    }
}

} // namespace Banter::Client
