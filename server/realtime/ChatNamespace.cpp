#include "realtime/ChatNamespace.h"

#include "metrics/ServerMetrics.h"
#include "realtime/AckReply.h"
#include "realtime/ConnectionRegistry.h"
#include "realtime/EventRouter.h"
#include "realtime/SocketConnection.h"
#include "realtime/SocketContext.h"
#include "realtime/SocketWorker.h"
#include "service/PresenceService.h"
#include "service/TextRules.h"

#include <banter/ErrorCode.h>
#include <banter/protocol/SocketPacket.h>

#include <QJsonArray>

using namespace Qt::StringLiterals;
using namespace Banter::Protocol;

namespace Banter::Server {
namespace {

void removeFrom(QHash<qint64, QList<SocketConnection *>> &index, qint64 key, SocketConnection *c)
{
    auto it = index.find(key);
    if (it == index.end())
        return;
    it->removeOne(c);
    if (it->isEmpty())
        index.erase(it);
}

} // namespace

ChatNamespace::ChatNamespace(SocketWorker &worker, const RealtimeSettings &settings, const EventRouter &router,
                             PresenceService &presence, ConnectionRegistry &registry)
    : m_worker(worker), m_settings(settings), m_router(router), m_presence(presence), m_registry(registry)
{
}

ChatNamespace::~ChatNamespace() = default;

QString ChatNamespace::name() const
{
    return u"/"_s;
}

void ChatNamespace::onConnect(SocketConnection &c, const QJsonValue &auth)
{
    const QJsonValue token = auth.toObject().value(u"token"_s);
    if (token.isUndefined() || token.isNull()) {
        // No credentials: connected, but pending until register_user.
        c.state = SocketConnection::State::Pending;
        m_worker.connected(c);
        return;
    }
    m_worker.connectWithToken(c, auth, u"invalid token"_s, [this](SocketConnection &conn, const Principal &principal) {
        m_worker.authenticated(conn, principal);
        m_worker.connected(conn);
    });
}

void ChatNamespace::onEvent(SocketConnection &c, const SocketPacket &event)
{
    AckReply ack(&m_worker, c.id, event.id, m_settings.metrics);
    const QJsonArray args = event.data.toArray();
    const QJsonValue payload = args.size() > 1 ? args.at(1) : QJsonValue(QJsonValue::Undefined);
    // One rule for every string a client sends, before any handler sees it (see TextRules).
    if (auto text = TextRules::checkJson(payload); !text) {
        ack.error(text.error());
        return;
    }
    const QString name = args.at(0).toString();
    if (m_settings.metrics)
        eventCounter(name)->fetch_add(1, std::memory_order_relaxed);
    EventCall call{SocketContext(&m_worker, c.id), payload, ack};
    m_router.dispatch(call, name);
}

void ChatNamespace::onAuthenticated(SocketConnection &c)
{
    m_byUser[c.userId].append(&c);
    c.registryEntry = m_registry.add(c.id, c.userId, c.principal->username, c.clientAddress, c.userAgent);
    m_presence.connected(c.userId, &m_worker);
    // Who of the user's contacts is online already; user:online / user:offline keep it current from here.
    m_presence.onlineContacts(c.userId, &m_worker, [worker = &m_worker, id = c.id](const Result<QList<qint64>> &online) {
        SocketConnection *conn = worker->connection(id);
        if (!conn || !online)
            return;
        QJsonArray ids;
        for (qint64 user : online.value())
            ids.append(QString::number(user));
        worker->emitTo(*conn, u"presence:snapshot"_s, {{u"online"_s, ids}});
    });
}

void ChatNamespace::onGone(SocketConnection &c)
{
    for (qint64 conversation : std::as_const(c.joined))
        removeFrom(m_byConversation, conversation, &c);
    if (!c.principal)
        return;
    removeFrom(m_byUser, c.userId, &c);
    m_registry.remove(c.id);
    m_presence.disconnected(c.userId, &m_worker);
}

bool ChatNamespace::join(SocketConnection &c, qint64 conversationId)
{
    if (c.joined.contains(conversationId))
        return false;
    c.joined.insert(conversationId);
    m_byConversation[conversationId].append(&c);
    return true;
}

bool ChatNamespace::leave(SocketConnection &c, qint64 conversationId)
{
    if (!c.joined.remove(conversationId))
        return false;
    removeFrom(m_byConversation, conversationId, &c);
    return true;
}

quint64 ChatNamespace::deliver(const Outgoing &o)
{
    quint64 sent = 0;
    auto sendTo = [&](SocketConnection *c) {
        if (c->id == o.exceptConnection || (o.exceptUser && c->userId == o.exceptUser))
            return;
        const QString *packet = &o.packet;
        if (!o.sessionPackets.isEmpty() && c->principal) {
            const auto own = o.sessionPackets.constFind(c->principal->sessionId);
            if (own != o.sessionPackets.cend())
                packet = &*own;
        }
        if (packet->isEmpty())
            return;
        m_worker.send(*c, *packet);
        ++sent;
    };
    switch (o.to) {
    case Outgoing::To::RemoveMember:
        for (qint64 user : o.userIds)
            for (SocketConnection *c : m_byUser.value(user))
                leave(*c, o.conversationId);
        break;
    case Outgoing::To::Users:
        for (qint64 user : o.userIds) {
            const auto it = m_byUser.constFind(user);
            if (it != m_byUser.cend())
                for (SocketConnection *c : *it)
                    sendTo(c);
        }
        break;
    case Outgoing::To::Joined: {
        const auto it = m_byConversation.constFind(o.conversationId);
        if (it != m_byConversation.cend())
            for (SocketConnection *c : *it)
                sendTo(c);
        break;
    }
    case Outgoing::To::Admins:
        break; // the /admin namespace's
    }
    return sent;
}

std::atomic<quint64> *ChatNamespace::eventCounter(const QString &event)
{
    // Looked up once per event name and worker; names the router does not know share one "unknown" counter, so
    // clients cannot grow the label set.
    const bool known = m_router.has(event);
    const QString key = known ? event : QString();
    auto it = m_eventCounters.constFind(key);
    if (it == m_eventCounters.cend())
        it = m_eventCounters.insert(key, m_settings.metrics->eventsIn.counter(
                                             labelSet({{"event", known ? event.toUtf8() : QByteArray("unknown")}})));
    return *it;
}

} // namespace Banter::Server
