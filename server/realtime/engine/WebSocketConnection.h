#pragma once

#include "realtime/engine/EngineTransport.h"
#include "realtime/engine/WebSocketFrameReader.h"

namespace Banter::Server {

class TcpStream;

// One server-side WebSocket over its TCP connection (a TcpStream child; they move between threads and die
// together), after banterd answered the handshake itself (WebSocketHandshake). Frames are read by WebSocketFrameReader:
// whatever RFC 6455 forbids a client — an unmasked frame first of all — closes the connection with the code
// the RFC names (1002, 1007, 1009). Answers pings, runs the closing handshake: a close from the peer is
// echoed and the TCP connection shut; a close of ours waits for the peer's (its owner aborts a peer that
// never answers). Lives on the thread that owns it; not thread-safe.
class WebSocketConnection : public EngineTransport
{
    Q_OBJECT
public:
    WebSocketConnection(TcpStream *stream, QByteArray userAgent, qint64 maxMessageBytes, QObject *parent = nullptr);
    ~WebSocketConnection() override;

    Kind kind() const override { return Kind::WebSocket; }
    QHostAddress peerAddress() const override;
    const QByteArray &userAgent() const override { return m_userAgent; }
    bool isOpen() const override;
    qint64 bytesToWrite() const override;

    void sendText(const QString &text) override;
    void sendBinary(const QByteArray &data) override;
    // Starts the closing handshake (once); the peer's close then ends the TCP connection.
    void close(quint16 code, const QString &reason) override;
    void closeByPeer() override { close(1000, QStringLiteral("client closed")); }
    void abort() override;
    // Starts listening to the socket and reads what already arrived (the client may have sent frames right
    // behind its handshake). Call once, on the owning thread, after connecting to the signals: until then
    // nothing is read, so nothing is lost while the connection waits to move to its thread.
    void start() override;

private:
    void onReceived(QByteArrayView data);
    void write(const QByteArray &frame);

    TcpStream *m_stream;
    QByteArray m_userAgent;
    WebSocketFrameReader m_reader;
    bool m_closeSent = false;
    bool m_closeReceived = false;
    bool m_disconnected = false;
};

} // namespace Banter::Server
