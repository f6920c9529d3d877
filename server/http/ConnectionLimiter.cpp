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
    : QObject(socket), m_limiter(std::move(limiter)), m_peer(socket->peerAddress())
{
}

ConnectionSlot::~ConnectionSlot()
{
    m_limiter->release(m_peer); // the socket is being destroyed (this is its child)
}

} // namespace Banter::Server
