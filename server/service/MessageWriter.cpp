#include "service/MessageWriter.h"

#include "service/ServiceLog.h"
#include "storage/ConversationRepository.h"
#include "storage/DbSession.h"
#include "storage/MessageRepository.h"
#include "storage/Transaction.h"

#include <banter/ErrorCode.h>

#include <QHash>

#include <map>

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

using Key = std::tuple<qint64, qint64, QString>; // conversation, sender, clientMessageId

Key keyOf(const PendingSend &s)
{
    return {s.conversationId, s.senderId, s.clientMessageId};
}

Error conflict()
{
    return makeError(ErrorCode::Conflict, u"this clientMessageId was already used for different content"_s);
}

Error notMember()
{
    return makeError(ErrorCode::NotMember, u"you are not a member of this conversation"_s);
}

} // namespace

MessageWriter::MessageWriter(const ConnectionFactory &factory, const MessageSealer &sealer, ChatEvents &events,
                             WriterSettings settings)
    : m_factory(factory), m_sealer(sealer), m_events(events), m_settings(settings)
{
    for (int i = 0; i < qMax(1, m_settings.threads); ++i) {
        m_partitions.push_back(std::make_unique<Partition>());
        Partition &p = *m_partitions.back();
        p.thread = std::thread([this, &p, i] { run(p, i); });
    }
}

MessageWriter::~MessageWriter()
{
    shutdown();
}

void MessageWriter::shutdown()
{
    for (auto &p : m_partitions) {
        {
            std::lock_guard lock(p->mutex);
            p->stopping = true;
        }
        p->wake.notify_all();
    }
    for (auto &p : m_partitions)
        if (p->thread.joinable())
            p->thread.join();
}

MessageWriter::Stats MessageWriter::stats() const
{
    return {m_messages.load(std::memory_order_relaxed), m_batches.load(std::memory_order_relaxed),
            m_batchMicros.load(std::memory_order_relaxed)};
}

QFuture<Result<SendOutcome>> MessageWriter::submit(PendingSend send)
{
    auto promise = std::make_shared<QPromise<Result<SendOutcome>>>();
    QFuture<Result<SendOutcome>> future = promise->future();
    promise->start();
    Partition &p = *m_partitions[std::size_t(send.conversationId % qint64(m_partitions.size()))];
    bool queued = false;
    {
        std::lock_guard lock(p.mutex);
        if (!p.stopping && int(p.queue.size()) < m_settings.maxQueued) {
            p.queue.push_back({std::move(send), promise, HomeLoop::current()});
            queued = true;
        }
    }
    if (queued) {
        p.wake.notify_one();
    } else {
        promise->addResult(Result<SendOutcome>(makeError(ErrorCode::Unavailable, u"the server is busy; retry"_s)));
        promise->finish();
    }
    return future;
}

void MessageWriter::run(Partition &partition, int index)
{
    DbSession db(m_factory, u"banter-writer-"_s + QString::number(index));
    for (;;) {
        std::vector<Item> batch;
        {
            std::unique_lock lock(partition.mutex);
            partition.wake.wait(lock, [&] { return partition.stopping || !partition.queue.empty(); });
            if (partition.queue.empty())
                return; // stopping, and everything queued has been stored
            const std::size_t n = std::min(partition.queue.size(), std::size_t(m_settings.maxBatch));
            batch.reserve(n);
            for (std::size_t i = 0; i < n; ++i) {
                batch.push_back(std::move(partition.queue.front()));
                partition.queue.pop_front();
            }
        }
        store(db, batch);
    }
}

void MessageWriter::store(DbSession &db, std::vector<Item> &batch)
{
    std::vector<std::optional<Result<SendOutcome>>> results;
    QList<CreatedMessage> created;
    Result<void> outcome;
    const auto started = std::chrono::steady_clock::now();
    // A lost connection is retried once on a fresh one; nothing of a failed attempt was committed, and the
    // clientMessageId dedupe makes a commit whose acknowledgement was lost safe to redo.
    for (int attemptNo = 0; attemptNo < 2; ++attemptNo) {
        results.assign(batch.size(), std::nullopt);
        created.clear();
        outcome = attempt(db, batch, results, created);
        if (outcome || outcome.error().code != ErrorCode::Unavailable)
            break;
        qCWarning(lcService) << "message batch failed, retrying:" << outcome.error().message;
    }
    if (!outcome) {
        qCWarning(lcService) << "message batch of" << batch.size() << "failed:" << outcome.error().message;
        const Error e = outcome.error().code == ErrorCode::Unavailable
                            ? outcome.error()
                            : makeError(ErrorCode::Unavailable, u"the message could not be stored; retry"_s);
        for (Item &item : batch)
            item.home.finish(item.promise, Result<SendOutcome>(e));
        return;
    }
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started).count();
    m_batches.fetch_add(1, std::memory_order_relaxed);
    m_batchMicros.fetch_add(quint64(micros), std::memory_order_relaxed);
    qCDebug(lcService) << "stored a batch of" << batch.size() << "sends in" << micros / 1000.0 << "ms";
    m_messages.fetch_add(quint64(created.size()), std::memory_order_relaxed);
    if (!created.isEmpty())
        m_events.messagesCreated(created); // deliveries start the moment the rows are durable
    for (std::size_t i = 0; i < batch.size(); ++i)
        batch[i].home.finish(batch[i].promise,
                             results[i].value_or(Result<SendOutcome>(makeError(ErrorCode::Internal, u"no result"_s))));
}

