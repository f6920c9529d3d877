#include "service/ReceiptService.h"

#include "service/ServiceFutures.h"
#include "service/ServiceLog.h"

#include <banter/ErrorCode.h>

using namespace Qt::StringLiterals;

namespace Banter::Server {

ReceiptService::ReceiptService(DbExecutor &db, ChatEvents &events, ReceiptSettings settings, QObject *parent)
    : QObject(parent), m_db(db), m_events(events), m_settings(settings)
{
    m_clock.start();
    m_timer.setInterval(qMax(10, m_settings.flushMs));
    connect(&m_timer, &QTimer::timeout, this, [this] {
        flush();
        announceDue();
    });
    m_timer.start();
}

QFuture<Result<void>> ReceiptService::update(qint64 conversationId, qint64 userId, qint64 deliveredSeq, qint64 readSeq)
{
    auto promise = std::make_shared<QPromise<Result<void>>>();
    QFuture<Result<void>> future = promise->future();
    promise->start();
    std::lock_guard lock(m_mutex);
    Pending &p = m_pending[{conversationId, userId}];
    p.delivered = qMax(p.delivered, deliveredSeq);
    p.read = qMax(p.read, readSeq);
    p.waiters.push_back({promise, HomeLoop::current()});
    return future;
}

void ReceiptService::flush()
{
    if (m_flushing)
        return; // the next tick takes what gathered meanwhile
    QHash<Key, Pending> batch;
    {
        std::lock_guard lock(m_mutex);
        batch.swap(m_pending);
    }
    if (batch.isEmpty())
        return;
    QList<Receipt> marks;
    marks.reserve(batch.size());
    for (auto it = batch.cbegin(); it != batch.cend(); ++it)
        marks.append({it.key().first, it.key().second, qMax<qint64>(it->delivered, 0), qMax<qint64>(it->read, 0)});
    m_flushing = true;
    auto waiters = std::make_shared<QHash<Key, Pending>>(std::move(batch));
    m_db.run([marks](DbSession &db) -> Result<QList<ReceiptUpdate>> {
            ConversationRepository conversations(db);
            auto moved = conversations.updateReceipts(marks);
            if (!moved)
                return moved.error();
            QList<qint64> ids;
            for (const Receipt &r : moved.value())
                if (!ids.contains(r.conversationId))
                    ids.append(r.conversationId);
            QHash<qint64, QList<qint64>> members;
            if (!ids.isEmpty()) {
                auto m = conversations.membersOf(ids);
                if (!m)
                    return m.error();
                members = m.value();
            }
            QList<ReceiptUpdate> out;
            for (const Receipt &r : moved.value())
                out.append({r, members.value(r.conversationId)});
            return out;
        })
        .then(this, [this, waiters](const Result<QList<ReceiptUpdate>> &r) {
            m_flushing = false;
            const Result<void> outcome = r ? Result<void>() : Result<void>(r.error());
            if (!r)
                qCWarning(lcService) << "receipts could not be stored:" << r.error().message;
            for (Pending &p : *waiters)
                for (Waiter &w : p.waiters)
                    w.home.finish(w.promise, outcome);
            if (r)
                announce(r.value());
        });
}

void ReceiptService::announce(const QList<ReceiptUpdate> &moved)
{
    const qint64 now = m_clock.elapsed();
    QList<ReceiptUpdate> due;
    for (const ReceiptUpdate &u : moved) {
        const Key key{u.receipt.conversationId, u.receipt.userId};
        const auto last = m_lastAnnounced.constFind(key);
        if (last != m_lastAnnounced.cend() && now - *last < m_settings.announceGapMs) {
            m_waiting.insert(key, u); // the newest values go out when the gap has passed
            continue;
        }
        m_lastAnnounced.insert(key, now);
        m_waiting.remove(key);
        due.append(u);
    }
    if (!due.isEmpty())
        m_events.receiptsUpdated(due);
}

void ReceiptService::announceDue()
{
    const qint64 now = m_clock.elapsed();
    QList<ReceiptUpdate> due;
    for (auto it = m_waiting.begin(); it != m_waiting.end();) {
        if (now - m_lastAnnounced.value(it.key()) >= m_settings.announceGapMs) {
            m_lastAnnounced.insert(it.key(), now);
            due.append(*it);
            it = m_waiting.erase(it);
        } else {
            ++it;
        }
    }
    // Forget announcements long past, so the map does not grow with every user ever seen.
    if (m_lastAnnounced.size() > 10000)
        for (auto it = m_lastAnnounced.begin(); it != m_lastAnnounced.end();)
            it = now - *it > m_settings.announceGapMs && !m_waiting.contains(it.key()) ? m_lastAnnounced.erase(it) : ++it;
    if (!due.isEmpty())
        m_events.receiptsUpdated(due);
}

QFuture<Result<QList<Receipt>>> ReceiptService::list(const Principal &caller, const QString &conversationId)
{
    auto id = parseId(conversationId);
    if (!id)
        return fail<QList<Receipt>>(makeError(ErrorCode::NotFound, u"no such conversation"_s));
    const qint64 me = caller.userId.toLongLong();
    return m_db.run([id = *id, me](DbSession &db) -> Result<QList<Receipt>> {
        ConversationRepository conversations(db);
        auto member = conversations.isMember(id, me);
        if (!member)
            return member.error();
        if (!member.value())
            return makeError(ErrorCode::NotFound, u"no such conversation"_s);
        return conversations.receipts(id);
    });
}

} // namespace Banter::Server
