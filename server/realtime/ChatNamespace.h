#pragma once

#include "realtime/Outgoing.h"
#include "realtime/RealtimeSettings.h"
#include "realtime/SocketNamespace.h"

#include <QHash>
#include <QList>

#include <atomic>

namespace Banter::Server {

class ConnectionRegistry;
class EventRouter;
class PresenceService;
class SocketWorker;

// The chat namespace "/": a socket connects with {"token"} (or without, pending until register_user), its
// events go to the EventRouter's handlers, it joins conversations, and fan-out reaches it by user or by
// conversation. Keeps the worker's share of the presence and connection registry up to date.
class ChatNamespace final : public SocketNamespace
{
public:
    ChatNamespace(SocketWorker &worker, const RealtimeSettings &settings, const EventRouter &router,
                  PresenceService &presence, ConnectionRegistry &registry);
    ~ChatNamespace() override;

    QString name() const override;
    void onConnect(SocketConnection &c, const QJsonValue &auth) override;
    void onEvent(SocketConnection &c, const Protocol::SocketPacket &event) override;
    void onAuthenticated(SocketConnection &c) override;
    void onGone(SocketConnection &c) override;

    // True when the socket was not in the conversation yet.
    bool join(SocketConnection &c, qint64 conversationId);
    bool leave(SocketConnection &c, qint64 conversationId);
    QList<SocketConnection *> socketsOf(qint64 userId) const { return m_byUser.value(userId); }
    // One fan-out packet to its recipients among this worker's sockets; how many got it.
    quint64 deliver(const Outgoing &o);

private:
    std::atomic<quint64> *eventCounter(const QString &event); // banter_socket_events_in_total{event}

    SocketWorker &m_worker;
    const RealtimeSettings &m_settings;
    const EventRouter &m_router;
    PresenceService &m_presence;
    ConnectionRegistry &m_registry;
    QHash<qint64, QList<SocketConnection *>> m_byUser;
    QHash<qint64, QList<SocketConnection *>> m_byConversation;
    QHash<QString, std::atomic<quint64> *> m_eventCounters; // by event name ("" for unknown ones)
};

} // namespace Banter::Server
