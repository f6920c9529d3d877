#pragma once

#include "http/HttpHeadScanner.h"
#include "http/HttpLimits.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

class QTcpSocket;

namespace Banter::Server {

class HttpBodyBudget;

// Stands in front of QHttpServer on one connection (main thread). Its readyRead slot is connected before
// QHttpServer's, so it sees every byte first: it peeks at what QHttpServer has not read yet (at a request
// boundary — no read transaction open — that is the start of a request; inside one, QHttpServer has read
// everything earlier, so it is all new) and feeds it to an HttpHeadScanner. A request that breaks a limit is
// answered with its status and {"error":{code,message}}, hidden from QHttpServer (skipped) and the
// connection closed. Deadlines: a request head must be complete within headTimeoutMs of its first byte; a
// body or an idle keep-alive connection may be silent for idleTimeoutMs.
// A WebSocket upgrade as a connection's first request ends its work: it emits webSocketRequested() from its
// readyRead slot, before QHttpServer has seen the complete head, and LimitedTcpServer takes the socket away
// from QHttpServer (banterd answers the handshake itself: WebSocketHandshake). An upgrade after other
// requests on the same connection is refused (clients open a new connection for a WebSocket).
class HttpGuard : public QObject
{
    Q_OBJECT
public:
    HttpGuard(QTcpSocket *socket, const HttpLimits &limits, HttpBodyBudget &budget, const QElapsedTimer &clock,
              QObject *parent);
    ~HttpGuard() override;

    // Applies the deadlines; false once there is nothing left to guard (the socket is gone or given up).
    bool checkDeadlines();

signals:
    void webSocketRequested(QTcpSocket *socket);

private:
    void onReadyRead();
    void refuse(const HttpHeadScanner::Rejection &rejection, bool respond);
    void halfClose();
    void closeQuietly();
    bool reserveBody(qint64 bytes);

    QPointer<QTcpSocket> m_socket;
    HttpLimits m_limits;
    HttpBodyBudget &m_budget;
    const QElapsedTimer &m_clock;
    HttpHeadScanner m_scanner;
    qint64 m_reserved = 0;
    qint64 m_lastActivity = 0;
    qint64 m_headSince = -1;    // first byte of the request head being received
    qint64 m_closingSince = -1; // refused or timed out: waiting for the close
    bool m_sawBytes = false;
    bool m_halfClosed = false;
    bool m_sawRequest = false; // a complete request head that was not a WebSocket upgrade
};

} // namespace Banter::Server
