#pragma once

#include <QHash>
#include <QList>

#include <set>

namespace Banter::Server {

// A stretch of one conversation's log a node has not delivered: (afterSeq, upToSeq].
struct SeqGap
{
    qint64 conversationId = 0;
    qint64 afterSeq = 0;
    qint64 upToSeq = 0;
};

// Which log positions (conversation, seq) this node has delivered, so that every event reaches its sockets
// exactly once however it comes: from this node's writer, from another node over the bus, or replayed from
// PostgreSQL after a gap. A conversation is tracked from the first position the node sees; a position below
// that one arriving soon after (another node committed it a moment earlier and the bus brought it later) is
// still let through once. Holes above the contiguous prefix are gaps; one that stays open longer than the
// caller's patience is read from the database (overdueGaps). Not thread-safe: ClusterBus holds its lock.
class SeqTracker
{
public:
    // True when (conversationId, seq) is new here: deliver it. nowMs is a monotonic clock.
    bool admit(qint64 conversationId, qint64 seq, qint64 nowMs);
    // Another node published up to seq: positions up to it that did not arrive here are a gap. For a
    // conversation not tracked here, `untracked` decides: track it from seq (seq itself is then the gap: its
    // publish was lost, or it would be tracked), or ignore it (this node has not been listening long enough to
    // tell a lost publish from one that predates it).
    void expect(qint64 conversationId, qint64 seq, qint64 nowMs, bool untracked = false);
    // The gaps open for at least ageMs, each reported once per ageMs while it stays open.
    QList<SeqGap> overdueGaps(qint64 nowMs, qint64 ageMs);
    // The database has no more than this: whatever was not delivered up to seq never will be.
    void settle(qint64 conversationId, qint64 upToSeq);
    // Forget conversations nothing happened in for idleMs (bounded memory).
    void forgetIdle(qint64 nowMs, qint64 idleMs);
    qsizetype tracked() const { return m_conversations.size(); }

    static constexpr qint64 LateWindowMs = 5000; // how long positions below the first one seen are let through
    static constexpr qint64 LateSpan = 256;      // and how far below

private:
    struct Log
    {
        qint64 contiguous = 0;    // every position up to this one was delivered (or predates tracking)
        std::set<qint64> ahead;   // delivered positions above contiguous + 1
        qint64 expected = 0;      // the highest position another node said it published
        qint64 firstSeen = 0;
        qint64 trackedSinceMs = 0;
        std::set<qint64> late;    // positions below firstSeen let through
        qint64 gapSinceMs = -1;   // when the oldest open gap was noticed (-1: none)
        qint64 touchedMs = 0;
    };
    static void absorb(Log &log, qint64 nowMs, bool advanced = false); // contiguous over what arrived; the gap clock
    static bool hasGap(const Log &log) { return !log.ahead.empty() || log.expected > log.contiguous; }
    QHash<qint64, Log> m_conversations;
};

} // namespace Banter::Server
