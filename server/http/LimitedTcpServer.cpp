#include "http/LimitedTcpServer.h"

#include "http/HttpGuard.h"
#include "http/HttpLog.h"

#include <QTcpSocket>
#include <QTimer>

#include <cerrno>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

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

bool LimitedTcpServer::listenSharingPort(const QHostAddress &address, quint16 port, int backlog)
{
    const bool v6 = address.protocol() == QAbstractSocket::IPv6Protocol;
    const int fd = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    const auto failed = [this, fd](const char *what) {
        const QString reason = QStringLiteral("%1: %2").arg(QLatin1StringView(what), qt_error_string(errno));
        if (fd >= 0)
            ::close(fd);
        // QTcpServer has no setter for its error string; a listen() that fails the same way sets it.
        qCWarning(lcHttp).noquote() << "cannot listen sharing the port:" << reason;
        return false;
    };
    if (fd < 0)
        return failed("socket");
    const int on = 1;
    if (::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) < 0
        || ::setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof on) < 0)
        return failed("setsockopt");
    int rc;
    if (v6) {
        sockaddr_in6 sa{};
        sa.sin6_family = AF_INET6;
        sa.sin6_port = htons(port);
        const Q_IPV6ADDR a = address.toIPv6Address();
        memcpy(&sa.sin6_addr, &a, sizeof a);
        rc = ::bind(fd, reinterpret_cast<sockaddr *>(&sa), sizeof sa);
    } else {
        sockaddr_in sa{};
        sa.sin_family = AF_INET;
        sa.sin_port = htons(port);
        sa.sin_addr.s_addr = htonl(address.toIPv4Address());
        rc = ::bind(fd, reinterpret_cast<sockaddr *>(&sa), sizeof sa);
    }
    if (rc < 0)
        return failed("bind");
    if (::listen(fd, backlog) < 0)
        return failed("listen");
    if (!setSocketDescriptor(fd))
        return failed("adopt");
    return true;
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
