#pragma once

#include "crypto/MessageSealer.h"
#include "service/ChatMessage.h"
#include "service/WriteCommand.h"

#include <banter/Result.h>

#include <QHash>

#include <functional>
#include <optional>
#include <vector>

namespace Banter::Server {

class DbSession;

// The message writer's fast path (issue #14, scenario b's p99). A batch of plain new messages — no reply, no
// attachments, no audit, no clientMessageId twice — of conversations whose last seq this writer partition knows
// goes to PostgreSQL as ONE statement outside an explicit transaction (messages/insert_numbered_batch.sql):
// seq allocation, the rows, the search queue, the senders' read marks and the members for fan-out in one round
// trip and one commit, where the transaction path needs eight round trips. The messages are numbered and sealed
// here from the remembered seqs; the statement checks them (and membership) under the row locks and fails whole
// when they are out of date, and the batch then takes the transaction path, which also answers every case this
// one leaves out (retries, conflicts, non-members). The remembered seqs are only a guess: correctness rests on the
// statement's check. Owned by one writer partition's thread.
class OneStatementPath
{
public:
    // sharedDatabase: other nodes write to the same conversations. Then only single-conversation batches take
    // this path: a multi-row UPDATE locks in no promised order and could deadlock with another node's writer.
    // mayNotify: whether a message to these members may notify one (MessageWriter::mayNotify); such messages get
    // a notification fan-out job in the same statement.
    using NotifyCheck = std::function<bool(const WriteCommand &send, const QList<qint64> &members)>;
    OneStatementPath(const MessageSealer &sealer, bool sharedDatabase, NotifyCheck mayNotify);

    // Stores the batch if it qualifies. True: every command's result and the created messages are filled in and
    // committed. False: nothing was written (the batch did not qualify, or the statement refused it).
    bool store(DbSession &db, const std::vector<const WriteCommand *> &commands,
               std::vector<std::optional<Result<WriteOutcome>>> &results, QList<CreatedMessage> &created);

    // After a batch committed by the transaction path: the conversation's seq is at least `seq` now; its members
    // are `members` (a message's recipients), or unknown (an event: membership may have changed).
    void committed(qint64 conversationId, qint64 seq, const std::optional<QList<qint64>> &members);

    struct Stats
    {
        quint64 stored = 0;  // batches stored in one statement
        quint64 refused = 0; // tried, refused by the statement (out of date, a retry), redone in a transaction
        quint64 fanouts = 0; // stored batches that enqueued a notification fan-out job
    };
    Stats stats() const { return m_stats; }

private:
    bool qualifies(const std::vector<const WriteCommand *> &commands) const;

    const MessageSealer &m_sealer;
    bool m_sharedDatabase;
    NotifyCheck m_mayNotify;
    QHash<qint64, qint64> m_lastSeq; // conversation → its last seq as this partition last committed it
    // conversation → its members as of the partition's last batch there: whom the next message reaches, as far as
    // deciding on a notification fan-out goes (unknown: it gets one)
    QHash<qint64, QList<qint64>> m_members;
    Stats m_stats;
};

} // namespace Banter::Server
