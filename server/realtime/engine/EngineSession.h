#pragma once

#include "realtime/engine/EngineTransport.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QString>

#include <optional>
#include <utility>

namespace Banter::Server {

class WebSocketConnection;

struct EngineSettings
{
    int pingIntervalMs = 25000;
    int pingTimeoutMs = 20000;
    int maxPayloadBytes = 64 * 1024;
    int closeGraceMs = 3000; // a close of ours that the peer does not complete is cut off after this
    QString sidPrefix;       // prepended to new sids (the node's name in a cluster, see docs/deploy.md)
};

// One Engine.IO v4 session (https://socket.io/docs/v4/engine-io-protocol/): the open packet, the heartbeat,
// the packets of the layer above (Socket.IO) in both directions, the close, and the upgrade from HTTP
// long-polling to WebSocket (probe "2probe"/"3probe", a noop to end the held poll, "5", then whatever polling
// still had queued goes out on the WebSocket first). The layer above sees message()/binaryMessage() and calls
// send(); it never learns which transport carries the session. Owns its transports (children); lives on its
// worker's thread, driven by the worker's tick.
class EngineSession : public QObject
{
    Q_OBJECT
public:
    // clock: the owner's monotonic clock (it drives tick() with the same one); it outlives the session.
    EngineSession(QString sid, EngineTransport *transport, EngineSettings settings, const QElapsedTimer &clock,
                  QObject *parent = nullptr);
    ~EngineSession() override;

    static QString newId(const QString &prefix = {}); // prefix + 128 random bits, base64url

    const QString &sid() const { return m_sid; }
    EngineTransport::Kind transportKind() const { return m_transport->kind(); }
    QHostAddress peerAddress() const { return m_transport->peerAddress(); }
    const QByteArray &userAgent() const { return m_transport->userAgent(); }
    bool isClosing() const { return m_closingSince >= 0; }
    qint64 bytesToWrite() const { return m_transport->bytesToWrite(); }

    // Sends the open packet and starts reading.
    void start();
    void send(const QString &packet); // one complete Engine.IO text packet, e.g. "42[...]"
    void sendBinary(const QByteArray &data);
    void pong(const QString &data) { send(u'3' + data); }
    void close(quint16 code, const QString &reason);
    void abort();

    enum class Health { Alive, PingTimedOut, CloseStalled };
    // Heartbeat and deadlines, from the worker's tick (monotonic ms): sends a ping when one is due.
    Health tick(qint64 now);
    // When tick() next has something to do (monotonic ms): for an owner that arms a timer per session.
    qint64 nextDeadline() const;

signals:
    void message(const QString &data);       // the data of an Engine.IO MESSAGE text packet (a Socket.IO packet)
    void binaryMessage(const QByteArray &data);
    void pingReceived(const QString &data);  // a client ping: the owner decides whether to pong()
    void noopReceived();                     // a client noop: nothing to answer, but the owner may count it
    void received();                         // anything arrived (activity)
    void closed();                           // the session is over; emitted once

private:
    void attach(EngineTransport *transport);
    void onText(const QString &text);
    void onRequest();
    void onUpgradeRequested(WebSocketConnection *probe);
    void onProbeText(const QString &text);
    void finishUpgrade();
    void dropProbe();

    QString m_sid;
    EngineTransport *m_transport;
    QPointer<WebSocketConnection> m_probe;
    bool m_probed = false; // the probe answered "3probe": the client pauses polling and sends "5" next
    qint64 m_probeSince = 0;
    // A close of ours while the client completes the upgrade: done on the WebSocket once it has taken over
    // (the client has stopped polling and would not see it there).
    std::optional<std::pair<quint16, QString>> m_closeAfterUpgrade;
    EngineSettings m_settings;
    const QElapsedTimer &m_clock;
    qint64 m_pingSentAt = 0; // 0: no ping outstanding
    qint64 m_lastPingAt;
    qint64 m_closingSince = -1;
    bool m_closed = false;
};

} // namespace Banter::Server
