#include "realtime/SocketGateway.h"

#include "http/LimitedTcpServer.h"
#include "realtime/RealtimeLog.h"
#include "realtime/SocketHub.h"
#include "realtime/SocketWorker.h"

#include <banter/net/EpollEventDispatcher.h>

#include <QHttpServer>
#include <QHttpServerWebSocketUpgradeResponse>
#include <QThread>
#include <QTimer>
#include <QUrlQuery>
#include <QTcpSocket>
#include <QWebSocket>

using namespace Qt::StringLiterals;

namespace Banter::Server {

SocketGateway::SocketGateway(QHttpServer &http, LimitedTcpServer &tcp, RealtimeSettings settings, const EventRouter &router,
                             Authenticator &authenticator, PresenceService &presence, SocketHub &hub,
                             ConnectionRegistry &registry, QObject *parent)
    : QObject(parent), m_http(http), m_tcp(tcp), m_settings(settings)
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
        thread->start();
        m_threads.append(thread);
        m_workers.append(worker);
    }
    hub.setWorkers(m_workers);

    m_http.addWebSocketUpgradeVerifier(this, [](const QHttpServerRequest &request) {
        if (request.url().path() != "/socket.io/"_L1 && request.url().path() != "/socket.io"_L1)
            return QHttpServerWebSocketUpgradeResponse::passToNext();
        const QUrlQuery query(request.url());
        if (query.queryItemValue(u"EIO"_s) != "4"_L1)
            return QHttpServerWebSocketUpgradeResponse::deny(400, "{\"code\":5,\"message\":\"Unsupported protocol version\"}");
        if (query.queryItemValue(u"transport"_s) != "websocket"_L1)
            return QHttpServerWebSocketUpgradeResponse::deny(400, "{\"code\":0,\"message\":\"Transport unknown\"}");
        return QHttpServerWebSocketUpgradeResponse::accept();
    });
    // Taken out of QHttpServer's queue at once (its WebSocket server refuses handshakes beyond 30 pending), but
    // moved to a worker thread only from a queued call: the signal is emitted from inside the TCP socket's
    // readyRead handling, and a socket must not change threads while one of its own signals is being delivered.
    connect(&m_http, &QHttpServer::newWebSocketConnection, this, [this] {
        while (m_http.hasPendingWebSocketConnections()) {
            std::unique_ptr<QWebSocket> socket = m_http.nextPendingWebSocketConnection();
            if (!socket)
                break;
            m_accepted.push_back(std::move(socket));
        }
        if (!m_dispatchQueued) {
            m_dispatchQueued = true;
            QMetaObject::invokeMethod(this, &SocketGateway::acceptPending, Qt::QueuedConnection);
        }
    });
}

SocketGateway::~SocketGateway()
{
    stopThreads();
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

void SocketGateway::acceptPending()
{
    m_dispatchQueued = false;
    std::vector<std::unique_ptr<QWebSocket>> accepted;
    accepted.swap(m_accepted);
    for (std::unique_ptr<QWebSocket> &socket : accepted) {
        QWebSocket *raw = socket.release();
        raw->setParent(nullptr);
        // The QTcpSocket underneath is not the QWebSocket's child, and QHttpServer's internal QWebSocketServer
        // (on this thread) still listens to its disconnected() to deleteLater() it. Left connected, that
        // slot runs here after the socket moved to a worker — sender() then points at a socket another thread
        // owns or already freed (the churn crashes in QMetaObject::cast and notify_helper). So: take it out of
        // the books, cut that connection, and make it the QWebSocket's child so that both move and die
        // together on the worker. Nothing on this thread refers to either afterwards.
        QTcpSocket *tcp = m_tcp.takeSocket(raw->peerAddress(), raw->peerPort());
        if (tcp) {
            Q_ASSERT(tcp->thread() == thread());
            QObject::disconnect(tcp, &QAbstractSocket::disconnected, nullptr, nullptr);
            tcp->setParent(raw);
        }
        if (!tcp || tcp->state() != QAbstractSocket::ConnectedState
            || raw->state() != QAbstractSocket::ConnectedState) {
            // Closed between the handshake and now (the QWebSocketServer may already have deleted the TCP
            // socket, or queued its deletion): nothing to hand over.
            raw->abort();
            raw->deleteLater();
            continue;
        }
        if (connectionCount() >= m_settings.maxConnections) {
            qCWarning(lcRealtime) << "refusing a socket: at the limit of" << m_settings.maxConnections;
            raw->close(QWebSocketProtocol::CloseCode(1013) /* try again later */, u"server full"_s);
            raw->deleteLater();
            continue;
        }
        // Round robin: a worker's count only moves once it has adopted the socket, so "least busy" would send a
        // whole burst to one thread.
        SocketWorker *target = m_workers[m_next++ % m_workers.size()];
        raw->moveToThread(target->thread());
        target->adoptLater(raw);
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
    for (QThread *t : std::as_const(m_threads)) {
        t->quit();
        t->wait();
    }
    qDeleteAll(m_threads); // workers were deleted on their threads when those finished
    m_threads.clear();
    m_workers.clear();
}

} // namespace Banter::Server
