#include "realtime/engine/PollingEndpoint.h"

#include "http/ConnectionLimiter.h"
#include "http/CorsPolicy.h"
#include "realtime/RealtimeLog.h"
#include "realtime/engine/EngineSession.h"
#include "realtime/engine/PollingTransport.h"
#include "realtime/engine/WebSocketConnection.h"

#include <banter/CallEvent.h>
#include <banter/ErrorCode.h>

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace Banter::Server {

namespace {

QByteArray errorBody(QLatin1StringView code, const QString &message)
{
    return QJsonDocument(QJsonObject{{u"error"_s, QJsonObject{{u"code"_s, QString(code)}, {u"message"_s, message}}}})
        .toJson(QJsonDocument::Compact);
}

// A held request handed to a transport in a queued call: if the call never runs (the transport was deleted with
// the call still queued), the request is answered 400 from here instead of being held for ever.
struct HeldAnswer
{
    PollingEndpoint *endpoint;
    quint64 id;
    bool taken = false;
    ~HeldAnswer()
    {
        if (!taken)
            endpoint->answerLater(id, 400, {});
    }
};

// Moves the WebSocket's ownership into a queued call: if the call never runs (its receiver died first), the
// WebSocket is deleted with it, on the receiver's thread, where it lives by then.
struct ProbeHolder
{
    WebSocketConnection *probe;
    ~ProbeHolder()
    {
        if (probe) {
            probe->abort();
            probe->deleteLater();
        }
    }
};

} // namespace

PollingEndpoint::PollingEndpoint(QHttpServer &server, Settings settings, std::shared_ptr<ConnectionLimiter> limiter,
                                 const CorsPolicy &cors, Adopt adopt, QObject *parent)
    : QObject(parent), m_settings(std::move(settings)), m_limiter(std::move(limiter)), m_cors(cors), m_adopt(std::move(adopt))
{
    server.route(m_settings.path, [this](const QHttpServerRequest &request, QHttpServerResponder &responder) {
        handle(request, responder);
    });
}

PollingEndpoint::~PollingEndpoint() = default;

int PollingEndpoint::sessionCount() const
{
    QMutexLocker lock(&m_lock);
    return int(m_sessions.size());
}

bool PollingEndpoint::event(QEvent *e)
{
    return CallEvent::handle(e) || QObject::event(e);
}

void PollingEndpoint::refuse(QHttpServerResponder &responder, int status, QLatin1StringView code,
                             const QString &message, const QByteArray &origin)
{
    QHttpHeaders headers;
    headers.append(QHttpHeaders::WellKnownHeader::ContentType, "application/json");
    headers.append(QHttpHeaders::WellKnownHeader::CacheControl, "no-store");
    headers.append("X-Content-Type-Options", "nosniff");
    if (status == 503)
        headers.append(QHttpHeaders::WellKnownHeader::RetryAfter, "1");
    m_cors.decorate(headers, origin);
    responder.write(errorBody(code, message), headers, QHttpServerResponder::StatusCode(status));
}

void PollingEndpoint::handle(const QHttpServerRequest &request, QHttpServerResponder &responder)
{
    using Method = QHttpServerRequest::Method;
    const QByteArray origin = request.value("Origin");
    if (request.method() == Method::Options) {
        QHttpHeaders headers;
        if (!m_cors.preflight(headers, origin))
            return refuse(responder, 403, ErrorCode::Forbidden, u"origin not allowed"_s, {});
        responder.write(headers, QHttpServerResponder::StatusCode::NoContent);
        return;
    }
    const QUrlQuery query = request.query();
    if (query.queryItemValue(u"EIO"_s) != "4"_L1)
        return refuse(responder, 400, ErrorCode::InvalidRequest, u"unsupported protocol version (EIO=4 expected)"_s, origin);
    if (query.queryItemValue(u"transport"_s) != "polling"_L1)
        return refuse(responder, 400, ErrorCode::InvalidRequest,
                      u"unknown transport (polling over HTTP; websocket needs an upgrade request)"_s, origin);
    if (request.method() != Method::Get && request.method() != Method::Post)
        return refuse(responder, 400, ErrorCode::InvalidRequest, u"bad method (GET or POST)"_s, origin);
    const QString sid = query.queryItemValue(u"sid"_s);
    if (sid.isEmpty()) {
        if (request.method() != Method::Get)
            return refuse(responder, 400, ErrorCode::InvalidRequest, u"a handshake is a GET"_s, origin);
        return handshake(request, responder);
    }
    const bool post = request.method() == Method::Post;
    if (post && request.body().size() > m_settings.maxPayloadBytes) {
        QMutexLocker lock(&m_lock);
        if (const auto it = m_sessions.constFind(sid); it != m_sessions.cend()) {
            PollingTransport *t = it->transport;
            CallEvent::post(t, [t] { t->abort(); });
        }
        lock.unlock();
        return refuse(responder, 413, ErrorCode::PayloadTooLarge,
                      QStringLiteral("a payload exceeds %1 bytes").arg(m_settings.maxPayloadBytes), origin);
    }
    QMutexLocker lock(&m_lock);
    const auto it = m_sessions.constFind(sid);
    if (it == m_sessions.cend()) {
        lock.unlock();
        return refuse(responder, 400, ErrorCode::InvalidRequest, u"unknown session id"_s, origin);
    }
    PollingTransport *t = it->transport;
    const auto held = std::make_shared<HeldAnswer>(this, hold(responder, origin, post));
    if (post) {
        CallEvent::post(t, [t, held, body = request.body()] {
            held->taken = true;
            t->receive(held->id, body);
        });
    } else {
        CallEvent::post(t, [t, held] {
            held->taken = true;
            t->poll(held->id);
        });
    }
}

void PollingEndpoint::handshake(const QHttpServerRequest &request, QHttpServerResponder &responder)
{
    const QByteArray origin = request.value("Origin");
    if (!m_cors.permits(origin))
        return refuse(responder, 403, ErrorCode::Forbidden, u"origin not allowed"_s, {});
    const QHostAddress peer = request.remoteAddress();
    if (!m_limiter->tryAcquire(peer))
        return refuse(responder, 503, ErrorCode::Unavailable, u"too many connections; retry later"_s, origin);
    const QString sid = EngineSession::newId(m_settings.sidPrefix);
    // The transport gives the limiter's slot back when it dies.
    auto *transport = new PollingTransport(sid, *this, m_limiter, peer, request.value("User-Agent").left(256));
    {
        QMutexLocker lock(&m_lock);
        m_sessions.insert(sid, Entry{transport, false});
    }
    const quint64 id = hold(responder, origin, false);
    transport->poll(id); // still on this thread: the open packet will answer it
    if (!m_adopt(transport)) {
        answer(id, 503, errorBody(ErrorCode::Unavailable, u"server full; retry later"_s));
        delete transport;
    }
}

quint64 PollingEndpoint::hold(QHttpServerResponder &responder, const QByteArray &origin, bool post)
{
    const quint64 id = m_nextRequest++;
    m_held.insert(id, Held{std::make_shared<QHttpServerResponder>(std::move(responder)), origin, post});
    return id;
}

void PollingEndpoint::answerLater(quint64 requestId, int status, QByteArray body)
{
    CallEvent::post(this, [this, requestId, status, body = std::move(body)] { answer(requestId, status, body); });
}

void PollingEndpoint::answer(quint64 requestId, int status, const QByteArray &body)
{
    const Held held = m_held.take(requestId);
    if (!held.responder)
        return;
    QHttpHeaders headers;
    QByteArray content = body;
    if (status == 200) {
        headers.append(QHttpHeaders::WellKnownHeader::ContentType,
                       held.post ? "text/html; charset=UTF-8" : "text/plain; charset=UTF-8");
    } else {
        headers.append(QHttpHeaders::WellKnownHeader::ContentType, "application/json");
        if (content.isEmpty())
            content = errorBody(status == 503 ? ErrorCode::Unavailable : ErrorCode::InvalidRequest,
                                u"the session is closed or the request broke the protocol"_s);
    }
    headers.append(QHttpHeaders::WellKnownHeader::CacheControl, "no-store");
    headers.append("X-Content-Type-Options", "nosniff");
    m_cors.decorate(headers, held.origin);
    held.responder->write(content, headers, QHttpServerResponder::StatusCode(status));
}

void PollingEndpoint::remove(const QString &sid, const PollingTransport *transport)
{
    QMutexLocker lock(&m_lock);
    const auto it = m_sessions.constFind(sid);
    if (it != m_sessions.cend() && it->transport == transport)
        m_sessions.erase(it);
}

void PollingEndpoint::releaseUpgrade(const QString &sid, const PollingTransport *transport)
{
    QMutexLocker lock(&m_lock);
    const auto it = m_sessions.find(sid);
    if (it != m_sessions.end() && (!transport || it->transport == transport))
        it->upgrading = false;
}

bool PollingEndpoint::claimUpgrade(const QString &sid)
{
    QMutexLocker lock(&m_lock);
    const auto it = m_sessions.find(sid);
    if (it == m_sessions.end() || it->upgrading)
        return false;
    it->upgrading = true;
    return true;
}

bool PollingEndpoint::offerUpgrade(const QString &sid, WebSocketConnection *probe)
{
    // Under the lock throughout: the transport cannot leave the directory (and die) between the look-up and the
    // post. moveToThread is short and takes no lock of ours.
    QMutexLocker lock(&m_lock);
    const auto it = m_sessions.constFind(sid);
    if (it == m_sessions.cend())
        return false;
    PollingTransport *t = it->transport;
    probe->setParent(nullptr);
    probe->moveToThread(t->thread());
    auto holder = std::make_shared<ProbeHolder>(probe);
    CallEvent::post(t, [t, holder] { t->offerUpgrade(std::exchange(holder->probe, nullptr)); });
    return true;
}

} // namespace Banter::Server
