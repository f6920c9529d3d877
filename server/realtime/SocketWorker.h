#pragma once

#include "realtime/Outgoing.h"
#include "realtime/RealtimeSettings.h"
#include "realtime/SocketConnection.h"
#include "realtime/engine/EngineSession.h"
#include "service/Principal.h"

#include <banter/Result.h>

#include <QElapsedTimer>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QObject>
#include <QTimer>
#include <QWebSocketProtocol>

#include <atomic>
#include <functional>
#include <optional>
#include <memory>
#include <vector>


namespace Banter::Protocol {
struct SocketPacket;
}

namespace Banter::Server {

class AdminNamespace;
class ChatNamespace;
class EngineTransport;
class SocketNamespace;

class Authenticator;
class ConnectionRegistry;
class EventRouter;
class PresenceService;

// One event-loop thread's share of the sockets: the Socket.IO layer over their Engine.IO sessions. Decodes
// packets, checks the per-socket limits (event rate, binary attachments, pending-auth deadline), routes each
// packet to its namespace (ChatNamespace "/", AdminNamespace "/admin", more through addNamespace) and delivers
// fan-out packets to its own sockets. Everything here runs on
// the worker's thread; other threads reach it only through queued calls (adopt, deliver, close*).
// One timer per worker drives heartbeats and deadlines for all of its sockets.
class SocketWorker : public QObject
{
    Q_OBJECT
public:
    SocketWorker(int index, RealtimeSettings settings, const EventRouter &router, Authenticator &authenticator,
                 PresenceService &presence, ConnectionRegistry &registry);
    ~SocketWorker() override;

    // Thread-safe entry points (post to the worker's thread).
    // A new session's transport, already moved to this worker's thread; sid empty: a new one is made.
    void adoptLater(EngineTransport *transport, const QString &sid = {});
    void deliverLater(std::shared_ptr<const QList<Outgoing>> batch);
    void closeSessionLater(const QString &sessionId);
    void closeUserLater(qint64 userId);
    void shutdownLater();

    int connectionCount() const { return m_count.load(std::memory_order_relaxed); }
    quint64 deliveries() const { return m_deliveries.load(std::memory_order_relaxed); }
    quint64 eventsIn() const { return m_eventsIn.load(std::memory_order_relaxed); }

    // Worker thread only: the Socket.IO layer as namespaces and handlers use it.
    SocketConnection *connection(quint64 id) const { return m_connections.value(id); }
    ChatNamespace &chat() { return *m_chat; }
    // Registers another namespace (before sockets arrive); its name must be new.
    void addNamespace(std::unique_ptr<SocketNamespace> nsp);
    void send(SocketConnection &c, const QString &frame); // one Engine.IO text frame, within the buffer limit
    void sendAck(quint64 connectionId, qint64 ackId, const QJsonObject &body);
    void emitTo(SocketConnection &c, const QString &event, const QJsonObject &payload);
    // Answers the CONNECT of c's namespace: accepted (a new Socket.IO sid), or refused (the socket stays open and
    // may try again, until the pending-auth deadline).
    void connected(SocketConnection &c);
    void connectError(SocketConnection &c, const Error &error);
    // The token's Principal, looked up off-thread; `then` runs here if the socket still waits for it.
    using AuthThen = std::function<void(SocketConnection &, const Result<Principal> &)>;
    void authenticateToken(SocketConnection &c, const QString &token, AuthThen then);
    // A namespace's CONNECT with {"token"}: without a plausible one, connect_error unauthorized (`missing`); else
    // looked up, refused with connect_error (unavailable as it is, anything else unauthorized), or `then` with
    // the principal.
    void connectWithToken(SocketConnection &c, const QJsonValue &auth, const QString &missing,
                          std::function<void(SocketConnection &, const Principal &)> then);
    // c belongs to this principal from now on (revocation finds it by session); its namespace is told.
    void authenticated(SocketConnection &c, const Principal &principal);
    // What a client is told when its token lookup failed: unavailable as it is (retry), anything else unauthorized.
    static Error clientAuthError(const Error &lookup);
    // {"token": "..."} with a plausible token, else nothing.
    static std::optional<QString> tokenOf(const QJsonValue &payload);
    // Socket.IO DISCONNECT, then close.
    void disconnectClient(SocketConnection &c, const QString &reason);

protected:
    bool event(QEvent *e) override; // runs the CallEvents the *Later() methods post

signals:
    void drained(); // after shutdownLater(): every socket closed

private:
    void adopt(EngineTransport *transport, const QString &sid);
    void onPing(SocketConnection &c, const QString &data);
    void onBinary(SocketConnection &c, const QByteArray &frame);
    void onSocketPacket(SocketConnection &c, const QString &text);
    void onConnectPacket(SocketConnection &c, const Protocol::SocketPacket &p);
    void onEventPacket(SocketConnection &c, const Protocol::SocketPacket &p);
    void refuseConnect(SocketConnection &c, const QString &nsp, const QString &message);
    static bool isEventPacket(const Protocol::SocketPacket &p);
    // The error ack of a refused event, in the event's namespace; nothing when it asked for no ack.
    void ackRefusal(SocketConnection &c, const Protocol::SocketPacket &event, const Error &error);
    void refuseBinary(SocketConnection &c, const Protocol::SocketPacket &event);
    // One token bucket per socket for everything that costs the server a reply (events, Engine.IO pings).
    // Refusals in a row past a limit are a flood: the socket is closed (1008).
    enum class Admission { Admitted, Refused, Closed };
    Admission admit(SocketConnection &c);
    // admit() for an event: a refusal is answered with a rate_limited ack.
    bool admitEvent(SocketConnection &c, const Protocol::SocketPacket &event);
    bool takeToken(SocketConnection &c);
    void close(SocketConnection &c, QWebSocketProtocol::CloseCode code, const QString &reason);
    void forget(quint64 id);
    void deliver(const QList<Outgoing> &batch);
    void tick();
    qint64 now() const { return m_clock.elapsed(); }

    int m_index;
    RealtimeSettings m_settings;
    Authenticator &m_authenticator;
    QElapsedTimer m_clock;
    QTimer *m_tick = nullptr;
    EngineSettings m_engine;
    bool m_shuttingDown = false;

    QHash<quint64, SocketConnection *> m_connections;
    QHash<QString, QList<SocketConnection *>> m_bySession; // authenticated sockets of every namespace
    std::unique_ptr<ChatNamespace> m_chat;
    std::unique_ptr<AdminNamespace> m_admin;
    std::vector<std::unique_ptr<SocketNamespace>> m_more;
    QHash<QString, SocketNamespace *> m_namespaces; // by name

    std::atomic<int> m_count{0};
    std::atomic<quint64> m_deliveries{0};
    std::atomic<quint64> m_eventsIn{0};
};

} // namespace Banter::Server
