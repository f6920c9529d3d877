#pragma once

#include "realtime/ConnectionRegistry.h"
#include "service/Principal.h"

#include <QDateTime>
#include <QSet>
#include <QString>

#include <optional>

namespace Banter::Server {

class EngineSession;
class SocketNamespace;

// One client connection, owned by its SocketWorker and touched only on that worker's thread.
struct SocketConnection
{
    enum class State {
        Open,           // Engine.IO open sent; no Socket.IO CONNECT yet (or it failed)
        Authenticating, // CONNECT with a token, lookup in flight
        Pending,        // CONNECT without a token: may only register_user
        Authenticated,
        Closing
    };

    quint64 id = 0;
    EngineSession *session = nullptr; // the Engine.IO session (either transport); deleted with this
    QString socketSid;
    State state = State::Open;
    std::optional<Principal> principal;
    qint64 userId = 0;
    QString clientAddress;
    QString userAgent;
    QDateTime connectedAt;
    QSet<qint64> joined; // conversations this socket joined
    SocketNamespace *nsp = nullptr; // the namespace it connected (or is connecting) to; one per socket
    std::shared_ptr<ConnectionRegistry::Entry> registryEntry; // chat connections, for live presence

    // Monotonic milliseconds (the worker's clock).
    qint64 openedAt = 0;

    // Per-socket event rate (events and client pings): a token bucket.
    double tokens = 0;
    qint64 tokensAt = 0;
    int strikes = 0;           // refusals since the last refusal-free second; too many and the socket is dropped
    qint64 lastRefusalAt = 0;

    int binaryFramesToSkip = 0; // attachments of a refused binary packet
};

} // namespace Banter::Server
