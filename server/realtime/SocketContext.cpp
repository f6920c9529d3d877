#include "realtime/SocketContext.h"

#include "realtime/ChatNamespace.h"
#include "realtime/SocketConnection.h"
#include "realtime/SocketWorker.h"

namespace Banter::Server {

SocketConnection *SocketContext::connection() const
{
    return m_worker->connection(m_id);
}

QObject *SocketContext::home() const
{
    return m_worker;
}

const Principal *SocketContext::principal() const
{
    const SocketConnection *c = connection();
    return c && c->principal && c->state == SocketConnection::State::Authenticated ? &*c->principal : nullptr;
}

bool SocketContext::isPending() const
{
    const SocketConnection *c = connection();
    return c && c->state == SocketConnection::State::Pending;
}

qint64 SocketContext::userId() const
{
    const SocketConnection *c = connection();
    return c ? c->userId : 0;
}

bool SocketContext::hasJoined(qint64 conversationId) const
{
    const SocketConnection *c = connection();
    return c && c->joined.contains(conversationId);
}

bool SocketContext::join(qint64 conversationId) const
{
    SocketConnection *c = connection();
    return c && m_worker->chat().join(*c, conversationId);
}

bool SocketContext::leave(qint64 conversationId) const
{
    SocketConnection *c = connection();
    return c && m_worker->chat().leave(*c, conversationId);
}

void SocketContext::emitEvent(const QString &event, const QJsonObject &payload) const
{
    if (SocketConnection *c = connection())
        m_worker->emitTo(*c, event, payload);
}

void SocketContext::disconnect(const QString &reason) const
{
    if (SocketConnection *c = connection())
        m_worker->disconnectClient(*c, reason);
}

void SocketContext::authenticate(const QString &token,
                                 std::function<void(SocketContext, const Result<Principal> &)> then) const
{
    SocketConnection *c = connection();
    if (!c)
        return;
    SocketWorker *worker = m_worker;
    worker->authenticateToken(*c, token, [worker, then = std::move(then)](SocketConnection &conn, const Result<Principal> &p) {
        then(SocketContext(worker, conn.id), p);
    });
}

void SocketContext::authenticated(const Principal &principal) const
{
    if (SocketConnection *c = connection())
        m_worker->authenticated(*c, principal);
}

} // namespace Banter::Server
