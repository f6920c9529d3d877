#pragma once

#include "realtime/engine/EngineSession.h"

#include <banter/protocol/BinaryPacket.h>
#include <banter/protocol/SocketPacket.h>

#include <QElapsedTimer>
#include <QList>
#include <QSet>
#include <QTimer>

#include <optional>

namespace Banter::Conformance {

// The application the official protocol test suites expect (../shared/conformance/README.md), on one Engine.IO
// session of banterd's transport library (Server::EngineSession over WebSocket or long-polling):
//  - Engine (/engine.io/): every message, text or binary, is sent back unchanged.
//  - SocketIo (/socket.io/): namespaces "/" and "/custom"; on CONNECT emit "auth" with the CONNECT payload;
//    "message" (any arguments, binary attachments included) comes back as "message-back"; "message-with-ack"
//    is acknowledged with its arguments; no CONNECT within 1000 ms closes the session.
// The session's deadlines (ping, ping timeout, close grace) run on a timer of their own, armed for the next one,
// so a ping goes out at 300 ms and a silent peer is gone at 500 ms, as the suites time it.
class ConformanceSession : public QObject
{
    Q_OBJECT
public:
    enum class Kind { Engine, SocketIo };

    ConformanceSession(Kind kind, Server::EngineSession *session, const QElapsedTimer &clock, QObject *parent = nullptr);

    void start();

private:
    void onMessage(const QString &data);
    void onBinary(const QByteArray &data);
    void onSocketPacket(const Protocol::SocketPacket &packet);
    void answer(const Protocol::BinaryPacket &packet);
    void sendPacket(const Protocol::BinaryPacket &packet);
    void armDeadline();
    void onDeadline();
    void fail(const QString &reason);

    Kind m_kind;
    Server::EngineSession *m_session; // a child
    const QElapsedTimer &m_clock;
    QTimer m_deadline;
    QSet<QString> m_namespaces; // connected
    bool m_everConnected = false;
    // A BINARY_EVENT / BINARY_ACK waiting for its attachments (the binary messages that follow it).
    // The README's maxPayload (1 MB) bounds a packet's attachments together.
    Protocol::BinaryAssembler m_binary{{Protocol::SocketPacket::MaxAttachments, 1'000'000}};
};

} // namespace Banter::Conformance
