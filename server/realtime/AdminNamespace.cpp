#include "realtime/AdminNamespace.h"

#include "realtime/AckReply.h"
#include "realtime/ConnectionRegistry.h"
#include "realtime/SocketConnection.h"
#include "realtime/SocketWorker.h"

#include <banter/ErrorCode.h>
#include <banter/protocol/SocketPacket.h>

#include <QJsonArray>

using namespace Qt::StringLiterals;
using namespace Banter::Protocol;

namespace Banter::Server {

AdminNamespace::AdminNamespace(SocketWorker &worker, ConnectionRegistry &registry)
    : m_worker(worker), m_registry(registry)
{
}

QString AdminNamespace::name() const
{
    return u"/admin"_s;
}

void AdminNamespace::onConnect(SocketConnection &c, const QJsonValue &auth)
{
    const QString missing = u"a moderator token is required"_s;
    m_worker.connectWithToken(c, auth, missing, [this](SocketConnection &conn, const Principal &principal) {
        if (principal.role == Role::User) {
            m_worker.connectError(conn, makeError(ErrorCode::Forbidden, u"moderators and admins only"_s));
            return;
        }
        m_worker.authenticated(conn, principal);
        m_worker.connected(conn);
        // In a cluster the other nodes' lists may have to be fetched first; the socket may be gone by then.
        const quint64 id = conn.id;
        m_registry.freshSnapshot(&m_worker).then(&m_worker, [this, id](const QJsonObject &snapshot) {
            if (SocketConnection *c = m_worker.connection(id))
                m_worker.send(*c, u'4' + SocketPacket{SocketType::Event, name(), -1, 0,
                                                      QJsonArray{u"presence:snapshot"_s, snapshot}}.encode());
        });
    });
}

void AdminNamespace::onEvent(SocketConnection &c, const SocketPacket &event)
{
    if (event.id < 0)
        return;
    m_worker.send(c, u'4' + SocketPacket{SocketType::Ack, name(), event.id, 0,
                                         QJsonArray{AckReply::errorBody(makeError(ErrorCode::ValidationFailed,
                                                                                  u"no events on /admin; use the admin REST API"_s))}}
                                .encode());
}

void AdminNamespace::onAuthenticated(SocketConnection &c)
{
    m_consoles.append(&c);
    m_registry.watcherJoined(); // before its snapshot is taken: every change after it is announced
}

void AdminNamespace::onGone(SocketConnection &c)
{
    if (m_consoles.removeOne(&c))
        m_registry.watcherLeft();
}

void AdminNamespace::broadcast(const QString &packet)
{
    for (SocketConnection *c : std::as_const(m_consoles))
        m_worker.send(*c, packet);
}

} // namespace Banter::Server
