#include "http/LimitedTcpServer.h"

#include "http/HttpLog.h"

#include <QTcpSocket>

namespace Banter::Server {

LimitedTcpServer::LimitedTcpServer(int maxPerAddress, int maxTotal, QObject *parent)
    : QTcpServer(parent), m_maxPerAddress(maxPerAddress), m_maxTotal(maxTotal)
{
}

void LimitedTcpServer::incomingConnection(qintptr descriptor)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    const QHostAddress peer = socket->peerAddress();
    int &count = m_perAddress[peer];
    if (count >= m_maxPerAddress || m_total >= m_maxTotal) {
        qCWarning(lcHttp) << "refusing connection from" << peer.toString() << "(connection limit reached)";
        if (count == 0)
            m_perAddress.remove(peer);
        socket->abort();
        socket->deleteLater();
        return;
    }
    ++count;
    ++m_total;
    // Chat frames are small and latency matters: without TCP_NODELAY, Nagle holds a frame back until the
    // client's delayed ACK (about 40 ms) whenever an earlier small write is still unacknowledged.
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    const std::pair<QHostAddress, quint16> key{peer, socket->peerPort()};
    m_sockets.insert(key, socket);
    const void *identity = socket; // compared, never dereferenced: destroyed() may arrive from another thread
    connect(socket, &QObject::destroyed, this, [this, peer, key, identity] {
        if (m_sockets.value(key) == identity)
            m_sockets.remove(key);
        --m_total;
        if (--m_perAddress[peer] <= 0)
            m_perAddress.remove(peer);
    });
    addPendingConnection(socket);
}

QTcpSocket *LimitedTcpServer::socketFor(const QHostAddress &peer, quint16 peerPort) const
{
    return m_sockets.value({peer, peerPort});
}

} // namespace Banter::Server
