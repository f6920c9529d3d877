#pragma once

#include "realtime/RealtimeSettings.h"

#include <QList>
#include <QObject>

#include <memory>
#include <vector>

class QTcpSocket;
class QThread;

namespace Banter::Server {

class Authenticator;
class ConnectionRegistry;
class EventRouter;
class LimitedTcpServer;
class PresenceService;
class SocketHub;
class SocketWorker;
class WebSocketConnection;

// Socket.IO's door on the REST port: answers the WebSocket handshakes on /socket.io/?EIO=4&transport=websocket
// that LimitedTcpServer takes away from QHttpServer (WebSocketHandshake), and hands each new WebSocket to the
// worker threads in turn.
class SocketGateway : public QObject
{
    Q_OBJECT
public:
    SocketGateway(LimitedTcpServer &tcp, RealtimeSettings settings, const EventRouter &router,
                  Authenticator &authenticator, PresenceService &presence, SocketHub &hub, ConnectionRegistry &registry,
                  QObject *parent = nullptr);
    ~SocketGateway() override;

    int connectionCount() const;
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

    LimitedTcpServer &m_tcp;
    SocketHub &m_hub;
    RealtimeSettings m_settings;
    QList<QThread *> m_threads;
    QList<SocketWorker *> m_workers;
    int m_drained = 0;
    std::vector<WebSocketConnection *> m_accepted; // handshake answered, not yet handed to a worker (children)
    bool m_dispatchQueued = false;
    qsizetype m_next = 0;
};

} // namespace Banter::Server
