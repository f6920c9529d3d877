#pragma once

#include "service/ChatEvents.h"
#include "service/Principal.h"
#include "storage/ConversationRepository.h"
#include "storage/DbExecutor.h"

#include <banter/HomeLoop.h>

#include <QElapsedTimer>
#include <QFuture>
#include <QHash>
#include <QObject>
#include <QPromise>
#include <QTimer>

#include <memory>
#include <mutex>
#include <vector>

namespace Banter::Server {

struct ReceiptSettings
{
    int flushMs = 100;        // receipts gather this long before one batched UPDATE
    int announceGapMs = 1000; // receipt:updated at most once per user per conversation per this long
};

// Delivery and read receipts. Updates from any socket thread gather in memory and are written in one batched
// UPDATE per flush (they only move forward, so merging is taking the maximum); an update is acknowledged
// once it is stored. What moved is announced to the other members, coalesced to at most one announcement per
// user and conversation per announceGapMs (later values replace earlier ones while they wait). Lives on the
// main thread; update() is thread-safe.
class ReceiptService : public QObject
{
public:
    ReceiptService(DbExecutor &db, ChatEvents &events, ReceiptSettings settings, QObject *parent = nullptr);

    // The caller must be a member (checked by the caller). deliveredSeq/readSeq: -1 when not given.
    QFuture<Result<void>> update(qint64 conversationId, qint64 userId, qint64 deliveredSeq, qint64 readSeq);
    QFuture<Result<QList<Receipt>>> list(const Principal &caller, const QString &conversationId);

private:
    struct Waiter
    {
        std::shared_ptr<QPromise<Result<void>>> promise;
        HomeLoop home;
    };
    struct Pending
    {
        qint64 delivered = 0;
        qint64 read = 0;
        std::vector<Waiter> waiters;
    };
    using Key = std::pair<qint64, qint64>; // conversation, user

    void flush();
    void announce(const QList<ReceiptUpdate> &moved);
    void announceDue();

    DbExecutor &m_db;
    ChatEvents &m_events;
    ReceiptSettings m_settings;
    std::mutex m_mutex;
    QHash<Key, Pending> m_pending; // guarded by m_mutex
    bool m_flushing = false;       // main thread only, as everything below
    QTimer m_timer;
    QElapsedTimer m_clock;
    QHash<Key, qint64> m_lastAnnounced; // ms on m_clock
    QHash<Key, ReceiptUpdate> m_waiting; // moved, but announced too recently
};

} // namespace Banter::Server
