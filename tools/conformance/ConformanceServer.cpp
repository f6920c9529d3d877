#include "ConformanceServer.h"

#include "http/LimitedTcpServer.h"
#include "realtime/engine/PollingEndpoint.h"
#include "realtime/engine/PollingTransport.h"
#include "realtime/engine/TcpStream.h"
#include "realtime/engine/WebSocketConnection.h"
#include "realtime/engine/WebSocketHandshake.h"

#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>

using namespace Qt::StringLiterals;
using namespace Banter::Server;

namespace Banter::Conformance {

namespace {
constexpr int MaxPayload = 1000000;
const QString EnginePath = u"/engine.io/"_s;
const QString SocketPath = u"/socket.io/"_s;
} // namespace

ConformanceServer::ConformanceServer(QObject *parent) : QObject(parent), m_cors(QStringList{u"*"_s})
{
    m_settings.pingIntervalMs = 300;
    m_settings.pingTimeoutMs = 200;
    m_settings.maxPayloadBytes = MaxPayload;
    m_clock.start();
    HttpLimits limits;
    limits.maxBodyBytes = 2 * MaxPayload;
    m_tcp = new LimitedTcpServer(1000, 1000, limits, &m_http);
    connect(m_tcp, &LimitedTcpServer::webSocketRequested, this, &ConformanceServer::onWebSocket);
    auto endpoint = [this](const QString &path, ConformanceSession::Kind kind) {
        return std::make_unique<PollingEndpoint>(m_http, PollingEndpoint::Settings{path, MaxPayload, {}}, m_tcp->limiter(),
                                                 m_cors, [this, kind](PollingTransport *t) {
                                                     adopt(kind, t, t->sid());
                                                     return true;
                                                 });
    };
    m_engineIo = endpoint(EnginePath, ConformanceSession::Kind::Engine);
    m_socketIo = endpoint(SocketPath, ConformanceSession::Kind::SocketIo);
}

ConformanceServer::~ConformanceServer()
{
    // Sessions (and their polling transports, which leave the endpoints' directories) go first.
    const auto sessions = findChildren<ConformanceSession *>(Qt::FindDirectChildrenOnly);
    qDeleteAll(sessions);
}

Result<quint16> ConformanceServer::listen(const QHostAddress &address, quint16 port)
{
    if (!m_tcp->listen(address, port))
        return makeError(u"listen_failed", m_tcp->errorString());
    if (!m_http.bind(m_tcp))
        return makeError(u"listen_failed", u"cannot attach the HTTP server"_s);
    return m_tcp->serverPort();
}

void ConformanceServer::adopt(ConformanceSession::Kind kind, EngineTransport *transport, const QString &sid)
{
    auto *session = new ConformanceSession(kind, new EngineSession(sid, transport, m_settings, m_clock),
                                           m_clock, this);
    session->start();
}

void ConformanceServer::onWebSocket(QTcpSocket *socket)
{
    socket->setParent(this);
    const auto taken = WebSocketHandshake::take(*socket);
    if (!taken) {
        socket->abort();
        socket->deleteLater();
        return;
    }
    const auto &request = *taken;
    const QString path = request ? request->url.path() : QString();
    const bool engine = path.startsWith(u"/engine.io"_s);
    PollingEndpoint &polling = engine ? *m_engineIo : *m_socketIo;
    WebSocketHandshake::Outcome outcome = WebSocketHandshake::answer(request, engine ? EnginePath : SocketPath);
    const QString sid = outcome.accepted ? QUrlQuery(request->url).queryItemValue(u"sid"_s) : QString();
    // A WebSocket for a session that is not (or no longer) a polling session is accepted and closed, as
    // engine.io does.
    const bool unclaimed = !sid.isEmpty() && !polling.claimUpgrade(sid);
    if (!outcome.accepted) {
        socket->write(outcome.response);
        socket->disconnectFromHost();
        connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
        QTimer::singleShot(5000, socket, [socket] { socket->abort(); });
        return;
    }
    TcpStream *stream = TcpStream::take(socket);
    if (!stream) {
        if (!sid.isEmpty() && !unclaimed)
            polling.releaseUpgrade(sid);
        socket->abort();
        socket->deleteLater();
        return;
    }
    stream->writeNow(outcome.response);
    auto *ws = new WebSocketConnection(stream, request->header("user-agent").left(256), MaxPayload, this);
    const auto kind = engine ? ConformanceSession::Kind::Engine : ConformanceSession::Kind::SocketIo;
    // Not from inside the socket's own readyRead: the session starts reading it.
    QMetaObject::invokeMethod(this, [this, ws, sid, kind, unclaimed, &polling] {
        if (unclaimed) {
            ws->close(1008, u"unknown session id"_s);
            ws->start();
            connect(ws, &EngineTransport::disconnected, ws, &QObject::deleteLater);
            QTimer::singleShot(5000, ws, [ws] { ws->abort(); });
        } else if (sid.isEmpty()) {
            adopt(kind, ws, EngineSession::newId());
        } else if (!polling.offerUpgrade(sid, ws)) {
            ws->abort();
            ws->deleteLater();
        }
    }, Qt::QueuedConnection);
}

} // namespace Banter::Conformance
