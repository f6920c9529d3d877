#include "realtime/SocketGateway.h"

#include "bus/LocalBus.h"
#include "http/CorsPolicy.h"
#include "http/LimitedTcpServer.h"
#include "realtime/RealtimeLog.h"
#include "realtime/SocketWorker.h"
#include "realtime/engine/PollingEndpoint.h"
#include "realtime/engine/PollingTransport.h"
#include "realtime/engine/TcpStream.h"
#include "realtime/engine/WebSocketConnection.h"
#include "realtime/engine/WebSocketHandshake.h"

#include <banter/Tsan.h>
#include <banter/net/EpollEventDispatcher.h>

#include <QTcpSocket>
#include <QUrlQuery>
#include <QThread>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

// A refused connection whose close is under way: deleted once the peer has closed too, or cut off (abort) after
// a grace period if it never reads what we answered.
template <typename T, typename Signal>
void deleteWhenClosed(T *connection, Signal closed)
{
    QObject::connect(connection, closed, connection, &QObject::deleteLater);
    QTimer::singleShot(5000, connection, [connection] {
        connection->abort();
        connection->deleteLater();
    });
}

} // namespace

SocketGateway::SocketGateway(QHttpServer &http, LimitedTcpServer &tcp, const CorsPolicy &cors, RealtimeSettings settings,
                             const EventRouter &router, Authenticator &authenticator, PresenceService &presence,
                             LocalBus &bus, ConnectionRegistry &registry, QObject *parent)
    : QObject(parent), m_tcp(tcp), m_bus(bus), m_settings(settings), m_cors(cors)
{
    for (int i = 0; i < qMax(1, settings.threads); ++i) {
        auto *thread = new QThread(this);
        thread->setObjectName(u"banter-socket-"_s + QString::number(i));
        // epoll: a socket thread holds thousands of sockets, and poll() would pass all of them to the kernel on
        // every wake-up.
        if (auto *dispatcher = Net::EpollEventDispatcher::create())
            thread->setEventDispatcher(dispatcher);
        auto *worker = new SocketWorker(i, settings, router, authenticator, presence, registry);
        worker->moveToThread(thread);
        connect(thread, &QThread::finished, worker, &QObject::deleteLater);
        connect(worker, &SocketWorker::drained, this, [this] {
            if (++m_drained == m_workers.size())
                emit stopped();
        }, Qt::QueuedConnection);
        // The last thing the thread does; stopThreads() acquires it after wait() (TSan cannot see QThread::wait).
        connect(thread, &QThread::finished, thread, [thread] { Tsan::release(thread); }, Qt::DirectConnection);
        thread->start();
        m_threads.append(thread);
        m_workers.append(worker);
    }
    bus.setWorkers(m_workers);

    connect(&m_tcp, &LimitedTcpServer::webSocketRequested, this, &SocketGateway::handshake);
    m_polling = std::make_unique<PollingEndpoint>(
        http, PollingEndpoint::Settings{u"/socket.io/"_s, settings.maxPayloadBytes, settings.sidPrefix}, tcp.limiter(), cors,
        [this](PollingTransport *t) { return adoptPolling(t); });
}

SocketGateway::~SocketGateway()
{
    stopThreads();
}

int SocketGateway::pollingSessions() const
{
    return m_polling->sessionCount();
}

SocketWorker *SocketGateway::nextWorker()
{
    // Round robin: a worker's count only moves once it has adopted the socket, so "least busy" would send a
    // whole burst to one thread.
    return m_workers[m_next++ % m_workers.size()];
}

bool SocketGateway::adoptPolling(PollingTransport *transport)
{
    if (connectionCount() >= m_settings.maxConnections) {
        qCWarning(lcRealtime) << "refusing a polling session: at the limit of" << m_settings.maxConnections;
        return false;
    }
    SocketWorker *target = nextWorker();
    transport->moveToThread(target->thread());
    target->adoptLater(transport, transport->sid());
    return true;
}

int SocketGateway::connectionCount() const
{
    int n = 0;
    for (const SocketWorker *w : m_workers)
        n += w->connectionCount();
    return n;
}

quint64 SocketGateway::deliveries() const
{
    quint64 n = 0;
    for (const SocketWorker *w : m_workers)
        n += w->deliveries();
    return n;
}

quint64 SocketGateway::eventsIn() const
{
    quint64 n = 0;
    for (const SocketWorker *w : m_workers)
        n += w->eventsIn();
    return n;
}

