#pragma once

#include "realtime/AckReply.h"
#include "realtime/SocketContext.h"

#include <QHash>
#include <QJsonValue>

#include <functional>

namespace Banter::Server {

// Who may emit an event: a socket that connected without a token (Pending) may only authenticate.
enum class EventAccess { Pending, Authenticated };

// One client event as a handler sees it: the socket (a narrow handle, not the worker), the payload, the ack.
struct EventCall
{
    SocketContext socket;
    QJsonValue payload; // the first argument after the event name
    AckReply ack;
};

using EventHandler = std::function<void(EventCall &call)>;

// The socket edge's single table of events: every client event is looked up here, its access checked and
// its handler run. Unknown events and events the socket may not send get an error ack.
class EventRouter
{
public:
    void add(const QString &event, EventAccess access, EventHandler handler);
    void dispatch(EventCall &call, const QString &event) const;
    bool has(const QString &event) const { return m_routes.contains(event); }

private:
    struct Route
    {
        EventAccess access;
        EventHandler handler;
    };
    QHash<QString, Route> m_routes;
};

} // namespace Banter::Server
