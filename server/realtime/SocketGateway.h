#pragma once

#include "realtime/RealtimeSettings.h"

#include <QList>
#include <QObject>

#include <memory>
#include <vector>

class QHttpServer;
class QThread;
class QWebSocket;

namespace Banter::Server {

class Authenticator;
class ConnectionRegistry;
class EventRouter;
class LimitedTcpServer;
class PresenceService;
class SocketHub;
class SocketWorker;

// Socket.IO's door on the REST port: accepts WebSocket upgrades on /socket.io/?EIO=4&transport=websocket
// (QHttpServer's upgrade verifier), and hands each new socket to the worker threads in turn.
class SocketGateway : public QObject
{
    Q_OBJECT
public:
    SocketGateway(QHttpServer &http, LimitedTcpServer &tcp, RealtimeSettings settings, const EventRouter &router,
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
    void acceptPending();

    QHttpServer &m_http;
    LimitedTcpServer &m_tcp;
    RealtimeSettings m_settings;
    QList<QThread *> m_threads;
    QList<SocketWorker *> m_workers;
    int m_drained = 0;
    std::vector<std::unique_ptr<QWebSocket>> m_accepted; // upgraded, not yet handed to a worker
    bool m_dispatchQueued = false;
    qsizetype m_next = 0;
};

} // namespace Banter::Server
