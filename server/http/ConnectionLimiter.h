#pragma once

#include <QHash>
#include <QHostAddress>
#include <QMutex>
#include <QObject>

#include <memory>

class QTcpSocket;

namespace Banter::Server {

// Counts open TCP connections per client address and in total. Thread-safe: a connection is accepted on the main thread but may end on a socket thread (a WebSocket
// moves there), so its slot is released from whichever thread destroys it — through a ConnectionSlot child
// of the socket, never through a signal connection (QHttpServer disconnects every signal of a socket it hands
// to its WebSocket server, which once leaked every WebSocket's slot).
class ConnectionLimiter
{
public:
    ConnectionLimiter(int maxPerAddress, int maxTotal);

    // Takes a slot for this address, or false when the address or the server is at its limit.
    bool tryAcquire(const QHostAddress &peer);
    void release(const QHostAddress &peer);

    int open() const;
    int openFor(const QHostAddress &peer) const;

private:
    const int m_maxPerAddress;
    const int m_maxTotal;
    mutable QMutex m_mutex;
    int m_total = 0;
    QHash<QHostAddress, int> m_perAddress;
};

// Holds one connection's slot for as long as it lives: a child of the connection's QTcpSocket, so it dies
// with it on whatever thread that happens, and moves threads with it.
class ConnectionSlot : public QObject
{
    Q_OBJECT
public:
    ConnectionSlot(std::shared_ptr<ConnectionLimiter> limiter, QTcpSocket *socket);
    ~ConnectionSlot() override;

private:
    std::shared_ptr<ConnectionLimiter> m_limiter;
    QHostAddress m_peer;
};

} // namespace Banter::Server
