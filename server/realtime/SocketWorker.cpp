#include "realtime/SocketWorker.h"

#include "metrics/ServerMetrics.h"
#include "realtime/ConnectionRegistry.h"
#include "realtime/EventRouter.h"
#include "realtime/RealtimeLog.h"
#include "realtime/engine/EngineTransport.h"
#include "service/Authenticator.h"
#include "service/PresenceService.h"
#include "service/TextRules.h"

#include <banter/CallEvent.h>
#include <banter/ErrorCode.h>
#include <banter/protocol/EnginePacket.h>
#include <banter/protocol/SocketPacket.h>

#include <QJsonDocument>
#include <QRandomGenerator>

using namespace Qt::StringLiterals;
using namespace Banter::Protocol;

namespace Banter::Server {
namespace {

std::atomic<quint64> nextConnectionId{1};

QString json(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

// Events (and client pings) refused for rate, with no refusal-free second between them, before a socket is
// dropped as abusive: refusals are cheap (nothing is queued), so a burst only earns rate_limited acks; a
// sustained flood ends the connection.
constexpr int MinStrikes = 1000;
constexpr qint64 StrikeMemoryMs = 1000;

} // namespace

SocketWorker::SocketWorker(int index, RealtimeSettings settings, const EventRouter &router,
                           Authenticator &authenticator, PresenceService &presence, ConnectionRegistry &registry)
    : m_index(index), m_settings(settings), m_router(router), m_authenticator(authenticator), m_presence(presence),
      m_registry(registry)
{
    m_engine.pingIntervalMs = settings.pingIntervalMs;
    m_engine.pingTimeoutMs = settings.pingTimeoutMs;
    m_engine.maxPayloadBytes = settings.maxPayloadBytes;
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
        for (SocketConnection *c : m_byUser.value(userId))
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
    c->session = new EngineSession(sid.isEmpty() ? EngineSession::newId() : sid, transport, m_engine, m_clock);
    c->clientAddress = transport->peerAddress().toString();
    c->userAgent = QString::fromUtf8(transport->userAgent()).left(256);
    c->connectedAt = QDateTime::currentDateTimeUtc();
    c->openedAt = c->lastReceived = c->tokensAt = now();
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
    connect(session, &EngineSession::received, this, [this, id] {
        if (SocketConnection *conn = m_connections.value(id)) {
            conn->lastReceived = now();
            if (conn->registryEntry)
                conn->registryEntry->lastActivityMs.store(QDateTime::currentMSecsSinceEpoch(), std::memory_order_relaxed);
        }
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
    send(c, u"41"_s); // Socket.IO DISCONNECT: the client will not reconnect on its own
    close(c, QWebSocketProtocol::CloseCodeNormal, reason);
}

void SocketWorker::forget(quint64 id)
{
    SocketConnection *c = m_connections.take(id);
    if (!c)
        return;
    m_count.fetch_sub(1, std::memory_order_relaxed);
    if (c->principal) {
        auto drop = [c](QList<SocketConnection *> &list) { list.removeOne(c); };
        auto u = m_byUser.find(c->userId);
        if (u != m_byUser.end()) {
            drop(*u);
            if (u->isEmpty())
                m_byUser.erase(u);
        }
        auto s = m_bySession.find(c->principal->sessionId);
        if (s != m_bySession.end()) {
            drop(*s);
            if (s->isEmpty())
                m_bySession.erase(s);
        }
        for (qint64 conversation : std::as_const(c->joined)) {
            auto j = m_byConversation.find(conversation);
            if (j != m_byConversation.end()) {
                drop(*j);
                if (j->isEmpty())
                    m_byConversation.erase(j);
            }
        }
        if (c->admin) {
            m_admins.removeOne(c);
        } else {
            m_registry.remove(c->id);
            m_presence.disconnected(c->userId, this);
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
    if (p.nsp == "/admin"_L1) {
        onAdminPacket(c, p);
        return;
    }
    if (p.nsp != "/"_L1 || c.admin) {
        if (p.type == SocketType::Connect) {
            SocketPacket error{SocketType::ConnectError, p.nsp, -1, 0,
                               QJsonObject{{u"message"_s, c.admin ? u"one namespace per connection"_s : u"Invalid namespace"_s}}};
            send(c, u'4' + error.encode());
        } else if (p.type == SocketType::Event) {
            ackRefusal(c, p, makeError(ErrorCode::ValidationFailed, c.admin ? u"one namespace per connection"_s
                                                                            : u"not connected to this namespace"_s));
        }
        return;
    }
    switch (p.type) {
    case SocketType::Connect:
        onConnectPacket(c, p.data);
        return;
    case SocketType::Disconnect:
        close(c, QWebSocketProtocol::CloseCodeNormal, u"client disconnected"_s);
        return;
    case SocketType::Event:
        onEvent(c, p.data.toArray(), p.id);
        return;
    case SocketType::Ack:
    case SocketType::ConnectError:
    case SocketType::BinaryEvent:
    case SocketType::BinaryAck:
        return; // the server asks for no acks; connect errors are the server's to send; binary handled above
    }
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

void SocketWorker::connectError(SocketConnection &c, const QString &nsp, const Error &error)
{
    // A refused CONNECT leaves the socket open: the client may try again with another token until the deadline.
    const bool unavailable = error.code == ErrorCode::Unavailable;
    const QString message = unavailable || error.code == ErrorCode::Forbidden ? error.message
                                                                               : u"Authentication failed: "_s + error.message;
    send(c, u'4' + SocketPacket{SocketType::ConnectError, nsp, -1, 0,
                                QJsonObject{{u"message"_s, message}, {u"data"_s, QJsonObject{{u"code"_s, error.code}}}}}
                       .encode());
}

void SocketWorker::onConnectPacket(SocketConnection &c, const QJsonValue &auth)
{
    using State = SocketConnection::State;
    if (c.state != State::Open)
        return; // already connected (or connecting) to "/"
    const QJsonValue token = auth.toObject().value(u"token"_s);
    if (token.isUndefined() || token.isNull()) {
        // No credentials: connected, but pending until register_user.
        c.state = State::Pending;
        c.socketSid = EngineSession::newId();
        send(c, u"40"_s + json({{u"sid"_s, c.socketSid}}));
        return;
    }
    const auto valid = tokenOf(auth);
    if (!valid) {
        connectError(c, u"/"_s, makeError(ErrorCode::Unauthorized, u"invalid token"_s));
        return;
    }
    authenticateToken(c, *valid, [this](SocketConnection &conn, const Result<Principal> &principal) {
        if (!principal) {
            connectError(conn, u"/"_s, principal.error().code == ErrorCode::Unavailable
                                           ? principal.error()
                                           : makeError(ErrorCode::Unauthorized, principal.error().message));
            return;
        }
        conn.socketSid = EngineSession::newId();
        authenticated(conn, principal.value());
        send(conn, u"40"_s + json({{u"sid"_s, conn.socketSid}}));
    });
}

void SocketWorker::authenticated(SocketConnection &c, const Principal &principal)
{
    c.principal = principal;
    c.userId = principal.userId.toLongLong();
    c.state = SocketConnection::State::Authenticated;
    m_byUser[c.userId].append(&c);
    m_bySession[principal.sessionId].append(&c);
    c.registryEntry = m_registry.add(c.id, c.userId, principal.username, c.clientAddress, c.userAgent);
    m_presence.connected(c.userId, this);
}

void SocketWorker::sendAdmin(SocketConnection &c, const QString &type, const QJsonValue &payload)
{
    send(c, u'4' + SocketPacket{SocketType::Event, u"/admin"_s, -1, 0, QJsonArray{type, payload}}.encode());
}

void SocketWorker::onAdminPacket(SocketConnection &c, const SocketPacket &p)
{
    using State = SocketConnection::State;
    const QString nsp = u"/admin"_s;
    if (p.type == SocketType::Connect) {
        if (c.state != State::Open) {
            connectError(c, nsp, makeError(ErrorCode::ValidationFailed, u"one namespace per connection"_s));
            return;
        }
        const auto token = tokenOf(p.data);
        if (!token) {
            connectError(c, nsp, makeError(ErrorCode::Unauthorized, u"a moderator token is required"_s));
            return;
        }
        authenticateToken(c, *token, [this, nsp](SocketConnection &conn, const Result<Principal> &principal) {
            if (!principal) {
                connectError(conn, nsp, makeError(ErrorCode::Unauthorized, principal.error().message));
                return;
            }
            if (principal->role == Role::User) {
                connectError(conn, nsp, makeError(ErrorCode::Forbidden, u"moderators and admins only"_s));
                return;
            }
            conn.state = State::Authenticated;
            conn.admin = true;
            conn.principal = principal.value();
            conn.userId = principal->userId.toLongLong();
            conn.socketSid = EngineSession::newId();
            m_bySession[principal->sessionId].append(&conn);
            m_admins.append(&conn);
            send(conn, u'4' + SocketPacket{SocketType::Connect, nsp, -1, 0, QJsonObject{{u"sid"_s, conn.socketSid}}}.encode());
            sendAdmin(conn, u"presence:snapshot"_s, m_registry.snapshot());
        });
        return;
    }
    if (!c.admin)
        return;
    if (p.type == SocketType::Disconnect) {
        close(c, QWebSocketProtocol::CloseCodeNormal, u"client disconnected"_s);
    } else if (p.type == SocketType::Event && p.id >= 0) {
        // The admin namespace only pushes; actions go through the REST admin API.
        send(c, u'4' + SocketPacket{SocketType::Ack, u"/admin"_s, p.id, 0,
                                    QJsonArray{AckReply::errorBody(makeError(ErrorCode::ValidationFailed, u"no events on /admin; use the admin REST API"_s))}}
                           .encode());
    }
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

void SocketWorker::onEvent(SocketConnection &c, const QJsonArray &args, qint64 ackId)
{
    using State = SocketConnection::State;
    if (c.state == State::Open || c.state == State::Authenticating) {
        if (ackId >= 0)
            sendAck(c.id, ackId, AckReply::errorBody(makeError(ErrorCode::Unauthorized, u"not connected"_s)));
        return;
    }
    m_eventsIn.fetch_add(1, std::memory_order_relaxed);
    AckReply ack(this, c.id, ackId, m_settings.metrics);
    const QJsonValue payload = args.size() > 1 ? args.at(1) : QJsonValue(QJsonValue::Undefined);
    // One rule for every string a client sends, before any handler sees it (see TextRules).
    if (auto text = TextRules::checkJson(payload); !text) {
        ack.error(text.error());
        return;
    }
    const QString name = args.at(0).toString();
    if (m_settings.metrics)
        eventCounter(name)->fetch_add(1, std::memory_order_relaxed);
    EventCall call{SocketContext(this, c.id), payload, ack};
    m_router.dispatch(call, name);
}

std::atomic<quint64> *SocketWorker::eventCounter(const QString &event)
{
    // Looked up once per event name and worker; names the router does not know share one "unknown" counter, so
    // clients cannot grow the label set.
    const bool known = m_router.has(event);
    const QString key = known ? event : QString();
    auto it = m_eventCounters.constFind(key);
    if (it == m_eventCounters.cend())
        it = m_eventCounters.insert(key, m_settings.metrics->eventsIn.counter(
                                             labelSet({{"event", known ? event.toUtf8() : QByteArray("unknown")}})));
    return *it;
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

bool SocketWorker::join(SocketConnection &c, qint64 conversationId)
{
    if (c.joined.contains(conversationId))
        return false;
    c.joined.insert(conversationId);
    m_byConversation[conversationId].append(&c);
    return true;
}

bool SocketWorker::leave(SocketConnection &c, qint64 conversationId)
{
    if (!c.joined.remove(conversationId))
        return false;
    auto it = m_byConversation.find(conversationId);
    if (it != m_byConversation.end()) {
        it->removeOne(&c);
        if (it->isEmpty())
            m_byConversation.erase(it);
    }
    return true;
}

void SocketWorker::deliver(const QList<Outgoing> &batch)
{
    quint64 sent = 0;
    for (const Outgoing &o : batch) {
        auto sendTo = [&](SocketConnection *c) {
            if (c->id == o.exceptConnection || (o.exceptUser && c->userId == o.exceptUser))
                return;
            send(*c, o.packet);
            ++sent;
        };
        if (o.to == Outgoing::To::Admins) {
            for (SocketConnection *c : std::as_const(m_admins))
                send(*c, o.packet);
            continue;
        }
        if (o.to == Outgoing::To::RemoveMember) {
            for (qint64 user : o.userIds)
                for (SocketConnection *c : m_byUser.value(user))
                    leave(*c, o.conversationId);
            continue;
        }
        if (o.to == Outgoing::To::Users) {
            for (qint64 user : o.userIds) {
                const auto it = m_byUser.constFind(user);
                if (it != m_byUser.cend())
                    for (SocketConnection *c : *it)
                        sendTo(c);
            }
        } else {
            const auto it = m_byConversation.constFind(o.conversationId);
            if (it != m_byConversation.cend())
                for (SocketConnection *c : *it)
                    sendTo(c);
        }
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
