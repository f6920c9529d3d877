#pragma once

#include <QHash>
#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>

namespace Banter::Server {

// A QTcpServer that refuses connections past a per-client-address and a total limit. Qt 6.8's QHttpServer
// has no QHttpServerConfiguration (that arrived in 6.9), so the limits live here.
class LimitedTcpServer : public QTcpServer
{
    Q_OBJECT
public:
    LimitedTcpServer(int maxPerAddress, int maxTotal, QObject *parent = nullptr);

    int openConnections() const { return m_total; }
    // The TCP socket under a connection, found by its peer: QHttpServer hands WebSocket upgrades out as
    // QWebSockets without their QTcpSocket, which must move threads together with them.
    QTcpSocket *socketFor(const QHostAddress &peer, quint16 peerPort) const;

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    int m_maxPerAddress;
    int m_maxTotal;
    int m_total = 0;
    QHash<QHostAddress, int> m_perAddress;
    QHash<std::pair<QHostAddress, quint16>, QTcpSocket *> m_sockets;
};

} // namespace Banter::Server
