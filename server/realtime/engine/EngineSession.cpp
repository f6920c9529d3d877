#include "realtime/engine/EngineSession.h"

#include "realtime/RealtimeLog.h"
#include "realtime/engine/PollingTransport.h"
#include "realtime/engine/WebSocketConnection.h"

#include <banter/protocol/EnginePacket.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>

using namespace Qt::StringLiterals;
using namespace Banter::Protocol;

namespace Banter::Server {

namespace {
constexpr quint16 CloseProtocolError = 1002;
constexpr qint64 UpgradeTimeoutMs = 10000;
} // namespace

QString EngineSession::newId(const QString &prefix)
{
    quint32 words[4];
    QRandomGenerator::system()->fillRange(words);
    return prefix + QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(words), sizeof words)
                                   .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

EngineSession::EngineSession(QString sid, EngineTransport *transport, EngineSettings settings, const QElapsedTimer &clock,
                             QObject *parent)
    : QObject(parent), m_sid(std::move(sid)), m_transport(transport), m_settings(settings), m_clock(clock),
      m_lastPingAt(clock.elapsed())
{
    attach(transport);
}

EngineSession::~EngineSession()
{
    // Children (the transports) die with us: none of their signals may reach this half-destroyed object.
    m_transport->disconnect(this);
    if (m_probe)
        m_probe->disconnect(this);
}

void EngineSession::attach(EngineTransport *transport)
{
    transport->setParent(this);
    connect(transport, &EngineTransport::textMessageReceived, this, &EngineSession::onText);
    connect(transport, &EngineTransport::binaryMessageReceived, this, [this](const QByteArray &data) {
        emit received();
        if (!isClosing())
            emit binaryMessage(data);
    });
    connect(transport, &EngineTransport::disconnected, this, [this] {
        if (!m_closed) {
            m_closed = true;
            emit closed();
        }
    });
    if (auto *polling = qobject_cast<PollingTransport *>(transport)) {
        connect(polling, &PollingTransport::upgradeRequested, this, &EngineSession::onUpgradeRequested);
        connect(polling, &PollingTransport::requestArrived, this, &EngineSession::onRequest);
    }
}

void EngineSession::start()
{
    const bool polling = m_transport->kind() == EngineTransport::Kind::Polling;
    const QJsonObject open{{u"sid"_s, m_sid},
                           {u"upgrades"_s, polling ? QJsonArray{u"websocket"_s} : QJsonArray()},
                           {u"pingInterval"_s, m_settings.pingIntervalMs},
                           {u"pingTimeout"_s, m_settings.pingTimeoutMs},
                           {u"maxPayload"_s, m_settings.maxPayloadBytes}};
    m_transport->sendText(u'0' + QString::fromUtf8(QJsonDocument(open).toJson(QJsonDocument::Compact)));
    m_transport->start(); // a transport that closed meanwhile reports it now
}

void EngineSession::send(const QString &packet)
{
    if (!isClosing())
        m_transport->sendText(packet);
}

void EngineSession::sendBinary(const QByteArray &data)
{
    if (!isClosing())
        m_transport->sendBinary(data);
}

void EngineSession::close(quint16 code, const QString &reason)
{
    if (isClosing())
        return;
    m_closingSince = m_clock.elapsed();
    if (m_probe && m_probed) {
        m_closeAfterUpgrade.emplace(code, reason);
        return;
    }
    dropProbe();
    m_transport->close(code, reason);
}

void EngineSession::abort()
{
    dropProbe();
    m_transport->abort();
}

EngineSession::Health EngineSession::tick(qint64 now)
{
    if (m_probe && now - m_probeSince > UpgradeTimeoutMs)
        dropProbe(); // a probe that never completes must not keep polling paused (engine.io: upgradeTimeout)
    if (isClosing())
        return now - m_closingSince > m_settings.closeGraceMs ? Health::CloseStalled : Health::Alive;
    if (m_pingSentAt && now - m_pingSentAt >= m_settings.pingTimeoutMs)
        return Health::PingTimedOut;
    if (!m_pingSentAt && now - m_lastPingAt >= m_settings.pingIntervalMs) {
        m_pingSentAt = m_lastPingAt = now;
        m_transport->sendText(u"2"_s);
    }
    return Health::Alive;
}

qint64 EngineSession::nextDeadline() const
{
    if (isClosing())
        return m_closingSince + m_settings.closeGraceMs + 1;
    if (m_pingSentAt)
        return m_pingSentAt + m_settings.pingTimeoutMs;
    return m_lastPingAt + m_settings.pingIntervalMs;
}

// A polling request is the moment a missed deadline shows: a client that let its ping time out is gone, even if the
// owner's tick has not come round yet, and its request must find the session closed.
void EngineSession::onRequest()
{
    if (!isClosing() && m_pingSentAt && m_clock.elapsed() - m_pingSentAt >= m_settings.pingTimeoutMs)
        m_transport->abort();
}

void EngineSession::onText(const QString &text)
{
    emit received();
    if (isClosing())
        return;
    auto packet = EnginePacket::decode(text);
    if (!packet) {
        qCDebug(lcRealtime) << "session" << m_sid << "sent an invalid Engine.IO packet:" << packet.error().message;
        close(CloseProtocolError, packet.error().message.left(100));
        return;
    }
    switch (packet.value().type) {
    case EngineType::Pong:
        m_pingSentAt = 0;
        return;
    case EngineType::Ping:
        emit pingReceived(packet.value().data);
        return;
    case EngineType::Close:
        m_closingSince = m_clock.elapsed();
        dropProbe();
        m_transport->closeByPeer();
        return;
    case EngineType::Message:
        emit message(packet.value().data);
        return;
    case EngineType::Noop:
        emit noopReceived();
        return;
    case EngineType::Upgrade: // only meaningful on a probe
        return;
    case EngineType::Open:
        close(CloseProtocolError, u"unexpected open packet"_s);
        return;
    }
}

void EngineSession::onUpgradeRequested(WebSocketConnection *probe)
{
    if (isClosing() || m_probe || m_transport->kind() != EngineTransport::Kind::Polling) {
        probe->abort();
        probe->deleteLater();
        return; // no release: this session is closing, or already upgrading with another probe
    }
    m_probe = probe;
    m_probeSince = m_clock.elapsed();
    probe->setParent(this);
    connect(probe, &EngineTransport::textMessageReceived, this, &EngineSession::onProbeText);
    connect(probe, &EngineTransport::binaryMessageReceived, this, [this] { dropProbe(); });
    connect(probe, &EngineTransport::disconnected, this, &EngineSession::dropProbe, Qt::QueuedConnection);
    probe->start();
}

void EngineSession::onProbeText(const QString &text)
{
    if (!m_probe)
        return;
    if (text == "2probe"_L1 && !m_probed) {
        m_probed = true;
        m_probe->sendText(u"3probe"_s);
        // The held poll ends with a noop, so the client can pause polling and send "5" on the WebSocket.
        static_cast<PollingTransport *>(m_transport)->pause();
    } else if (text == "5"_L1 && m_probed) {
        if (!m_transport->isOpen() && !m_closeAfterUpgrade)
            dropProbe(); // polling ended meanwhile (a protocol error, a missed pong): nothing to take over
        else
            finishUpgrade();
    } else {
        dropProbe(); // anything else before the upgrade completes is not a probe
    }
}

void EngineSession::finishUpgrade()
{
    auto *polling = static_cast<PollingTransport *>(m_transport);
    WebSocketConnection *ws = m_probe;
    m_probe.clear();
    ws->disconnect(this);
    const auto queued = polling->retire();
    polling->disconnect(this);
    polling->deleteLater();
    m_transport = ws;
    attach(ws);
    for (const auto &p : queued) {
        if (p.binary)
            ws->sendBinary(p.data);
        else
            ws->sendText(p.text);
    }
    if (m_closeAfterUpgrade)
        ws->close(m_closeAfterUpgrade->first, m_closeAfterUpgrade->second);
    qCDebug(lcRealtime) << "session" << m_sid << "upgraded to WebSocket";
}

void EngineSession::dropProbe()
{
    if (!m_probe)
        return;
    WebSocketConnection *probe = m_probe;
    m_probe.clear();
    m_probed = false;
    probe->disconnect(this);
    probe->abort();
    probe->deleteLater();
    if (auto *polling = qobject_cast<PollingTransport *>(m_transport))
        polling->upgradeFailed();
}

} // namespace Banter::Server
