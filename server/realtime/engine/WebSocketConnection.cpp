#include "realtime/engine/WebSocketConnection.h"

#include "realtime/RealtimeLog.h"
#include "realtime/engine/TcpStream.h"
#include "realtime/engine/WebSocketFrameWriter.h"


namespace Banter::Server {

namespace Frames = WebSocketFrameWriter;

WebSocketConnection::WebSocketConnection(TcpStream *stream, QByteArray userAgent, qint64 maxMessageBytes,
                                         QObject *parent)
    : EngineTransport(parent), m_stream(stream), m_userAgent(std::move(userAgent)), m_reader(maxMessageBytes)
{
    stream->setParent(this);
}

WebSocketConnection::~WebSocketConnection()
{
    // The stream (a child) dies with us: no signal of it may reach this half-destroyed object.
    m_stream->disconnect(this);
}

QHostAddress WebSocketConnection::peerAddress() const
{
    return m_stream->peerAddress();
}

bool WebSocketConnection::isOpen() const
{
    return !m_closeSent && !m_closeReceived && m_stream->isConnected();
}

qint64 WebSocketConnection::bytesToWrite() const
{
    return m_stream->bytesToWrite();
}

void WebSocketConnection::write(const QByteArray &frame)
{
    m_stream->write(frame);
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
        m_stream->disconnectFromHost();
}

void WebSocketConnection::abort()
{
    m_stream->abort();
}

void WebSocketConnection::start()
{
    connect(m_stream, &TcpStream::received, this, &WebSocketConnection::onReceived);
    connect(m_stream, &TcpStream::disconnected, this, [this] {
        if (!m_disconnected) {
            m_disconnected = true;
            emit disconnected();
        }
    });
    m_stream->start(); // what arrived behind the handshake is read now; a stream closed meanwhile reports it
}

void WebSocketConnection::onReceived(QByteArrayView data)
{
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
            m_stream->disconnectFromHost(); // the server closes TCP first (§7.1.1)
            return;
        }
        // A handler may have closed or aborted us.
        if (m_closeReceived || !m_stream->isConnected())
            return;
    }
    if (!ok) {
        const auto &failure = *m_reader.failure();
        qCDebug(lcRealtime).noquote() << "closing a WebSocket from" << m_stream->peerAddress().toString() << "with" << failure.closeCode
                                      << failure.reason;
        if (!m_closeSent) {
            m_closeSent = true;
            write(Frames::close(failure.closeCode, failure.reason.toUtf8()));
        }
        m_stream->disconnectFromHost();
    }
}

} // namespace Banter::Server
