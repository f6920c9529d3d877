#include "bus/SeqTracker.h"

namespace Banter::Server {

void SeqTracker::absorb(Log &log, qint64 nowMs, bool advanced)
{
    while (!log.ahead.empty() && *log.ahead.begin() <= log.contiguous + 1) {
        log.contiguous = qMax(log.contiguous, *log.ahead.begin());
        log.ahead.erase(log.ahead.begin());
    }
    if (log.expected <= log.contiguous)
        log.expected = 0;
    // The clock is the age of the hole above contiguous: it starts again whenever contiguous moves (a busy
    // conversation written from several nodes nearly always has a position in flight, never the same one).
    if (!hasGap(log))
        log.gapSinceMs = -1;
    else if (log.gapSinceMs < 0 || advanced)
        log.gapSinceMs = nowMs;
}

bool SeqTracker::admit(qint64 conversationId, qint64 seq, qint64 nowMs)
{
    auto it = m_conversations.find(conversationId);
    if (it == m_conversations.end()) {
        Log log;
        log.contiguous = seq;
        log.firstSeen = seq;
        log.trackedSinceMs = nowMs;
        log.touchedMs = nowMs;
        m_conversations.insert(conversationId, std::move(log));
        return true;
    }
    Log &log = *it;
    log.touchedMs = nowMs;
    if (seq <= log.contiguous) {
        if (seq < log.firstSeen && seq > log.firstSeen - LateSpan && nowMs - log.trackedSinceMs < LateWindowMs)
            return log.late.insert(seq).second;
        return false;
    }
    const bool advanced = seq == log.contiguous + 1;
    if (advanced)
        log.contiguous = seq;
    else if (!log.ahead.insert(seq).second)
        return false;
    absorb(log, nowMs, advanced);
    return true;
}

void SeqTracker::expect(qint64 conversationId, qint64 seq, qint64 nowMs, bool untracked)
{
    auto it = m_conversations.find(conversationId);
    if (it == m_conversations.end()) {
        if (!untracked || seq <= 0)
            return;
        Log log;
        log.contiguous = seq - 1;
        log.firstSeen = seq;
        log.trackedSinceMs = nowMs;
        it = m_conversations.insert(conversationId, std::move(log));
    }
    if (seq <= it->contiguous || it->ahead.contains(seq))
        return;
    it->expected = qMax(it->expected, seq);
    it->touchedMs = nowMs;
    absorb(*it, nowMs);
}

QList<SeqGap> SeqTracker::overdueGaps(qint64 nowMs, qint64 ageMs)
{
    QList<SeqGap> gaps;
    for (auto it = m_conversations.begin(); it != m_conversations.end(); ++it) {
        Log &log = *it;
        if (!hasGap(log) || nowMs - log.gapSinceMs < ageMs)
            continue;
        gaps.append(SeqGap{it.key(), log.contiguous, qMax(log.expected, log.ahead.empty() ? 0 : *log.ahead.rbegin())});
        log.gapSinceMs = nowMs; // asked again after another ageMs if the answer does not close it
    }
    return gaps;
}

void SeqTracker::settle(qint64 conversationId, qint64 upToSeq)
{
    auto it = m_conversations.find(conversationId);
    if (it == m_conversations.end() || upToSeq <= it->contiguous)
        return;
    it->contiguous = upToSeq;
    std::erase_if(it->ahead, [upToSeq](qint64 seq) { return seq <= upToSeq; });
    absorb(*it, it->touchedMs, true);
}

void SeqTracker::forgetIdle(qint64 nowMs, qint64 idleMs)
{
    for (auto it = m_conversations.begin(); it != m_conversations.end();) {
        if (nowMs - it->touchedMs >= idleMs && !hasGap(*it))
            it = m_conversations.erase(it);
        else
            ++it;
    }
}

} // namespace Banter::Server
