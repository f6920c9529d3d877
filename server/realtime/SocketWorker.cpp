#include "realtime/SocketWorker.h"

#include "metrics/ServerMetrics.h"
#include "realtime/AckReply.h"
#include "realtime/AdminNamespace.h"
#include "realtime/ChatNamespace.h"
#include "realtime/RealtimeLog.h"
#include "realtime/engine/EngineTransport.h"
#include "service/Authenticator.h"

#include <banter/CallEvent.h>
#include <banter/ErrorCode.h>
#include <banter/protocol/EnginePacket.h>
#include <banter/protocol/SocketPacket.h>

#include <QRandomGenerator>

using namespace Qt::StringLiterals;
using namespace Banter::Protocol;

namespace Banter::Server {
namespace {

std::atomic<quint64> nextConnectionId{1};

// Events (and client pings) refused for rate, with no refusal-free second between them, before a socket is
// dropped as abusive: refusals are cheap (nothing is queued), so a burst only earns rate_limited acks; a
// sustained flood ends the connection.
constexpr int MinStrikes = 1000;
constexpr qint64 StrikeMemoryMs = 1000;

} // namespace

SocketWorker::SocketWorker(int index, RealtimeSettings settings, const EventRouter &router,
                           Authenticator &authenticator, PresenceService &presence, ConnectionRegistry &registry)
    : m_index(index), m_settings(settings), m_authenticator(authenticator),
      m_chat(std::make_unique<ChatNamespace>(*this, m_settings, router, presence, registry)),
      m_admin(std::make_unique<AdminNamespace>(*this, registry))
{
    m_namespaces.insert(m_chat->name(), m_chat.get());
    m_namespaces.insert(m_admin->name(), m_admin.get());
    m_engine.pingIntervalMs = settings.pingIntervalMs;
    m_engine.pingTimeoutMs = settings.pingTimeoutMs;
    m_engine.maxPayloadBytes = settings.maxPayloadBytes;
    m_engine.sidPrefix = settings.sidPrefix;
    m_clock.start();
}

SocketWorker::~SocketWorker()
{
    // On the worker's thread as it finishes (deleteLater on QThread::finished): sessions that did not close in
    // the shutdown grace period die here with their transports, which gives their connection slots back.
    for (SocketConnection *c : std::as_const(m_connections)) {
        c->session->disconnect(this);
        delete c->session;
        delete c;
    }
}

void SocketWorker::addNamespace(std::unique_ptr<SocketNamespace> nsp)
{
    Q_ASSERT(!m_namespaces.contains(nsp->name()));
    m_namespaces.insert(nsp->name(), nsp.get());
    m_more.push_back(std::move(nsp));
}

void SocketWorker::adoptLater(EngineTransport *transport, const QString &sid)
{
    CallEvent::post(this, [this, transport, sid] { adopt(transport, sid); });
}

void SocketWorker::deliverLater(std::shared_ptr<const QList<Outgoing>> batch)
{
    CallEvent::post(this, [this, batch] { deliver(*batch); });
}

void SocketWorker::closeSessionLater(const QString &sessionId)
{
    CallEvent::post(this, [this, sessionId] {
        for (SocketConnection *c : m_bySession.value(sessionId))
            disconnectClient(*c, u"session ended"_s);
    });
}

void SocketWorker::closeUserLater(qint64 userId)
{
    CallEvent::post(this, [this, userId] {
        for (SocketConnection *c : m_chat->socketsOf(userId))
            disconnectClient(*c, u"account sessions ended"_s);
    });
}

void SocketWorker::shutdownLater()
{
    CallEvent::post(this, [this] {
        m_shuttingDown = true;
        if (m_connections.isEmpty()) {
            emit drained();
            return;
        }
        const auto all = m_connections.values();
        for (SocketConnection *c : all)
            close(*c, QWebSocketProtocol::CloseCodeGoingAway, u"server shutting down"_s);
    });
}

bool SocketWorker::event(QEvent *e)
{
    return CallEvent::handle(e) || QObject::event(e);
}

void SocketWorker::adopt(EngineTransport *transport, const QString &sid)
{
    if (!m_tick) {
        m_tick = new QTimer(this);
        connect(m_tick, &QTimer::timeout, this, &SocketWorker::tick);
        // Heartbeats are checked a few times per ping timeout (every 250 ms at the defaults).
        m_tick->start(qBound(10, m_settings.pingTimeoutMs / 4, 250));
    }
    if (m_shuttingDown) {
        transport->abort();
        transport->deleteLater();
        return;
    }
    auto *c = new SocketConnection;
    c->id = nextConnectionId.fetch_add(1);
    c->session = new EngineSession(sid.isEmpty() ? EngineSession::newId(m_engine.sidPrefix) : sid, transport, m_engine, m_clock);
    c->clientAddress = transport->peerAddress().toString();
    c->userAgent = QString::fromUtf8(transport->userAgent()).left(256);
    c->connectedAt = QDateTime::currentDateTimeUtc();
    c->openedAt = c->tokensAt = now();
    c->tokens = m_settings.eventsPerSecond * 2.0;
    m_connections.insert(c->id, c);
    m_count.fetch_add(1, std::memory_order_relaxed);

    const quint64 id = c->id;
    EngineSession *session = c->session;
    connect(session, &EngineSession::message, this, [this, id](const QString &packet) {
        if (SocketConnection *conn = m_connections.value(id))
            onSocketPacket(*conn, packet);
    });
    connect(session, &EngineSession::binaryMessage, this, [this, id](const QByteArray &data) {
        if (SocketConnection *conn = m_connections.value(id))
            onBinary(*conn, data);
    });
    connect(session, &EngineSession::pingReceived, this, [this, id](const QString &data) {
        if (SocketConnection *conn = m_connections.value(id))
            onPing(*conn, data);
    });
    connect(session, &EngineSession::noopReceived, this, [this, id] {
        // Costs a request and a decode, answers nothing: counted like events, so a noop flood ends like one.
        if (SocketConnection *conn = m_connections.value(id))
            admit(*conn);
    });
    connect(session, &EngineSession::received, this, [this, id] {
        if (SocketConnection *conn = m_connections.value(id); conn && conn->registryEntry)
            conn->registryEntry->lastActivityMs.store(QDateTime::currentMSecsSinceEpoch(), std::memory_order_relaxed);
    });
    // Queued: a close can report the end synchronously, and forget() must never run while a delivery loop or
    // the tick walks the indexes.
    connect(session, &EngineSession::closed, this, [this, id] { forget(id); }, Qt::QueuedConnection);
    session->start();
}

void SocketWorker::send(SocketConnection &c, const QString &frame)
{
    if (c.state == SocketConnection::State::Closing)
        return;
    // A reader that stopped reading must not make us buffer without bound.
    if (c.session->bytesToWrite() > m_settings.maxBufferedBytes) {
        qCInfo(lcRealtime) << "dropping connection" << c.id << "of user" << c.userId << ": it stopped reading";
        close(c, QWebSocketProtocol::CloseCodePolicyViolated, u"too slow"_s);
        return;
    }
    c.session->send(frame);
}

void SocketWorker::close(SocketConnection &c, QWebSocketProtocol::CloseCode code, const QString &reason)
{
    if (c.state == SocketConnection::State::Closing)
        return;
    c.state = SocketConnection::State::Closing;
    c.session->close(code, reason);
}

void SocketWorker::disconnectClient(SocketConnection &c, const QString &reason)
{
    // Socket.IO DISCONNECT: the client will not reconnect on its own.
    send(c, u'4' + SocketPacket{SocketType::Disconnect, c.nsp ? c.nsp->name() : u"/"_s}.encode());
    close(c, QWebSocketProtocol::CloseCodeNormal, reason);
}

void SocketWorker::forget(quint64 id)
{
    SocketConnection *c = m_connections.take(id);
    if (!c)
        return;
    m_count.fetch_sub(1, std::memory_order_relaxed);
    if (c->nsp)
        c->nsp->onGone(*c);
    if (c->principal) {
        auto s = m_bySession.find(c->principal->sessionId);
        if (s != m_bySession.end()) {
            s->removeOne(c);
            if (s->isEmpty())
                m_bySession.erase(s);
        }
    }
    c->session->disconnect(this);
    c->session->deleteLater();
    delete c;
    if (m_shuttingDown && m_connections.isEmpty())
        emit drained();
}

void SocketWorker::onPing(SocketConnection &c, const QString &data)
{
    // A client probe: answered within the event rate, since each one costs a reply.
    if (admit(c) == Admission::Admitted)
        c.session->pong(data);
}

void SocketWorker::onBinary(SocketConnection &c, const QByteArray &)
{
    if (c.binaryFramesToSkip > 0) {
        --c.binaryFramesToSkip;
        return;
    }
    close(c, QWebSocketProtocol::CloseCodeDatatypeNotSupported, u"binary frames are not supported"_s);
}

void SocketWorker::onSocketPacket(SocketConnection &c, const QString &text)
{
    auto decoded = SocketPacket::decode(text);
    if (!decoded) {
        // The payload may be what is wrong: an event that asked for an ack still gets one (docs/protocol.md).
        auto head = SocketPacket::decodeHead(text);
        if (head && head->type == SocketType::BinaryEvent) {
            // Refused for its attachments whatever its placeholders say, so a malformed one changes nothing.
            if (admitEvent(c, head.value()))
                refuseBinary(c, head.value());
            return;
        }
        if (head && head->type == SocketType::BinaryAck) {
            c.binaryFramesToSkip += head->attachments;
            return;
        }
        if (head && head->type == SocketType::Event)
            ackRefusal(c, head.value(), makeError(ErrorCode::ValidationFailed, decoded.error().message.left(200)));
        // As socket.io does: a packet that does not parse ends the connection.
        qCDebug(lcRealtime) << "connection" << c.id << "sent an invalid packet:" << decoded.error().message;
        close(c, QWebSocketProtocol::CloseCodeProtocolError, decoded.error().message.left(100));
        return;
    }
    const SocketPacket &p = decoded.value();
    // Every event counts against the socket's rate, whatever namespace or state it arrives in.
    if (isEventPacket(p) && !admitEvent(c, p))
        return;
    if (p.type == SocketType::BinaryEvent) {
        refuseBinary(c, p);
        return;
    }
    if (p.type == SocketType::BinaryAck) {
        c.binaryFramesToSkip += p.attachments;
        return;
    }
    switch (p.type) {
    case SocketType::Connect:
        onConnectPacket(c, p);
        return;
    case SocketType::Disconnect:
        if (c.nsp && c.nsp->name() == p.nsp)
            close(c, QWebSocketProtocol::CloseCodeNormal, u"client disconnected"_s);
        return;
    case SocketType::Event:
        onEventPacket(c, p);
        return;
    case SocketType::Ack:
    case SocketType::ConnectError:
    case SocketType::BinaryEvent:
    case SocketType::BinaryAck:
        return; // the server asks for no acks; connect errors are the server's to send; binary handled above
    }
}

void SocketWorker::onConnectPacket(SocketConnection &c, const SocketPacket &p)
{
    SocketNamespace *nsp = m_namespaces.value(p.nsp);
    if (!nsp) {
        refuseConnect(c, p.nsp, u"Invalid namespace"_s);
        return;
    }
    if (c.nsp == nsp || c.state == SocketConnection::State::Closing)
        return; // connected, or connecting, to it already
    if (c.nsp) {
        refuseConnect(c, p.nsp, u"one namespace per connection"_s);
        return;
    }
    c.nsp = nsp;
    nsp->onConnect(c, p.data);
}

void SocketWorker::onEventPacket(SocketConnection &c, const SocketPacket &p)
{
    using State = SocketConnection::State;
    SocketNamespace *nsp = m_namespaces.value(p.nsp);
    if (!nsp) {
        ackRefusal(c, p, makeError(ErrorCode::ValidationFailed, u"not connected to this namespace"_s));
        return;
    }
    if (c.nsp && c.nsp != nsp) {
        ackRefusal(c, p, makeError(ErrorCode::ValidationFailed, u"one namespace per connection"_s));
        return;
    }
    if (!c.nsp || c.state == State::Open || c.state == State::Authenticating) {
        ackRefusal(c, p, makeError(ErrorCode::Unauthorized, u"not connected"_s));
        return;
    }
    m_eventsIn.fetch_add(1, std::memory_order_relaxed);
    nsp->onEvent(c, p);
}

void SocketWorker::refuseConnect(SocketConnection &c, const QString &nsp, const QString &message)
{
    send(c, u'4' + SocketPacket{SocketType::ConnectError, nsp, -1, 0, QJsonObject{{u"message"_s, message}}}.encode());
}

bool SocketWorker::isEventPacket(const SocketPacket &p)
{
    return p.type == SocketType::Event || p.type == SocketType::BinaryEvent;
}

void SocketWorker::ackRefusal(SocketConnection &c, const SocketPacket &event, const Error &error)
{
    if (event.id >= 0)
        send(c, u'4' + SocketPacket{SocketType::Ack, event.nsp, event.id, 0, QJsonArray{AckReply::errorBody(error)}}.encode());
}

void SocketWorker::refuseBinary(SocketConnection &c, const SocketPacket &event)
{
    c.binaryFramesToSkip += event.attachments;
    ackRefusal(c, event, makeError(ErrorCode::ValidationFailed, u"binary attachments are not supported"_s));
}

std::optional<QString> SocketWorker::tokenOf(const QJsonValue &payload)
{
    const QJsonValue token = payload.toObject().value(u"token"_s);
    if (!token.isString() || token.toString().isEmpty() || token.toString().size() > 4096)
        return std::nullopt;
    return token.toString();
}

void SocketWorker::authenticateToken(SocketConnection &c, const QString &token, AuthThen then)
{
    c.state = SocketConnection::State::Authenticating;
    const quint64 id = c.id;
    m_authenticator.authenticate(token).then(this, [this, id, then = std::move(then)](const Result<Principal> &principal) {
        SocketConnection *conn = m_connections.value(id);
        if (!conn || conn->state != SocketConnection::State::Authenticating)
            return;
        if (!principal && principal.error().code != ErrorCode::Unavailable && m_settings.metrics)
            m_settings.metrics->authFailures.add(labelSet({{"via", "socket"}}));
        conn->state = SocketConnection::State::Open; // `then` moves it on, or leaves it open for another try
        then(*conn, principal);
    });
}

void SocketWorker::connectWithToken(SocketConnection &c, const QJsonValue &auth, const QString &missing,
                                    std::function<void(SocketConnection &, const Principal &)> then)
{
    const auto token = tokenOf(auth);
    if (!token) {
        connectError(c, makeError(ErrorCode::Unauthorized, missing));
        return;
    }
    authenticateToken(c, *token, [this, then = std::move(then)](SocketConnection &conn, const Result<Principal> &principal) {
        if (!principal) {
            connectError(conn, clientAuthError(principal.error()));
            return;
        }
        then(conn, principal.value());
    });
}

Error SocketWorker::clientAuthError(const Error &lookup)
{
    return lookup.code == ErrorCode::Unavailable ? lookup : makeError(ErrorCode::Unauthorized, lookup.message);
}

void SocketWorker::connectError(SocketConnection &c, const Error &error)
{
    // A refused CONNECT leaves the socket open: the client may try again with another token until the deadline.
    const bool unavailable = error.code == ErrorCode::Unavailable;
    const QString message = unavailable || error.code == ErrorCode::Forbidden ? error.message
                                                                               : u"Authentication failed: "_s + error.message;
    const QString nsp = c.nsp ? c.nsp->name() : u"/"_s;
    if (c.state == SocketConnection::State::Open)
        c.nsp = nullptr; // not connected to it after all: any namespace may be tried next
    send(c, u'4' + SocketPacket{SocketType::ConnectError, nsp, -1, 0,
                                QJsonObject{{u"message"_s, message}, {u"data"_s, QJsonObject{{u"code"_s, error.code}}}}}
                       .encode());
}

void SocketWorker::connected(SocketConnection &c)
{
    c.socketSid = EngineSession::newId();
    send(c, u'4' + SocketPacket{SocketType::Connect, c.nsp->name(), -1, 0, QJsonObject{{u"sid"_s, c.socketSid}}}.encode());
}

void SocketWorker::authenticated(SocketConnection &c, const Principal &principal)
{
    c.principal = principal;
    c.userId = principal.userId.toLongLong();
    c.state = SocketConnection::State::Authenticated;
    m_bySession[principal.sessionId].append(&c);
    if (c.nsp)
        c.nsp->onAuthenticated(c);
}

bool SocketWorker::takeToken(SocketConnection &c)
{
    const qint64 t = now();
    const double rate = m_settings.eventsPerSecond;
    c.tokens = qMin(rate * 2.0, c.tokens + double(t - c.tokensAt) * rate / 1000.0);
    c.tokensAt = t;
    if (c.tokens < 1.0)
        return false;
    c.tokens -= 1.0;
    return true;
}

SocketWorker::Admission SocketWorker::admit(SocketConnection &c)
{
    if (takeToken(c)) {
        // A flood is not over because the bucket refilled by a token between refusals; a second without a
        // refusal is what ends it.
        if (now() - c.lastRefusalAt >= StrikeMemoryMs)
            c.strikes = 0;
        return Admission::Admitted;
    }
    c.lastRefusalAt = now();
    if (++c.strikes > qMax(MinStrikes, m_settings.eventsPerSecond * 20)) {
        qCInfo(lcRealtime) << "dropping connection" << c.id << "of user" << c.userId << ": event flood";
        close(c, QWebSocketProtocol::CloseCodePolicyViolated, u"too many events"_s);
        return Admission::Closed;
    }
    return Admission::Refused;
}

bool SocketWorker::admitEvent(SocketConnection &c, const SocketPacket &event)
{
    switch (admit(c)) {
    case Admission::Admitted:
        return true;
    case Admission::Refused:
        if (m_settings.metrics)
            m_settings.metrics->rateLimited.add(labelSet({{"via", "socket"}}));
        ackRefusal(c, event, rateLimited(1, QStringLiteral("more than %1 events per second").arg(m_settings.eventsPerSecond)));
        return false;
    case Admission::Closed:
        return false;
    }
    return false;
}

void SocketWorker::sendAck(quint64 connectionId, qint64 ackId, const QJsonObject &body)
{
    if (SocketConnection *c = m_connections.value(connectionId))
        send(*c, u'4' + SocketPacket::ack(ackId, body));
}

void SocketWorker::emitTo(SocketConnection &c, const QString &event, const QJsonObject &payload)
{
    send(c, u'4' + SocketPacket::event(event, payload));
}

void SocketWorker::deliver(const QList<Outgoing> &batch)
{
    quint64 sent = 0;
    for (const Outgoing &o : batch) {
        if (o.to == Outgoing::To::Admins)
            m_admin->broadcast(o.packet);
        else
            sent += m_chat->deliver(o);
    }
    m_deliveries.fetch_add(sent, std::memory_order_relaxed);
}

void SocketWorker::tick()
{
    using State = SocketConnection::State;
    const qint64 t = now();
    QList<SocketConnection *> expired;
    for (SocketConnection *c : std::as_const(m_connections)) {
        switch (c->session->tick(t)) {
        case EngineSession::Health::CloseStalled:
            expired.append(c); // peers that never finish the close are cut off
            continue;
        case EngineSession::Health::PingTimedOut:
            qCDebug(lcRealtime) << "connection" << c->id << "missed its pong";
            close(*c, QWebSocketProtocol::CloseCodeGoingAway, u"ping timeout"_s);
            continue;
        case EngineSession::Health::Alive:
            break;
        }
        if (c->state != State::Authenticated && c->state != State::Closing && t - c->openedAt > m_settings.pendingAuthMs) {
            qCDebug(lcRealtime) << "connection" << c->id << "not authenticated in time";
            if (c->state == State::Pending)
                emitTo(*c, u"auth_error"_s, {{u"code"_s, QString(ErrorCode::Unauthorized)},
                                             {u"message"_s, u"not authenticated in time"_s}});
            disconnectClient(*c, u"authentication timeout"_s);
        }
    }
    for (SocketConnection *c : expired) {
        c->session->abort();
        forget(c->id);
    }
}

} // namespace Banter::Server
