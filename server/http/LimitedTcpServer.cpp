#include "http/LimitedTcpServer.h"

#include "http/HttpGuard.h"
#include "http/HttpLog.h"

#include <QTcpSocket>
#include <QTimer>

namespace Banter::Server {

LimitedTcpServer::LimitedTcpServer(int maxPerAddress, int maxTotal, HttpLimits limits, QObject *parent)
    : QTcpServer(parent), m_limiter(std::make_shared<ConnectionLimiter>(maxPerAddress, maxTotal)), m_limits(limits),
      m_bodies(limits.bodyMemoryBytes), m_tick(new QTimer(this))
{
    m_clock.start();
    connect(m_tick, &QTimer::timeout, this, &LimitedTcpServer::checkDeadlines);
    m_tick->start(250);
}

LimitedTcpServer::~LimitedTcpServer()
{
    qDeleteAll(m_guards); // before m_bodies, which they give their reservations back to
    m_guards.clear();
}

void LimitedTcpServer::incomingConnection(qintptr descriptor)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    const QHostAddress peer = socket->peerAddress();
    if (!m_limiter->tryAcquire(peer)) {
        qCWarning(lcHttp) << "refusing connection from" << peer.toString() << "(connection limit reached)";
        socket->abort();
        socket->deleteLater();
        return;
    }
    new ConnectionSlot(m_limiter, socket);
    // Chat frames are small and latency matters: without TCP_NODELAY, Nagle holds a frame back until the
    // client's delayed ACK (about 40 ms) whenever an earlier small write is still unacknowledged.
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    // A socket at this address died without its guard noticing (its destroyed() connection can be cut by
    // QHttpServer): that guard is stale.
    delete m_guards.take(socket);
    // Before addPendingConnection: the guard's readyRead slot must be connected ahead of QHttpServer's.
    auto *guard = new HttpGuard(socket, m_limits, m_bodies, m_clock, this);
    connect(guard, &HttpGuard::webSocketRequested, this, &LimitedTcpServer::takeForWebSocket);
    m_guards.insert(socket, guard);
    connect(socket, &QObject::destroyed, this, [this, socket] { delete m_guards.take(socket); });
    addPendingConnection(socket);
}

void LimitedTcpServer::takeForWebSocket(QTcpSocket *socket)
{
    // We are inside the guard's readyRead slot: it goes later. QHttpServer's per-connection handler (the
    // socket's parent since QHttpServer took it) has not seen the complete head — the guard's slot runs first —
    // so it is between requests or inside a read transaction of this head. Detached the way QHttpServer
    // detaches a socket it upgrades (disconnect, roll the transaction back, unparent), and then deleted:
    // with no socket it has nothing left to do.
    if (HttpGuard *guard = m_guards.take(socket))
        guard->deleteLater();
    QObject *handler = socket->parent();
    socket->disconnect();
    if (socket->isTransactionStarted())
        socket->rollbackTransaction();
    socket->setParent(nullptr);
    if (handler && handler != this) {
        Q_ASSERT(QByteArrayView(handler->metaObject()->className()).startsWith("QHttpServer"));
        handler->deleteLater();
    }
    emit webSocketRequested(socket);
}

void LimitedTcpServer::checkDeadlines()
{
    for (auto it = m_guards.begin(); it != m_guards.end();) {
        if ((*it)->checkDeadlines()) {
            ++it;
        } else {
            delete *it;
            it = m_guards.erase(it);
        }
    }
}

} // namespace Banter::Server
