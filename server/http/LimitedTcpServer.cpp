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
    m_guards.insert(socket, new HttpGuard(socket, m_limits, m_bodies, m_clock, this));
    connect(socket, &QObject::destroyed, this, [this, socket] { delete m_guards.take(socket); });
    addPendingConnection(socket);
}

QTcpSocket *LimitedTcpServer::takeSocket(const QHostAddress &peer, quint16 peerPort)
{
    QTcpSocket *socket = m_limiter->take(peer, peerPort);
    if (socket) {
        delete m_guards.take(socket);
        QObject::disconnect(socket, &QObject::destroyed, this, nullptr);
    }
    return socket;
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
