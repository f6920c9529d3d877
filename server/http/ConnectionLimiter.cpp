#include "http/ConnectionLimiter.h"

#include <QMutexLocker>
#include <QTcpSocket>

namespace Banter::Server {

ConnectionLimiter::ConnectionLimiter(int maxPerAddress, int maxTotal)
    : m_maxPerAddress(maxPerAddress), m_maxTotal(maxTotal)
{
}

bool ConnectionLimiter::tryAcquire(const QHostAddress &peer)
{
    QMutexLocker lock(&m_mutex);
    if (m_total >= m_maxTotal || m_perAddress.value(peer) >= m_maxPerAddress)
        return false;
    ++m_perAddress[peer];
    ++m_total;
    return true;
}

void ConnectionLimiter::release(const QHostAddress &peer)
{
    QMutexLocker lock(&m_mutex);
    --m_total;
    auto it = m_perAddress.find(peer);
    if (it != m_perAddress.end() && --*it <= 0)
        m_perAddress.erase(it);
}

void ConnectionLimiter::remember(const QHostAddress &peer, quint16 port, QTcpSocket *socket)
{
    QMutexLocker lock(&m_mutex);
    m_sockets.insert({peer, port}, socket);
}

QTcpSocket *ConnectionLimiter::take(const QHostAddress &peer, quint16 port)
{
    QMutexLocker lock(&m_mutex);
    return m_sockets.take({peer, port});
}

void ConnectionLimiter::forget(const QHostAddress &peer, quint16 port, const QTcpSocket *socket)
{
    QMutexLocker lock(&m_mutex);
    auto it = m_sockets.find({peer, port});
    if (it != m_sockets.end() && *it == socket)
        m_sockets.erase(it);
}

int ConnectionLimiter::open() const
{
    QMutexLocker lock(&m_mutex);
    return m_total;
}

int ConnectionLimiter::openFor(const QHostAddress &peer) const
{
    QMutexLocker lock(&m_mutex);
    return m_perAddress.value(peer);
}

ConnectionSlot::ConnectionSlot(std::shared_ptr<ConnectionLimiter> limiter, QTcpSocket *socket)
    : QObject(socket), m_limiter(std::move(limiter)), m_socket(socket), m_peer(socket->peerAddress()),
      m_port(socket->peerPort())
{
    m_limiter->remember(m_peer, m_port, socket);
}

ConnectionSlot::~ConnectionSlot()
{
    // The socket is being destroyed (this is its child): compared by address only, never dereferenced.
    m_limiter->forget(m_peer, m_port, m_socket);
    m_limiter->release(m_peer);
}

} // namespace Banter::Server
