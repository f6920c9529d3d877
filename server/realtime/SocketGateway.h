#pragma once

#include "realtime/RealtimeSettings.h"

#include <QList>
#include <QObject>

#include <memory>
#include <vector>

class QHttpServer;
class QTcpSocket;
class QThread;

namespace Banter::Server {

class Authenticator;
class CorsPolicy;
class EngineTransport;
class PollingEndpoint;
class PollingTransport;
class ConnectionRegistry;
class EventRouter;
class LimitedTcpServer;
class PresenceService;
class LocalBus;
class SocketWorker;
class WebSocketConnection;

// Socket.IO's door on the REST port: answers the WebSocket handshakes on /socket.io/?EIO=4&transport=websocket
// that LimitedTcpServer takes away from QHttpServer (WebSocketHandshake), serves HTTP long-polling on the same
// path (PollingEndpoint), and hands each new session's transport to the worker threads in turn. A WebSocket
// that names the sid of a polling session is that session's upgrade: it goes to the session's worker.
class SocketGateway : public QObject
{
    Q_OBJECT
public:
    SocketGateway(QHttpServer &http, LimitedTcpServer &tcp, const CorsPolicy &cors, RealtimeSettings settings, const EventRouter &router,
                  Authenticator &authenticator, PresenceService &presence, LocalBus &bus, ConnectionRegistry &registry,
                  QObject *parent = nullptr);
    ~SocketGateway() override;

    int connectionCount() const;
    int pollingSessions() const;
    quint64 deliveries() const; // message and event packets sent, since start
    quint64 eventsIn() const;
    // Closes every socket (going away), then emits stopped() once all are gone or after timeoutMs.
    void shutdown(int timeoutMs);
    // Stops the worker threads; call after shutdown() finished and nothing will post to workers any more.
    void stopThreads();

signals:
    void stopped();

private:
    void handshake(QTcpSocket *socket);
    void acceptPending();
    bool adoptPolling(PollingTransport *transport);
    SocketWorker *nextWorker();

    LimitedTcpServer &m_tcp;
    LocalBus &m_bus; // the workers subscribe to it
    RealtimeSettings m_settings;
    QList<QThread *> m_threads;
    QList<SocketWorker *> m_workers;
    int m_drained = 0;
    const CorsPolicy &m_cors;
    std::unique_ptr<PollingEndpoint> m_polling; // destroyed after the worker threads stopped (~SocketGateway)
    struct Accepted
    {
        WebSocketConnection *connection; // a child until handed to a worker
        QString upgradeSid;              // set: the upgrade of this polling session
        bool unclaimed = false;          // it named a session it cannot upgrade: accepted, then closed (1008)
    };
    std::vector<Accepted> m_accepted; // handshake answered, not yet handed to a worker
    bool m_dispatchQueued = false;
    qsizetype m_next = 0;
};

} // namespace Banter::Server
