#pragma once

#include "realtime/Outgoing.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <variant>

namespace Banter::Server {

// What another program publishes with the official @socket.io/redis-emitter (the Socket.IO Redis adapter's wire
// format: msgpack [uid, {type, data, nsp}, {rooms, except, flags}] on channel "socket.io#/#" or
// "socket.io#/#<room>#"), as Banter packets for this node's sockets (--accept-emitter; docs/deploy.md):
// - rooms "user:<id>": that user's chat sockets; "conversation:<id>": the sockets that joined the conversation;
//   a broadcast with no room, or to any other room, is refused;
// - an EVENT on "/" only, whose name is not one of Banter's own (message:, conversation:, receipt:, user:,
//   presence:, notification:, e2ee:, sync, error), with JSON-like arguments (no binary);
// - "except" rooms of the user kind leave those users out.
// Every node subscribed receives the publish and serves its own sockets, so it is never put on banter:bus.
class EmitterBridge
{
public:
    // The Outgoing packets, or why the message is refused (logged by the caller, once per kind).
    static std::variant<QList<Outgoing>, QString> translate(const QByteArray &payload);

    static constexpr qsizetype MaxPayloadBytes = 64 * 1024;
    static constexpr int MaxRooms = 100;
    static inline const QByteArray Pattern = QByteArrayLiteral("socket.io#/#*");
};

} // namespace Banter::Server
