#pragma once

#include "http/ConnectionLimiter.h"
#include "http/HttpBodyBudget.h"
#include "http/HttpLimits.h"

#include <QElapsedTimer>
#include <QHash>
#include <QTcpServer>

#include <memory>

class QTcpSocket;
class QTimer;

namespace Banter::Server {

class HttpGuard;

// The listening socket in front of QHttpServer (Qt 6.8's has no limits of its own; QHttpServerConfiguration
// arrived in 6.9): refuses connections past a per-client-address and a total limit, and puts an HttpGuard on
// each accepted one for the request-size limits and deadlines. Every accepted socket carries a ConnectionSlot
// child that gives its slot back when the socket is destroyed, on whatever thread that happens.
class LimitedTcpServer : public QTcpServer
{
    Q_OBJECT
public:
    LimitedTcpServer(int maxPerAddress, int maxTotal, HttpLimits limits, QObject *parent = nullptr);
    ~LimitedTcpServer() override;

    // listen() with SO_REUSEPORT: other processes (banterd nodes of one cluster) may listen on the same address
    // and port, and the kernel spreads new connections over them. False with errorString() set on failure.
    bool listenSharingPort(const QHostAddress &address, quint16 port, int backlog);

    int openConnections() const { return m_limiter->open(); }
    int openConnectionsFrom(const QHostAddress &peer) const { return m_limiter->openFor(peer); }
    qint64 bodyBytesReserved() const { return m_bodies.inUse(); }
    // The same limits for what is not a TCP connection of its own (a long-polling session).
    const std::shared_ptr<ConnectionLimiter> &limiter() const { return m_limiter; }
signals:
    // A connection's first request is a WebSocket upgrade: the socket, parentless, cut from QHttpServer and
    // from its guard, with the complete request head unread in its buffer. It keeps its ConnectionSlot. The
    // receiver (SocketGateway) owns it from here; emitted from inside the socket's readyRead.
    void webSocketRequested(QTcpSocket *socket);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    void checkDeadlines();
    void takeForWebSocket(QTcpSocket *socket);

    std::shared_ptr<ConnectionLimiter> m_limiter;
    HttpLimits m_limits;
    HttpBodyBudget m_bodies;
    QElapsedTimer m_clock;
    QTimer *m_tick;
    // By socket address: compared, never dereferenced (a guard holds a QPointer to its socket).
    QHash<const QTcpSocket *, HttpGuard *> m_guards;
};

} // namespace Banter::Server
