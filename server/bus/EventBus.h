#pragma once

#include "realtime/Outgoing.h"

#include <QList>
#include <QString>

#include <memory>

namespace Banter::Server {

// Where fan-out goes once it is decided: to the sockets it names, wherever they are connected. SocketHub turns
// service events (messages, conversation events, receipts, presence, typing, the admin feed) into encoded
// packets and publishes them here; revocation (logout, ban, session deletion) publishes here too. The sockets'
// side subscribes: each socket worker picks the recipients among its own sockets.
//
// This is the seam between one process and several: LocalBus delivers to this process's workers (the default;
// a single node needs nothing more); a bus across nodes carries the same calls to every node's LocalBus. The
// database stays the system of record; a bus only carries what was committed. Implementations are thread-safe
// and do not block: they are called from database, writer and socket threads.
class EventBus
{
public:
    virtual ~EventBus() = default;

    // Packets in order; a batch is delivered whole, in publish order, by every worker.
    virtual void publish(std::shared_ptr<const QList<Outgoing>> batch) = 0;
    // Closes the sockets of one login session, or of all of a user's sessions (with Socket.IO DISCONNECT).
    virtual void endSession(const QString &sessionId) = 0;
    virtual void endUserSessions(qint64 userId) = 0;
};

} // namespace Banter::Server
