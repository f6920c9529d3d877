#pragma once

#include "realtime/engine/EngineTransport.h"

#include <banter/protocol/PollingPayload.h>

#include <QList>

#include <memory>

namespace Banter::Server {

class ConnectionLimiter;
class PollingEndpoint;
class WebSocketConnection;

// Engine.IO over HTTP long-polling, the worker side: packets to the client wait in a queue until the client's
// GET takes them; a POST's packets are read out as they arrive. The HTTP requests themselves are answered by
// the PollingEndpoint on the main thread, which holds them and hands this transport their ids (queued
// calls); this transport tells the endpoint what to answer (PollingEndpoint::answerLater). At most one GET
// is held: a second one is answered 400 and ends the session, as Engine.IO requires. A polling session
// holds one slot of the connection limiter (per address and in total) for as long as it lives, like a
// WebSocket's TCP connection does.
class PollingTransport : public EngineTransport
{
    Q_OBJECT
public:
    PollingTransport(QString sid, PollingEndpoint &endpoint, std::shared_ptr<ConnectionLimiter> limiter,
                     QHostAddress peer, QByteArray userAgent);
    ~PollingTransport() override; // answers a held GET and leaves the endpoint's directory

    const QString &sid() const { return m_sid; }

    Kind kind() const override { return Kind::Polling; }
    QHostAddress peerAddress() const override { return m_peer; }
    const QByteArray &userAgent() const override { return m_userAgent; }
    bool isOpen() const override { return !m_closing && !m_ended; }
    qint64 bytesToWrite() const override { return m_queuedBytes; }
    void sendText(const QString &packet) override;
    void sendBinary(const QByteArray &data) override;
    void close(quint16 code, const QString &reason) override;
    void closeByPeer() override;
    void abort() override;
    void start() override;

    // Worker thread, from the endpoint's queued calls.
    void poll(quint64 requestId);
    void receive(quint64 requestId, const QByteArray &body);
    // A WebSocket on the same sid asks to take the session over (the endpoint checked there was none before).
    void offerUpgrade(WebSocketConnection *probe);

    // The upgrade, driven by the session: pause() answers a held GET with a noop so the client stops polling;
    // retire() gives back what is still queued (for the WebSocket to send) and ends polling: the sid leaves
    // the directory, so later polling requests are refused.
    void pause();
    void upgradeFailed(); // the probe went away: polling goes on, and another WebSocket may try
    QList<Protocol::PollingPayload::Packet> retire();

signals:
    void upgradeRequested(WebSocketConnection *probe);
    void requestArrived(); // before a GET or POST is handled: the session checks its deadlines

protected:
    bool event(QEvent *e) override; // runs the endpoint's CallEvents

private:
    void enqueue(Protocol::PollingPayload::Packet packet);
    void scheduleFlush();
    void flush();
    void answerHeld(const QByteArray &body);
    void end();
    void endNow(const QByteArray &heldAnswer); // nothing queued goes out; a held GET gets heldAnswer

    QString m_sid;
    PollingEndpoint &m_endpoint;
    std::shared_ptr<ConnectionLimiter> m_limiter;
    QHostAddress m_peer;
    QByteArray m_userAgent;
    QList<Protocol::PollingPayload::Packet> m_queue;
    qint64 m_queuedBytes = 0;
    quint64 m_heldGet = 0; // 0: none
    bool m_started = false;
    bool m_flushQueued = false;
    bool m_closing = false;  // a close of ours is queued; the session ends once a GET took it
    bool m_ended = false;    // disconnected() emitted
    bool m_retired = false;
    bool m_paused = false;   // an upgrade probe succeeded: polls are answered at once (a noop if need be)
};

} // namespace Banter::Server
