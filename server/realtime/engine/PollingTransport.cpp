#include "realtime/engine/PollingTransport.h"

#include "http/ConnectionLimiter.h"
#include "realtime/RealtimeLog.h"
#include "realtime/engine/PollingEndpoint.h"
#include "realtime/engine/WebSocketConnection.h"

#include <banter/CallEvent.h>

#include <QPointer>

using namespace Qt::StringLiterals;
using Banter::Protocol::PollingPayload;

namespace Banter::Server {

PollingTransport::PollingTransport(QString sid, PollingEndpoint &endpoint, std::shared_ptr<ConnectionLimiter> limiter,
                                   QHostAddress peer, QByteArray userAgent)
    : m_sid(std::move(sid)), m_endpoint(endpoint), m_limiter(std::move(limiter)), m_peer(std::move(peer)),
      m_userAgent(std::move(userAgent))
{
}

PollingTransport::~PollingTransport()
{
    if (!m_retired)
        m_endpoint.remove(m_sid, this);
    if (m_heldGet)
        m_endpoint.answerLater(m_heldGet, 200, "1");
    if (m_limiter)
        m_limiter->release(m_peer);
}

bool PollingTransport::event(QEvent *e)
{
    return CallEvent::handle(e) || EngineTransport::event(e);
}

void PollingTransport::start()
{
    m_started = true;
    if (!m_queue.isEmpty())
        scheduleFlush();
}

void PollingTransport::sendText(const QString &packet)
{
    enqueue(PollingPayload::Packet::ofText(packet));
}

void PollingTransport::sendBinary(const QByteArray &data)
{
    enqueue(PollingPayload::Packet::ofBinary(data));
}

void PollingTransport::enqueue(PollingPayload::Packet packet)
{
    if (m_closing || m_ended || m_retired)
        return;
    m_queuedBytes += packet.encodedSize();
    m_queue.append(std::move(packet));
    scheduleFlush();
}

// Packets sent in one pass of the event loop (a fan-out batch, an answer and its event) go out in one response.
void PollingTransport::scheduleFlush()
{
    if (m_flushQueued || !m_heldGet || !m_started)
        return;
    m_flushQueued = true;
    QMetaObject::invokeMethod(this, &PollingTransport::flush, Qt::QueuedConnection);
}

void PollingTransport::flush()
{
    m_flushQueued = false;
    if (!m_heldGet)
        return;
    if (!m_queue.isEmpty()) {
        const QByteArray body = PollingPayload::encode(m_queue);
        m_queue.clear();
        m_queuedBytes = 0;
        answerHeld(body);
        return; // a close of ours goes out with the next poll, as engine.io does: the client handles these
                // packets before it learns that the session ended
    }
    if (m_closing) {
        answerHeld("1");
        end();
    }
}

void PollingTransport::answerHeld(const QByteArray &body)
{
    m_endpoint.answerLater(std::exchange(m_heldGet, 0), 200, body);
}

void PollingTransport::end()
{
    if (m_ended)
        return;
    m_ended = true;
    // Out of the directory now, not only when deleted: requests from here on are refused by the endpoint.
    if (!m_retired)
        m_endpoint.remove(m_sid, this);
    // Queued, like a TCP socket's disconnected(): the owner may be inside a call on us.
    QMetaObject::invokeMethod(this, &PollingTransport::disconnected, Qt::QueuedConnection);
}

void PollingTransport::poll(quint64 requestId)
{
    emit requestArrived();
    if (m_ended || m_retired) {
        m_endpoint.answerLater(requestId, 400, {});
        return;
    }
    if (m_heldGet) {
        // Engine.IO: a second GET while one is held is a protocol violation; the session ends, and the held
        // one learns it from the close packet.
        qCDebug(lcRealtime) << "polling session" << m_sid << "sent overlapping GETs";
        m_endpoint.answerLater(requestId, 400, {});
        m_queue.clear();
        m_queuedBytes = 0;
        answerHeld("1");
        end();
        return;
    }
    m_heldGet = requestId;
    if (m_paused && m_queue.isEmpty())
        m_queue.append(PollingPayload::Packet::ofText(u"6"_s));
    scheduleFlush();
}

void PollingTransport::receive(quint64 requestId, const QByteArray &body)
{
    emit requestArrived();
    if (m_ended || m_retired) {
        m_endpoint.answerLater(requestId, 400, {});
        return;
    }
    auto packets = PollingPayload::decode(body);
    if (!packets) {
        qCDebug(lcRealtime) << "polling session" << m_sid << "sent an invalid payload:" << packets.error().message;
        m_endpoint.answerLater(requestId, 400, {});
        abort();
        return;
    }
    m_endpoint.answerLater(requestId, 200, "ok");
    QPointer<PollingTransport> self(this);
    for (const PollingPayload::Packet &p : packets.value()) {
        if (p.binary)
            emit binaryMessageReceived(p.data);
        else
            emit textMessageReceived(p.text);
        if (!self || m_ended || m_retired)
            return; // a handler closed the session
    }
}

void PollingTransport::offerUpgrade(WebSocketConnection *probe)
{
    if (m_ended || m_closing || m_retired) {
        probe->abort();
        probe->deleteLater();
        return;
    }
    emit upgradeRequested(probe);
}

void PollingTransport::close(quint16, const QString &)
{
    if (m_closing || m_ended)
        return;
    m_closing = true;
    scheduleFlush();
}

void PollingTransport::closeByPeer()
{
    endNow("6"); // the peer knows: its held poll only needs to end
}

void PollingTransport::abort()
{
    endNow("1");
}

void PollingTransport::endNow(const QByteArray &heldAnswer)
{
    if (m_heldGet)
        answerHeld(heldAnswer);
    m_queue.clear();
    m_queuedBytes = 0;
    end();
}

void PollingTransport::pause()
{
    // From now until the upgrade completes (or fails) every poll is answered at once, with a noop when nothing
    // else is queued: the client may have sent its next poll before it read "3probe", and it sends "5" only
    // once no poll of its is open (engine.io re-sends the noop every 100 ms for the same reason).
    m_paused = true;
    enqueue(PollingPayload::Packet::ofText(u"6"_s));
}

void PollingTransport::upgradeFailed()
{
    m_paused = false;
    if (!m_retired)
        m_endpoint.releaseUpgrade(m_sid, this);
}

QList<PollingPayload::Packet> PollingTransport::retire()
{
    m_retired = true;
    m_endpoint.remove(m_sid, this);
    if (m_heldGet)
        answerHeld("6");
    m_queuedBytes = 0;
    QList<PollingPayload::Packet> rest = std::exchange(m_queue, {});
    rest.removeIf([](const PollingPayload::Packet &p) { return !p.binary && p.text == "6"_L1; });
    return rest;
}

} // namespace Banter::Server
