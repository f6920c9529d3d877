#pragma once

#include "service/ConversationEvent.h"
#include "storage/DbExecutor.h"

#include <QDateTime>
#include <QFuture>
#include <QList>

namespace Banter::Server {

class MessageSealer;

// Reads committed log entries back as the live fan-out announced them (a `message` event carries its message),
// for a node that missed them on the bus (ClusterCatchUp). Each entry goes to the current members whose history
// window includes it (as sync shows it), never to one who joined a group that hides its history after it.
// Futures are finished on the calling thread's loop (DbExecutor::run).
class EventReplay
{
public:
    EventReplay(DbExecutor &db, const MessageSealer &sealer) : m_db(db), m_sealer(sealer) {}

    // The entries of one conversation in (afterSeq, upToSeq], ascending.
    QFuture<Result<QList<CommittedEvent>>> range(qint64 conversationId, qint64 afterSeq, qint64 upToSeq);
    // Every entry written since `since` in the conversations of these users, ascending within each.
    QFuture<Result<QList<CommittedEvent>>> since(const QList<qint64> &userIds, const QDateTime &since);

    static constexpr int MaxEntries = 20000;

private:
    DbExecutor &m_db;
    const MessageSealer &m_sealer;
};

} // namespace Banter::Server
