#pragma once

#include "realtime/Outgoing.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace Banter::Server {

// What one node tells the others on the bus channel: a fan-out batch, a revocation, or a cluster presence
// transition (for the other nodes' view of who is online), or the sender's latest log positions (Heads: the
// receivers learn of positions whose publish was lost, even when nothing follows them), or a request for every
// node's connection list (SnapshotWanted: an admin opened the presence view). node names the sender, which
// ignores its own.
struct BusMessage
{
    enum class Kind : quint8 { Batch = 1, EndSession = 2, EndUser = 3, Presence = 4, Heads = 5, SnapshotWanted = 6 };
    QByteArray node;
    Kind kind = Kind::Batch;
    QList<Outgoing> batch;    // Batch
    QString sessionId;        // EndSession
    qint64 userId = 0;        // EndUser, Presence
    bool online = false;      // Presence
    QList<std::pair<qint64, qint64>> heads; // Heads: (conversation, latest seq published)

    QByteArray encode() const;
    // nullopt for anything that is not a well-formed message of this version (logged by the caller).
    static std::optional<BusMessage> decode(const QByteArray &bytes);

    static constexpr qsizetype MaxBatch = 100000;
    static constexpr qsizetype MaxUsers = 1000000;
};

} // namespace Banter::Server
