#pragma once

#include <QJsonValue>
#include <QString>

namespace Banter::Protocol {
struct SocketPacket;
}

namespace Banter::Server {

struct SocketConnection;

// One Socket.IO namespace ("/", "/admin", ...): what happens when a socket connects to it, sends it an event,
// is authenticated in it, and goes away. The SocketWorker decodes packets, applies the per-socket limits (rate,
// binary attachments), routes each packet to the namespace it names and answers for namespaces that do not
// exist or that the socket is not connected to; a namespace sees only its own sockets' packets.
// One instance per worker; everything runs on the worker's thread.
class SocketNamespace
{
public:
    virtual ~SocketNamespace() = default;

    virtual QString name() const = 0;
    // A CONNECT on a socket connected to no namespace. The namespace answers it, now or later, with
    // SocketWorker::connected() or connectError().
    virtual void onConnect(SocketConnection &c, const QJsonValue &auth) = 0;
    // An EVENT (already admitted by the socket's rate) on an authenticated or pending socket of this namespace.
    virtual void onEvent(SocketConnection &c, const Protocol::SocketPacket &event) = 0;
    // SocketWorker::authenticated() ran for one of this namespace's sockets.
    virtual void onAuthenticated(SocketConnection &) {}
    // The socket is going away (closed, or it left the namespace); it is still intact.
    virtual void onGone(SocketConnection &) {}
};

} // namespace Banter::Server
