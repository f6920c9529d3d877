#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QObject>
#include <QString>

namespace Banter::Server {

// What carries an Engine.IO session: a WebSocket (one packet per frame) or HTTP long-polling (packets batched
// into request and response bodies). EngineSession speaks Engine.IO over whichever it has; nothing above the
// session knows which one it is. A transport lives on the thread of the worker that owns its session and is
// used only there.
class EngineTransport : public QObject
{
    Q_OBJECT
public:
    enum class Kind { WebSocket, Polling };

    using QObject::QObject;

    virtual Kind kind() const = 0;
    virtual QHostAddress peerAddress() const = 0;
    virtual const QByteArray &userAgent() const = 0;
    // Connected and no close sent or received.
    virtual bool isOpen() const = 0;
    // Bytes accepted by send*() that the peer has not taken yet (a reader that stopped reading grows it).
    virtual qint64 bytesToWrite() const = 0;

    virtual void sendText(const QString &packet) = 0;      // one Engine.IO text packet, e.g. "42[...]" or "2"
    virtual void sendBinary(const QByteArray &data) = 0;   // one binary Engine.IO message
    // A close of ours: what is queued still goes out, then the transport ends (disconnected()).
    virtual void close(quint16 code, const QString &reason) = 0;
    // The peer sent an Engine.IO CLOSE: end without a close packet of ours.
    virtual void closeByPeer() = 0;
    // Ends now; nothing queued is delivered.
    virtual void abort() = 0;
    // Starts reading (call once, on the owning thread, after connecting to the signals).
    virtual void start() = 0;

signals:
    void textMessageReceived(const QString &packet);
    void binaryMessageReceived(const QByteArray &data);
    void disconnected(); // the transport is gone; emitted once
};

} // namespace Banter::Server
