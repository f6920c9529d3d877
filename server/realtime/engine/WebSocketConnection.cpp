#include "realtime/engine/WebSocketConnection.h"

#include "realtime/RealtimeLog.h"
#include "realtime/engine/WebSocketFrameWriter.h"

#include <QTcpSocket>

namespace Banter::Server {

namespace Frames = WebSocketFrameWriter;

WebSocketConnection::WebSocketConnection(QTcpSocket *socket, QByteArray userAgent, qint64 maxMessageBytes,
                                         QObject *parent)
    : EngineTransport(parent), m_socket(socket), m_peer(socket->peerAddress()), m_userAgent(std::move(userAgent)),
      m_reader(maxMessageBytes)
{
    socket->setParent(this);
    // The HTTP guard's read-buffer cap was for request heads; frames are bounded by the reader instead.
    socket->setReadBufferSize(0);
}

WebSocketConnection::~WebSocketConnection()
{
    // The socket (a child) dies with us: no signal of it may reach this half-destroyed object.
    m_socket->disconnect(this);
}

bool WebSocketConnection::isOpen() const
{
    return !m_closeSent && !m_closeReceived && m_socket->state() == QAbstractSocket::ConnectedState;
}

qint64 WebSocketConnection::bytesToWrite() const
{
    return m_socket->bytesToWrite();
}

void WebSocketConnection::write(const QByteArray &frame)
{
    if (m_socket->state() == QAbstractSocket::ConnectedState)
        m_socket->write(frame);
}

void WebSocketConnection::sendText(const QString &text)
{
    if (m_closeSent || m_closeReceived)
        return;
    write(Frames::frame(Frames::Opcode::Text, text.toUtf8()));
}

void WebSocketConnection::sendBinary(const QByteArray &data)
{
    if (m_closeSent || m_closeReceived)
        return;
    write(Frames::frame(Frames::Opcode::Binary, data));
}

void WebSocketConnection::close(quint16 code, const QString &reason)
{
    if (m_closeSent)
        return;
    m_closeSent = true;
    write(Frames::close(code, reason.toUtf8()));
    if (m_closeReceived)
        m_socket->disconnectFromHost();
}

void WebSocketConnection::abort()
{
    m_socket->abort();
}

void WebSocketConnection::start()
{
    connect(m_socket, &QIODevice::readyRead, this, &WebSocketConnection::onReadyRead);
    connect(m_socket, &QAbstractSocket::disconnected, this, [this] {
        if (!m_disconnected) {
            m_disconnected = true;
            emit disconnected();
        }
    });
    if (m_socket->bytesAvailable() > 0)
        onReadyRead();
    if (m_socket->state() != QAbstractSocket::ConnectedState && !m_disconnected) {
        m_disconnected = true;
        emit disconnected();
    }
}

void WebSocketConnection::onReadyRead()
{
    const QByteArray data = m_socket->readAll();
    if (m_closeReceived || m_reader.failure())
        return; // nothing may follow a close; after a protocol error nothing is read
    QList<WebSocketFrameReader::Message> messages;
    const bool ok = m_reader.feed(data, messages);
    for (WebSocketFrameReader::Message &m : messages) {
        switch (m.kind) {
        case WebSocketFrameReader::Kind::Text:
            if (!m_closeSent)
                emit textMessageReceived(QString::fromUtf8(m.payload));
            break;
        case WebSocketFrameReader::Kind::Binary:
            if (!m_closeSent)
                emit binaryMessageReceived(m.payload);
            break;
        case WebSocketFrameReader::Kind::Ping:
            if (!m_closeSent)
                write(Frames::frame(Frames::Opcode::Pong, m.payload));
            break;
        case WebSocketFrameReader::Kind::Pong:
            break;
        case WebSocketFrameReader::Kind::Close:
            m_closeReceived = true;
            if (!m_closeSent) {
                m_closeSent = true;
                // Echo the peer's code (RFC 6455 §5.5.1); a close without one is answered without one.
                write(m.closeCode == 1005 ? Frames::frame(Frames::Opcode::Close, {}) : Frames::close(m.closeCode, {}));
            }
            m_socket->disconnectFromHost(); // the server closes TCP first (§7.1.1)
            return;
        }
        // A handler may have closed or aborted us.
        if (m_closeReceived || m_socket->state() != QAbstractSocket::ConnectedState)
            return;
    }
    if (!ok) {
        const auto &failure = *m_reader.failure();
        qCDebug(lcRealtime).noquote() << "closing a WebSocket from" << m_peer.toString() << "with" << failure.closeCode
                                      << failure.reason;
        if (!m_closeSent) {
            m_closeSent = true;
            write(Frames::close(failure.closeCode, failure.reason.toUtf8()));
        }
        m_socket->disconnectFromHost();
    }
}

} // namespace Banter::Server
