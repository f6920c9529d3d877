#pragma once

#include "crypto/MessageSealer.h"
#include "service/ChatEvents.h"
#include "service/WriteCommand.h"
#include "storage/ConnectionFactory.h"

#include <banter/HomeLoop.h>
#include <banter/Result.h>

#include <QFuture>
#include <QPromise>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace Banter::Server {

class Histogram;

class DbSession;
class OneStatementPath;

struct WriterSettings
{
    int threads = 2;        // partitions; a conversation always goes to the same one
    int maxBatch = 256;     // rows per transaction
    int maxQueued = 20000;  // per partition; beyond it sends fail fast with "unavailable"
    WriterLimits limits;
    Histogram *batchLatency = nullptr; // observes each batch's BEGIN-to-COMMIT time when set
    // Other nodes write to the same database (a cluster): see OneStatementPath.
    bool sharedDatabase = false;
    bool oneStatement = true; // false: every batch takes the transaction path (--writer-one-statement false)
    // Notifications: whether a user has a connected device (thread-safe; unset: nobody has, every send may
    // notify), and who to tell that notification fan-out jobs were committed (the job runner's wake()).
    std::function<bool(qint64 userId)> online;
    std::function<void()> jobsQueued;
};

// Group commit for every change to a conversation. Commands (sends, edits, deletes, reactions, pins: see
// WriteCommand) queue up per partition — a conversation always goes to the same one — and each partition's
// thread takes everything queued (up to maxBatch) and applies it in ONE transaction: membership and permission
// checks, clientMessageId dedupe, the changes, one seq allocation for all events of the batch, sealing, one
// INSERT of the messages and one of the events (the conversation's log), commit. Only then are the futures
// resolved (the acks) and the batch announced (delivery), in seq order. While a commit is in flight the next
// batch gathers by itself, so batches grow with load and a lone command is not delayed. A batch of plain new
// messages usually needs none of that transaction's eight round trips: OneStatementPath stores it in one.
// A batch that may notify someone (a mention, a reply, a reaction, a member added, a member without a connected
// device) also enqueues one notification fan-out job (NotificationFanout) in the same transaction or statement.
class MessageWriter
{
public:
    MessageWriter(const ConnectionFactory &factory, const MessageSealer &sealer, ChatEvents &events,
                  WriterSettings settings);
    ~MessageWriter();
    MessageWriter(const MessageWriter &) = delete;
    MessageWriter &operator=(const MessageWriter &) = delete;

    QFuture<Result<WriteOutcome>> submit(WriteCommand command);

    struct Stats
    {
        quint64 messages = 0;     // committed, since start
        quint64 events = 0;       // committed events other than messages
        quint64 batches = 0;
        quint64 batchMicros = 0;  // time spent storing batches (begin to commit)
        quint64 oneStatement = 0; // batches stored by the one-statement path (OneStatementPath)
        quint64 oneStatementRefused = 0; // tried there, refused by the database, redone in a transaction
    };
    Stats stats() const;
    // Commands waiting in the partitions' queues (a gauge).
    int queued() const;
    // Stops accepting, stores what is queued, closes the connections.
    void shutdown();

private:
    struct Item
    {
        WriteCommand command;
        std::shared_ptr<QPromise<Result<WriteOutcome>>> promise;
        HomeLoop home; // the sender's loop, where the promise is finished (see HomeLoop)
    };
    struct Partition
    {
        std::mutex mutex;
        std::condition_variable wake;
        std::deque<Item> queue;
        bool stopping = false;
        std::thread thread;
    };

    void run(Partition &partition, int index);
    void store(DbSession &db, OneStatementPath &oneStatement, std::vector<Item> &batch);
    // Whether a new message may notify a recipient: a mention, a reply, or a recipient with no connected device.
    bool mayNotify(const WriteCommand &send, const QList<qint64> &recipients) const;
    // One attempt at the batch inside one transaction; fills results (index-aligned with batch).
    Result<void> attempt(DbSession &db, const std::vector<Item> &batch, std::vector<std::optional<Result<WriteOutcome>>> &results,
                         QList<CreatedMessage> &created, QList<CommittedEvent> &events);

    ConnectionFactory m_factory;
    const MessageSealer &m_sealer;
    ChatEvents &m_events;
    WriterSettings m_settings;
    std::vector<std::unique_ptr<Partition>> m_partitions;
    std::atomic<quint64> m_messages{0};
    std::atomic<quint64> m_eventCount{0};
    std::atomic<quint64> m_batches{0};
    std::atomic<quint64> m_batchMicros{0};
    std::atomic<quint64> m_oneStatement{0};
    std::atomic<quint64> m_oneStatementRefused{0};
};

} // namespace Banter::Server