Result<void> MessageWriter::attempt(DbSession &db, const std::vector<Item> &batch,
                                    std::vector<std::optional<Result<SendOutcome>>> &results,
                                    QList<CreatedMessage> &created)
{
    // 1. Repeats inside the batch follow the first occurrence (or conflict with it).
    std::map<Key, std::size_t> first;
    std::vector<std::ptrdiff_t> leaderOf(batch.size(), -1);
    for (std::size_t i = 0; i < batch.size(); ++i) {
        auto [it, inserted] = first.emplace(keyOf(batch[i].send), i);
        if (inserted)
            continue;
        if (batch[it->second].send.content == batch[i].send.content)
            leaderOf[i] = std::ptrdiff_t(it->second);
        else
            results[i] = Result<SendOutcome>(conflict());
    }

    auto tx = Transaction::begin(db);
    if (!tx)
        return tx.error();
    ConversationRepository conversations(db);
    MessageRepository messages(db);

    QList<qint64> conversationIds;
    for (const Item &item : batch)
        if (!conversationIds.contains(item.send.conversationId))
            conversationIds.append(item.send.conversationId);
    auto members = conversations.membersOf(conversationIds);
    if (!members)
        return members.error();

    // 2. Membership.
    std::vector<std::size_t> pending;
    for (std::size_t i = 0; i < batch.size(); ++i) {
        if (results[i] || leaderOf[i] >= 0)
            continue;
        if (!members.value().value(batch[i].send.conversationId).contains(batch[i].send.senderId))
            results[i] = Result<SendOutcome>(notMember());
        else
            pending.push_back(i);
    }

    // 3. Retries of messages stored by an earlier batch.
    if (!pending.empty()) {
        QList<ClientMessageKey> keys;
        for (std::size_t i : pending)
            keys.append({batch[i].send.conversationId, batch[i].send.senderId, batch[i].send.clientMessageId});
        auto existing = messages.findByClientIds(keys);
        if (!existing)
            return existing.error();
        std::map<Key, StoredMessage> stored;
        for (const StoredMessage &m : existing.value())
            stored.emplace(Key{m.conversationId, m.senderId, m.clientMessageId}, m);
        std::vector<std::size_t> fresh;
        for (std::size_t i : pending) {
            auto it = stored.find(keyOf(batch[i].send));
            if (it == stored.end()) {
                fresh.push_back(i);
                continue;
            }
            ChatMessage original = ChatMessage::reveal(it->second, m_sealer);
            if (original.readable && original.content == batch[i].send.content)
                results[i] = Result<SendOutcome>(SendOutcome{original, false});
            else
                results[i] = Result<SendOutcome>(conflict());
        }
        pending.swap(fresh);
    }

    // 4. New messages: seqs, sealing, one INSERT, read marks for the senders.
    if (!pending.empty()) {
        QHash<qint64, int> counts;
        for (std::size_t i : pending)
            ++counts[batch[i].send.conversationId];
        auto last = conversations.allocateSeqs(counts);
        if (!last)
            return last.error();
        QHash<qint64, qint64> next;
        for (auto it = counts.cbegin(); it != counts.cend(); ++it)
            next.insert(it.key(), last.value().value(it.key()) - it.value() + 1);
        QList<StoredMessage> rows;
        rows.reserve(qsizetype(pending.size()));
        QList<ReadMark> marks;
        for (std::size_t i : pending) {
            const PendingSend &s = batch[i].send;
            StoredMessage row;
            row.conversationId = s.conversationId;
            row.seq = next[s.conversationId]++;
            row.senderId = s.senderId;
            row.clientMessageId = s.clientMessageId;
            auto sealed = m_sealer.seal(row.conversationId, row.seq, s.content);
            if (!sealed)
                return sealed.error();
            row.keyId = sealed.value().keyId;
            row.nonce = sealed.value().nonce;
            row.ciphertext = sealed.value().ciphertext;
            rows.append(std::move(row));
            marks.append({s.conversationId, s.senderId, rows.last().seq});
        }
        if (auto r = messages.insertBatch(rows); !r)
            return r.error();
        if (auto r = conversations.markRead(marks); !r)
            return r.error();
        for (std::size_t k = 0; k < pending.size(); ++k) {
            const std::size_t i = pending[k];
            const PendingSend &s = batch[i].send;
            ChatMessage m;
            m.id = rows[qsizetype(k)].id;
            m.conversationId = s.conversationId;
            m.seq = rows[qsizetype(k)].seq;
            m.senderId = s.senderId;
            m.content = s.content;
            m.clientMessageId = s.clientMessageId;
            m.createdAt = rows[qsizetype(k)].createdAt;
            results[i] = Result<SendOutcome>(SendOutcome{m, true});
            created.append({m, members.value().value(s.conversationId), s.originConnection});
        }
    }

    if (auto r = tx.value().commit(); !r)
        return r.error();

    // 5. Followers get their leader's message, marked as not created (no second delivery).
    for (std::size_t i = 0; i < batch.size(); ++i) {
        if (leaderOf[i] < 0)
            continue;
        const auto &leader = results[std::size_t(leaderOf[i])];
        if (leader && leader->ok())
            results[i] = Result<SendOutcome>(SendOutcome{leader->value().message, false});
        else
            results[i] = leader;
    }
    return {};
}

} // namespace Banter::Server
