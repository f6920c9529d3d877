#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QTimer>
#include <QUrl>

#include <functional>

class QWebSocket;

namespace Banter::Client {
class PollingChannel;
}

namespace Banter::Client {

// A Socket.IO v5 client over Engine.IO v4 on the WebSocket transport only (what banterd and any Socket.IO
// server with transports ["websocket"] speak), for one namespace: "/" unless setNamespace() chose another
// (e.g. "/admin": CONNECT is then 40/admin,{auth}, and only packets of that namespace are read and sent).
//
// Timing is one single-shot QTimer per client, armed for the earliest of: the heartbeat deadline, the first
// ack deadline, the reconnect time. Received traffic only records a timestamp; the timer re-arms itself lazily
// when it fires early. A benchmark with a thousand clients therefore costs a timer event per client every
// ping interval, not one per packet or per ack.
class SocketIoClient : public QObject
{
    Q_OBJECT
public:
    // The first ack argument; on timeout or disconnect {"ok":false,"error":{"code":"timeout"|"disconnected",...}}.
    using AckCallback = std::function<void(const QJsonValue &response)>;

    explicit SocketIoClient(QObject *parent = nullptr);
    ~SocketIoClient() override;

    void setAuth(const QJsonObject &auth); // sent in the CONNECT packet; empty = no payload
    void setNamespace(const QString &nsp); // "/" by default; takes effect at the next CONNECT
    QString socketNamespace() const { return m_namespace; }
    void setReconnect(bool enabled, int minDelayMs = 500, int maxDelayMs = 5000);
    // WebSocket (the default) or HTTP long-polling (PollingChannel), for networks that let no WebSocket through;
    // takes effect at the next open() or reconnect.
    enum class Transport { WebSocket, Polling };
    void setTransport(Transport transport) { m_transport = transport; }

    void open(const QUrl &server); // http://host:port -> ws://host:port/socket.io/?EIO=4&transport=websocket
    void close();                  // no reconnect after this
    bool isConnected() const;
    QString sid() const;

    // Emitted before the CONNECT is acknowledged, packets wait in a buffer and leave in order once it is.
    void emitEvent(const QString &event, const QJsonValue &payload);
    void emitWithAck(const QString &event, const QJsonValue &payload, AckCallback onAck, int timeoutMs = 10000);

signals:
    void connected(const QString &sid);
    // The 44 packet's payload (no reconnect follows), or {"message", "data":{"code":"unavailable"}} for an
    // attempt that failed before the CONNECT (followed by the next attempt when reconnect is on).
    void connectError(const QJsonObject &error);
    void disconnected(const QString &reason);    // only after connected(): "io server disconnect", "ping timeout"...
    // Named like Socket.IO's own; it hides QObject::event(QEvent *) here, which Qt still calls virtually.
    // The hiding is the point (connect(&SocketIoClient::event) stays unambiguous), so clang is told so.
#ifdef __clang__
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Woverloaded-virtual"
#endif
    void event(const QString &name, const QJsonArray &args);
#ifdef __clang__
#pragma clang diagnostic pop
#endif

private:
    enum class State { Idle, Opening, Handshaking, Connected, WaitingToReconnect, Closed };

    struct PendingAck
    {
        AckCallback callback;
        qint64 deadline = 0;
        bool sent = false; // still in m_sendBuffer when false: survives a reconnect
    };

    qint64 now() const { return m_clock.elapsed(); }
    void startTransport();
    void dropTransport();
    void onTextMessage(const QString &frame);
    void onEngineOpen(const QString &json);
    void onSocketPacket(const QString &text);
    void onTransportLost(const QString &reason);
    void finishAck(qint64 id, const QJsonValue &response);
    void failAcks(bool includeUnsent, const QString &code, const QString &message);
    void send(const QString &socketPacket, qint64 ackId);
    void sendFrame(const QString &engineFrame);
    void arm(qint64 deadline);
    void onTimer();

    QWebSocket *m_socket = nullptr;
    PollingChannel *m_polling = nullptr;
    Transport m_transport = Transport::WebSocket;
    QUrl m_server;
    QTimer m_timer;
    qint64 m_timerDue = 0;
    QElapsedTimer m_clock;
    State m_state = State::Idle;
    QUrl m_url;
    QJsonObject m_auth;
    QString m_namespace = QStringLiteral("/");
    QString m_sid;

    bool m_reconnect = false;
    int m_minDelayMs = 500;
    int m_maxDelayMs = 5000;
    int m_attempts = 0;
    qint64 m_reconnectAt = 0;

    qint64 m_lastReceived = 0;
    qint64 m_silenceLimitMs = 0; // handshake timeout, then pingInterval + pingTimeout from the open packet
    qint64 m_maxPayload = 0;     // 0 = unknown

    QHash<qint64, PendingAck> m_acks;
    qint64 m_nextAckId = 0;
    QList<std::pair<QString, qint64>> m_sendBuffer; // Socket.IO text and its ack id (-1 = none)
};

} // namespace Banter::Client
