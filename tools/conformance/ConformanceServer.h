#pragma once

#include "ConformanceSession.h"
#include "http/CorsPolicy.h"

#include <banter/Result.h>

#include <QElapsedTimer>
#include <QHostAddress>
#include <QHttpServer>

#include <memory>

class QTcpSocket;

namespace Banter::Server {
class EngineTransport;
class LimitedTcpServer;
class PollingEndpoint;
} // namespace Banter::Server

namespace Banter::Conformance {

// The server the official Engine.IO and Socket.IO protocol suites run against, built from banterd's transport
// library: LimitedTcpServer and its HttpGuard, the WebSocket handshake and framing, long-polling
// (PollingEndpoint, PollingTransport) and EngineSession with its upgrade. Two endpoints, /engine.io/ (echo) and
// /socket.io/ (the suite's small Socket.IO application); ping 300 ms, ping timeout 200 ms, maxPayload
// 1,000,000 bytes, CORS for any origin. Everything runs on the main thread.
class ConformanceServer : public QObject
{
    Q_OBJECT
public:
    explicit ConformanceServer(QObject *parent = nullptr);
    ~ConformanceServer() override;

    Result<quint16> listen(const QHostAddress &address, quint16 port);

private:
    void onWebSocket(QTcpSocket *socket);
    void adopt(ConformanceSession::Kind kind, Server::EngineTransport *transport, const QString &sid);

    Server::EngineSettings m_settings;
    Server::CorsPolicy m_cors;
    QElapsedTimer m_clock;
    QHttpServer m_http;
    Server::LimitedTcpServer *m_tcp; // a child of m_http
    std::unique_ptr<Server::PollingEndpoint> m_engineIo;
    std::unique_ptr<Server::PollingEndpoint> m_socketIo;
};

} // namespace Banter::Conformance