void SocketGateway::handshake(QTcpSocket *socket)
{
    // The complete head is in the buffer (HttpGuard checked it against the HTTP limits), maybe followed by
    // the client's first frames.
    socket->setParent(this);
    const auto taken = WebSocketHandshake::take(*socket);
    if (!taken) {
        socket->abort();
        socket->deleteLater();
        return;
    }
    const auto &request = *taken;
    WebSocketHandshake::Outcome outcome = WebSocketHandshake::answer(request);
    QString upgradeSid;
    bool unclaimed = false;
    if (outcome.accepted && !m_cors.permits(request->header("origin"))) {
        outcome = WebSocketHandshake::refusal(403, "Forbidden", u"forbidden"_s, u"origin not allowed"_s);
    } else if (outcome.accepted) {
        upgradeSid = QUrlQuery(request->url).queryItemValue(u"sid"_s);
        // A sid names the polling session this WebSocket upgrades; one upgrade per session. Another one is
        // accepted and closed at once (1008), as engine.io does.
        unclaimed = !upgradeSid.isEmpty() && !m_polling->claimUpgrade(upgradeSid);
    }
    if (!outcome.accepted) {
        // Answered; closed once the answer is out, or cut off after a grace period if the client never reads.
        socket->write(outcome.response);
        socket->disconnectFromHost();
        deleteWhenClosed(socket, &QAbstractSocket::disconnected);
        return;
    }
    // From here on the connection is ours, not a QTcpSocket's: a WebSocket held by the thousand cannot afford
    // its buffers (TcpStream).
    TcpStream *stream = TcpStream::take(socket);
    if (!stream) {
        if (!upgradeSid.isEmpty() && !unclaimed)
            m_polling->releaseUpgrade(upgradeSid);
        socket->abort();
        socket->deleteLater();
        return;
    }
    stream->writeNow(outcome.response);
    auto *connection = new WebSocketConnection(stream, request->header("user-agent").left(256),
                                               m_settings.maxPayloadBytes, this);
    // Moved to a worker thread only from a queued call: this runs inside the socket's readyRead, and a socket
    // must not change threads while one of its own signals is being delivered.
    m_accepted.push_back({connection, upgradeSid, unclaimed});
    if (!m_dispatchQueued) {
        m_dispatchQueued = true;
        QMetaObject::invokeMethod(this, &SocketGateway::acceptPending, Qt::QueuedConnection);
    }
}

void SocketGateway::acceptPending()
{
    m_dispatchQueued = false;
    std::vector<Accepted> accepted;
    accepted.swap(m_accepted);
    for (const auto &[connection, upgradeSid, unclaimed] : accepted) {
        if (!connection->isOpen()) { // closed between the handshake and now
            if (!upgradeSid.isEmpty() && !unclaimed)
                m_polling->releaseUpgrade(upgradeSid);
            delete connection;
            continue;
        }
        if (unclaimed) {
            connection->close(1008, u"unknown session id, or it is not a polling session"_s);
            connection->start();
            deleteWhenClosed(connection, &WebSocketConnection::disconnected);
            continue;
        }
        if (!upgradeSid.isEmpty()) {
            // The upgrade of a polling session: to its worker, whatever the count (it is one session already).
            if (!m_polling->offerUpgrade(upgradeSid, connection)) {
                connection->close(1011, u"the session ended"_s);
                connection->start();
                deleteWhenClosed(connection, &WebSocketConnection::disconnected);
            }
            continue;
        }
        if (connectionCount() >= m_settings.maxConnections) {
            qCWarning(lcRealtime) << "refusing a socket: at the limit of" << m_settings.maxConnections;
            connection->close(1013 /* try again later */, u"server full"_s);
            connection->start();
            deleteWhenClosed(connection, &WebSocketConnection::disconnected);
            continue;
        }
        // Nothing on this thread refers to the connection afterwards.
        SocketWorker *target = nextWorker();
        connection->setParent(nullptr);
        connection->moveToThread(target->thread());
        target->adoptLater(connection);
    }
}

void SocketGateway::shutdown(int timeoutMs)
{
    if (m_workers.isEmpty()) {
        emit stopped();
        return;
    }
    m_drained = 0;
    for (SocketWorker *w : std::as_const(m_workers))
        w->shutdownLater();
    QTimer::singleShot(timeoutMs, this, [this] {
        if (m_drained < m_workers.size()) {
            qCWarning(lcRealtime) << "sockets still open after the grace period";
            m_drained = int(m_workers.size());
            emit stopped();
        }
    });
}

void SocketGateway::stopThreads()
{
    // Each worker is deleted on its thread as that thread finishes, while the other socket threads may still
    // run continuations that fan out through the hub (a user going offline): the bus lets go of every worker
    // first, waiting for deliveries in progress.
    m_bus.detachWorkers();
    for (QThread *t : std::as_const(m_threads)) {
        t->quit();
        t->wait();
        Tsan::acquire(t);
    }
    qDeleteAll(m_threads); // workers were deleted on their threads when those finished
    m_threads.clear();
    m_workers.clear();
}

} // namespace Banter::Server
