#include "service/MessageWriter.h"

#include "metrics/MetricFamilies.h"

#include "service/ConversationEvent.h"
#include "service/E2eeCommands.h"
#include "service/GroupCommands.h"
#include "service/MessageCommands.h"
#include "service/NotificationFanout.h"
#include "service/OneStatementPath.h"
#include "service/ServiceLog.h"
#include "storage/ConversationRepository.h"
#include "storage/DbSession.h"
#include "storage/EventRepository.h"
#include "storage/GroupRepository.h"
#include "storage/JobRepository.h"
#include "storage/MediaRepository.h"
#include "storage/MessageRepository.h"
#include "storage/Transaction.h"

#include <banter/ErrorCode.h>

#include <QHash>
#include <QSet>

#include <map>

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

// Attempts of one batch when the failure is transient (a lost connection, a deadlock, a serialization failure).
constexpr int MaxAttempts = 3;

using Key = std::tuple<qint64, qint64, QString>; // conversation, sender, clientMessageId

Key keyOf(const WriteCommand &s)
{
    return {s.conversationId, s.actorId, s.clientMessageId};
}

bool isSend(const WriteCommand &c)
{
    return c.kind == WriteKind::Send;
}

Error conflict()
{
    return makeError(ErrorCode::Conflict, u"this clientMessageId was already used for different content"_s);
}

Error notMember()
{
    return makeError(ErrorCode::NotMember, u"you are not a member of this conversation"_s);
}

// Appends the command's audit entry (moderation) in the batch's transaction, unless it was refused.
Result<AppliedCommand> audited(DbSession &db, const WriteCommand &c, Result<AppliedCommand> applied)
{
    if (!applied || applied.value().refused || !c.audit)
        return applied;
    AuditEntry entry = *c.audit;
    if (auto r = AuditRepository(db).append(entry); !r)
        return r.error();
    applied.value().audit = entry;
    return applied;
}

} // namespace

MessageWriter::MessageWriter(const ConnectionFactory &factory, const MessageSealer &sealer, ChatEvents &events,
                             WriterSettings settings)
    // Generic plans: PostgreSQL otherwise plans the writer's statements anew on every execution (custom plans for
    // the bound JSON arrays), which took longer than running them: 0.66 ms of planning against 0.40 ms of
    // execution for the one-statement batch (pg_stat_statements, scenario b). Every writer statement finds its
    // rows by key probes whatever the plan (the `= ANY (ARRAY(...))` and LATERAL forms in their .sql files).
    : m_factory(factory.withSettings(u"-c plan_cache_mode=force_generic_plan"_s)), m_sealer(sealer), m_events(events),
      m_settings(settings)
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
    return {m_messages.load(std::memory_order_relaxed), m_eventCount.load(std::memory_order_relaxed),
            m_batches.load(std::memory_order_relaxed),
            m_batchMicros.load(std::memory_order_relaxed), m_oneStatement.load(std::memory_order_relaxed),
            m_oneStatementRefused.load(std::memory_order_relaxed)};
}

int MessageWriter::queued() const
{
    int n = 0;
    for (const auto &p : m_partitions) {
        std::lock_guard lock(p->mutex);
        n += int(p->queue.size());
    }
    return n;
}

QFuture<Result<WriteOutcome>> MessageWriter::submit(WriteCommand command)
{
    auto promise = std::make_shared<QPromise<Result<WriteOutcome>>>();
    QFuture<Result<WriteOutcome>> future = promise->future();
    promise->start();
    Partition &p = *m_partitions[std::size_t(command.conversationId % qint64(m_partitions.size()))];
    bool queued = false;
    {
        std::lock_guard lock(p.mutex);
        if (!p.stopping && int(p.queue.size()) < m_settings.maxQueued) {
            p.queue.push_back({std::move(command), promise, HomeLoop::current()});
            queued = true;
        }
    }
    if (queued) {
        p.wake.notify_one();
    } else {
        promise->addResult(Result<WriteOutcome>(makeError(ErrorCode::Unavailable, u"the server is busy; retry"_s)));
        promise->finish();
    }
    return future;
}

void MessageWriter::run(Partition &partition, int index)
{
    DbSession db(m_factory, u"banter-writer-"_s + QString::number(index));
    OneStatementPath oneStatement(m_sealer, m_settings.sharedDatabase,
                                  [this](const WriteCommand &send, const QList<qint64> &members) {
                                      return mayNotify(send, members);
                                  });
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
        store(db, oneStatement, batch);
    }
}

void MessageWriter::store(DbSession &db, OneStatementPath &oneStatement, std::vector<Item> &batch)
{
    std::vector<std::optional<Result<WriteOutcome>>> results(batch.size());
    QList<CreatedMessage> created;
    QList<CommittedEvent> events;
    Result<void> outcome;
    const auto started = std::chrono::steady_clock::now();
    std::vector<const WriteCommand *> commands;
    commands.reserve(batch.size());
    for (const Item &item : batch)
        commands.push_back(&item.command);
    const OneStatementPath::Stats before = oneStatement.stats();
    const bool stored = m_settings.oneStatement && oneStatement.store(db, commands, results, created);
    const OneStatementPath::Stats after = oneStatement.stats();
    m_oneStatement.fetch_add(after.stored - before.stored, std::memory_order_relaxed);
    m_oneStatementRefused.fetch_add(after.refused - before.refused, std::memory_order_relaxed);
    if (stored && after.fanouts != before.fanouts && m_settings.jobsQueued)
        m_settings.jobsQueued();
    // A lost connection is retried on a fresh one, and a batch PostgreSQL chose as a deadlock's victim (writers of
    // other nodes lock the same conversations) or a serialization failure again: nothing of a failed attempt was
    // committed, and the clientMessageId dedupe makes a commit whose acknowledgement was lost safe to redo.
    for (int attemptNo = 0; !stored && attemptNo < MaxAttempts; ++attemptNo) {
        results.assign(batch.size(), std::nullopt);
        created.clear();
        events.clear();
        outcome = attempt(db, batch, results, created, events);
        if (outcome)
            break;
        const QString state = db.lastSqlState();
        const bool transient = state == u"40P01"_s || state == u"40001"_s;
        if (outcome.error().code != ErrorCode::Unavailable && !transient)
            break;
        qCWarning(lcService) << "message batch failed, retrying:" << (transient ? state : QString())
                             << outcome.error().message;
    }
    if (!outcome) {
        qCWarning(lcService) << "message batch of" << batch.size() << "failed:" << outcome.error().message;
        const Error e = outcome.error().code == ErrorCode::Unavailable
                            ? outcome.error()
                            : makeError(ErrorCode::Unavailable, u"the message could not be stored; retry"_s);
        for (Item &item : batch)
            item.home.finish(item.promise, Result<WriteOutcome>(e));
        return;
    }
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started).count();
    m_batches.fetch_add(1, std::memory_order_relaxed);
    m_batchMicros.fetch_add(quint64(micros), std::memory_order_relaxed);
    if (m_settings.batchLatency)
        m_settings.batchLatency->observe(double(micros) / 1e6);
    qCDebug(lcService) << "stored a batch of" << batch.size() << "commands in" << micros / 1000.0 << "ms";
    m_messages.fetch_add(quint64(created.size()), std::memory_order_relaxed);
    m_eventCount.fetch_add(quint64(events.size()), std::memory_order_relaxed);
    if (!stored) { // every seq allocated was used: the highest of each conversation is its last_seq now
        for (const CreatedMessage &m : std::as_const(created))
            oneStatement.committed(m.message.conversationId, m.message.seq, m.memberIds);
        for (const CommittedEvent &e : std::as_const(events))
            oneStatement.committed(e.event.conversationId, e.event.seq, std::nullopt);
    }
    // The acks first: each is one small event for its sender's socket thread, and posted after the fan-out it
    // waited there behind the rendering and writing of every delivery of the batch (scenario b's ack latency).
    for (std::size_t i = 0; i < batch.size(); ++i)
        batch[i].home.finish(batch[i].promise,
                             results[i].value_or(Result<WriteOutcome>(makeError(ErrorCode::Internal, u"no result"_s))));
    // Deliveries start the moment the rows are durable. A batch's sends have lower seqs than its other events
    // (attempt() numbers them first), so this is seq order within every conversation.
    if (!created.isEmpty())
        m_events.messagesCreated(created);
    if (!events.isEmpty())
        m_events.eventsCommitted(events);
}

bool MessageWriter::mayNotify(const WriteCommand &send, const QList<qint64> &recipients) const
{
    if (send.replyTo != 0 || send.content.contains(u'@'))
        return true;
    if (!m_settings.online)
        return true;
    for (qint64 user : recipients)
        if (user != send.actorId && !m_settings.online(user))
            return true;
    return false;
}

Result<void> MessageWriter::attempt(DbSession &db, const std::vector<Item> &batch,
                                    std::vector<std::optional<Result<WriteOutcome>>> &results,
                                    QList<CreatedMessage> &created, QList<CommittedEvent> &events)
{
    // 1. Repeated sends inside the batch follow the first occurrence (or conflict with it).
    std::map<Key, std::size_t> first;
    std::vector<std::ptrdiff_t> leaderOf(batch.size(), -1);
    for (std::size_t i = 0; i < batch.size(); ++i) {
        if (!isSend(batch[i].command))
            continue;
        auto [it, inserted] = first.emplace(keyOf(batch[i].command), i);
        if (inserted)
            continue;
        if (batch[it->second].command.content == batch[i].command.content)
            leaderOf[i] = std::ptrdiff_t(it->second);
        else
            results[i] = Result<WriteOutcome>(conflict());
    }

    auto tx = Transaction::begin(db);
    if (!tx)
        return tx.error();
    ConversationRepository conversations(db);
    MessageRepository messages(db);

    QList<qint64> conversationIds;
    for (const Item &item : batch)
        if (!conversationIds.contains(item.command.conversationId))
            conversationIds.append(item.command.conversationId);
    auto accessOf = conversations.accessOf(conversationIds);
    if (!accessOf)
        return accessOf.error();
    // Changed by the batch's member removals as they apply: a command after one sees the member gone.
    QHash<qint64, ConversationAccess> access = std::move(accessOf.value());

    // 2. Membership of senders.
    std::vector<std::size_t> pending;
    for (std::size_t i = 0; i < batch.size(); ++i) {
        const WriteCommand &c = batch[i].command;
        if (!isSend(c) || results[i] || leaderOf[i] >= 0)
            continue;
        if (!access.value(c.conversationId).roles.contains(c.actorId))
            results[i] = Result<WriteOutcome>(notMember());
        else
            pending.push_back(i);
    }

    // 3. Retries of messages stored by an earlier batch.
    if (!pending.empty()) {
        QList<ClientMessageKey> keys;
        for (std::size_t i : pending)
            keys.append({batch[i].command.conversationId, batch[i].command.actorId, batch[i].command.clientMessageId});
        auto existing = messages.findByClientIds(keys);
        if (!existing)
            return existing.error();
        std::map<Key, StoredMessage> stored;
        for (const StoredMessage &m : existing.value())
            stored.emplace(Key{m.conversationId, m.senderId, m.clientMessageId}, m);
        std::vector<std::size_t> fresh;
        for (std::size_t i : pending) {
            auto it = stored.find(keyOf(batch[i].command));
            if (it == stored.end()) {
                fresh.push_back(i);
                continue;
            }
            ChatMessage original = ChatMessage::reveal(it->second, m_sealer);
            if (const auto a = access.constFind(it->second.conversationId); a != access.cend() && a->e2ee)
                original.e2ee = E2eePart{}; // the ack of a retry: E2EE, no ciphertext (the sender has none)
            if (original.readable && !original.removed() && original.content == batch[i].command.content)
                results[i] = Result<WriteOutcome>(WriteOutcome{original, false, std::nullopt});
            else if (original.removed())
                results[i] = Result<WriteOutcome>(WriteOutcome{original, false, std::nullopt}); // stored, then removed
            else
                results[i] = Result<WriteOutcome>(conflict());
        }
        pending.swap(fresh);
        // A retry's answer is the original message, files included.
        QList<qint64> retried;
        for (const auto &[key, m] : stored)
            retried.append(m.id);
        auto files = MediaRepository(db).ofMessages(retried);
        if (!files)
            return files.error();
        for (auto &r : results) {
            if (!r || !r->ok() || r->value().changed || r->value().message.removed())
                continue;
            for (const StoredMedia &file : files.value().value(r->value().message.id))
                r->value().message.attachments.append(ChatMessage::attachmentOf(file, m_sealer));
        }
    }

    // 4. Replies: the message answered must be in the same conversation.
    QHash<qint64, StoredMessage> replyTargets;
    {
        QList<qint64> ids;
        for (std::size_t i : pending)
            if (batch[i].command.replyTo != 0 && !ids.contains(batch[i].command.replyTo))
                ids.append(batch[i].command.replyTo);
        if (!ids.isEmpty()) {
            auto targets = messages.findByIds(ids);
            if (!targets)
                return targets.error();
            for (const StoredMessage &m : targets.value())
                replyTargets.insert(m.id, m);
        }
        std::vector<std::size_t> valid;
        for (std::size_t i : pending) {
            const WriteCommand &c = batch[i].command;
            const StoredMessage target = replyTargets.value(c.replyTo);
            if (c.replyTo != 0 && (target.conversationId != c.conversationId // or before the sender's window
                                   || target.seq < access.value(c.conversationId).visibleFrom.value(c.actorId)))
                results[i] = Result<WriteOutcome>(makeError(ErrorCode::ValidationFailed,
                                                            u"replyTo: no such message in this conversation"_s));
            else
                valid.push_back(i);
        }
        pending.swap(valid);
    }

    // 4b. Attachments: the sender's own uploads, not deleted, attached to no message yet (nor twice in this batch).
    QHash<qint64, StoredMedia> files;
    {
        QList<qint64> ids;
        for (std::size_t i : pending)
            for (qint64 id : batch[i].command.attachments)
                if (!ids.contains(id))
                    ids.append(id);
        if (!ids.isEmpty()) {
            auto rows = MediaRepository(db).lockForAttach(ids); // locked: no other batch takes them meanwhile
            if (!rows)
                return rows.error();
            for (const StoredMedia &m : rows.value())
                files.insert(m.id, m);
        }
        QSet<qint64> claimed;
        std::vector<std::size_t> valid;
        for (std::size_t i : pending) {
            const WriteCommand &c = batch[i].command;
            bool ok = true;
            for (qint64 id : c.attachments) {
                const auto it = files.constFind(id);
                if (it == files.cend() || it->uploaderId != c.actorId || it->deleted || it->messageId != 0
                    || claimed.contains(id)) {
                    ok = false;
                    break;
                }
            }
            if (!ok) {
                results[i] = Result<WriteOutcome>(makeError(
                    ErrorCode::ValidationFailed, u"attachments: your own uploads, each on one message only"_s));
                continue;
            }
            for (qint64 id : c.attachments)
                claimed.insert(id);
            valid.push_back(i);
        }
        pending.swap(valid);
    }

    // 4c. End-to-end encryption: a send or edit in an E2EE conversation carries ciphertexts for exactly the
    //     members' current devices (E2eeCommands); plain text goes to plain conversations only. Batches without
    //     an E2EE conversation read nothing more.
    E2eeCommands e2ee(db);
    std::vector<std::optional<E2eePart>> parts(batch.size());
    auto isE2ee = [&access](qint64 conversationId) {
        const auto it = access.constFind(conversationId);
        return it != access.cend() && it->e2ee;
    };
    {
        QList<qint64> encrypted;
        for (const Item &item : batch) {
            const WriteCommand &c = item.command;
            if ((isSend(c) || c.kind == WriteKind::Edit) && isE2ee(c.conversationId) && !encrypted.contains(c.conversationId))
                encrypted.append(c.conversationId);
        }
        if (auto r = e2ee.prefetch(encrypted); !r)
            return r.error();
        std::vector<std::size_t> valid;
        for (std::size_t i : pending) {
            const WriteCommand &c = batch[i].command;
            if (!c.encrypted && !isE2ee(c.conversationId)) { // a plain send: nothing to check
                valid.push_back(i);
                continue;
            }
            auto part = e2ee.check(c, isE2ee(c.conversationId));
            if (!part) {
                results[i] = Result<WriteOutcome>(part.error());
                continue;
            }
            parts[i] = std::move(part.value());
            valid.push_back(i);
        }
        pending.swap(valid);
    }

    // 5. The other commands, one after another in the order they came.
    std::vector<QList<PendingEvent>> commandEvents(batch.size());
    MessageCommands commands(db, m_sealer, m_settings.limits);
    GroupCommands groups(db, m_settings.limits);
    {
        QList<qint64> targets;
        for (const Item &item : batch)
            if (!isSend(item.command) && item.command.messageId != 0 && !targets.contains(item.command.messageId))
                targets.append(item.command.messageId);
        if (auto r = commands.prefetch(targets); !r)
            return r.error();
    }
    // Who receives each event: the members when it happens. New messages come first in the log, so theirs are
    // the members before any command of the batch; a command's are those just before it applies and those
    // just after (a removed member still learns of the removal, an added one of the addition, and of nothing
    // after it or before it).
    QHash<qint64, QList<qint64>> sendRecipients;
    for (std::size_t i : pending)
        if (!sendRecipients.contains(batch[i].command.conversationId))
            sendRecipients.insert(batch[i].command.conversationId, access.value(batch[i].command.conversationId).memberIds);
    std::vector<QList<qint64>> commandRecipients(batch.size());
    std::vector<std::size_t> applied;
    for (std::size_t i = 0; i < batch.size(); ++i) {
        const WriteCommand &c = batch[i].command;
        if (isSend(c))
            continue;
        Result<AppliedCommand> r = AppliedCommand{};
        if (GroupCommands::handles(c.kind)) {
            ConversationAccess &a = access[c.conversationId];
            commandRecipients[i] = a.memberIds;
            r = groups.apply(c, a);
            for (qint64 id : std::as_const(a.memberIds))
                if (!commandRecipients[i].contains(id))
                    commandRecipients[i].append(id);
        } else {
            const auto it = access.constFind(c.conversationId);
            if (it != access.cend())
                commandRecipients[i] = it->memberIds;
            // An edit's ciphertexts are checked like a send's, once the actor is known to be a member.
            if (c.kind == WriteKind::Edit && it != access.cend() && it->roles.contains(c.actorId)
                && (it->e2ee || c.encrypted)) {
                auto part = e2ee.check(c, it->e2ee);
                if (!part) {
                    results[i] = Result<WriteOutcome>(part.error());
                    continue;
                }
                parts[i] = std::move(part.value());
            }
            r = commands.apply(c, it == access.cend() ? nullptr : &*it);
        }
        r = audited(db, c, std::move(r));
        if (!r)
            return r.error();
        if (r.value().refused) {
            results[i] = Result<WriteOutcome>(*r.value().refused);
            continue;
        }
        commandEvents[i] = r.value().events;
        WriteOutcome outcome;
        outcome.changed = !r.value().events.isEmpty();
        outcome.audit = r.value().audit;
        results[i] = Result<WriteOutcome>(outcome);
        applied.push_back(i);
    }

    // 6. One seq allocation for every event of the batch: new messages first, then the other events.
    QHash<qint64, int> counts;
    for (std::size_t i : pending)
        ++counts[batch[i].command.conversationId];
    for (std::size_t i : applied)
        counts[batch[i].command.conversationId] += int(commandEvents[i].size());
    QHash<qint64, qint64> next;
    if (!counts.isEmpty()) {
        auto last = conversations.allocateSeqs(counts);
        if (!last)
            return last.error();
        for (auto it = counts.cbegin(); it != counts.cend(); ++it)
            next.insert(it.key(), last.value().value(it.key()) - it.value() + 1);
    }
    FanoutInput fanout; // what the batch may notify about (NotificationFanout)
    QString fanoutKey;
    QList<StoredEnvelope> envelopes; // the encrypted parts of E2EE messages and edits, at their log positions
    // 7. New messages: sealing, one INSERT, read marks for the senders. A message's row is its `message` event
    //    (events/since reads both tables in one seq order), so it has no conversation_events row.
    if (!pending.empty()) {
        QList<StoredMessage> rows;
        rows.reserve(qsizetype(pending.size()));
        QList<ReadMark> marks;
        for (std::size_t i : pending) {
            const WriteCommand &s = batch[i].command;
            StoredMessage row;
            row.conversationId = s.conversationId;
            row.seq = next[s.conversationId]++;
            row.senderId = s.actorId;
            row.clientMessageId = s.clientMessageId;
            row.replyToId = s.replyTo;
            auto sealed = m_sealer.seal(row.conversationId, row.seq, s.content);
            if (!sealed)
                return sealed.error();
            row.keyId = sealed.value().keyId;
            row.nonce = sealed.value().nonce;
            row.ciphertext = sealed.value().ciphertext;
            rows.append(std::move(row));
            marks.append({s.conversationId, s.actorId, rows.last().seq});
        }
        if (auto r = messages.insertBatch(rows); !r)
            return r.error();
        if (auto r = conversations.markRead(marks); !r)
            return r.error();
        QList<Attachment> attached;
        for (std::size_t k = 0; k < pending.size(); ++k) {
            const QList<qint64> &ids = batch[pending[k]].command.attachments;
            for (qsizetype n = 0; n < ids.size(); ++n)
                attached.append({ids[n], rows[qsizetype(k)].id, int(n)});
        }
        if (auto r = MediaRepository(db).attach(attached); !r)
            return r.error();
        for (std::size_t k = 0; k < pending.size(); ++k) {
            const std::size_t i = pending[k];
            const WriteCommand &s = batch[i].command;
            const StoredMessage &row = rows[qsizetype(k)];
            ChatMessage m = ChatMessage::stored(row, s.content);
            if (s.replyTo != 0)
                m.replyTo = ChatMessage::replyRefTo(replyTargets.value(s.replyTo), m_sealer);
            for (qint64 file : s.attachments)
                m.attachments.append(ChatMessage::attachmentOf(files.value(file), m_sealer));
            if (parts[i]) {
                envelopes.append(E2eeCommands::envelopeOf(row.conversationId, row.seq, row.id, *parts[i]));
                m.e2ee = E2eePart{parts[i]->senderDeviceId, {}}; // the sender's ack: no ciphertext of its own
                results[i] = Result<WriteOutcome>(WriteOutcome{m, true, std::nullopt});
                m.e2ee = parts[i]; // the fan-out: every device's, each socket gets its own (SocketHub)
            } else {
                results[i] = Result<WriteOutcome>(WriteOutcome{m, true, std::nullopt});
            }
            created.append({m, sendRecipients.value(s.conversationId), s.originConnection});
            if (mayNotify(s, sendRecipients.value(s.conversationId)))
                fanout.messageIds.append(row.id);
        }
    }

    // 8. The other events, in the order their commands came; an edit's new text sealed under the event's seq;
    //    members who joined start reading (and, with the history hidden, seeing) at their member.added event.
    QList<StoredEvent> log;
    QList<std::pair<std::size_t, qsizetype>> logged; // batch index and event index of each entry of `log`
    QList<GroupRepository::Joined> joined;
    for (std::size_t i : applied) {
        for (qsizetype k = 0; k < commandEvents[i].size(); ++k) {
            const PendingEvent &p = commandEvents[i][k];
            StoredEvent e;
            e.conversationId = p.conversationId;
            e.seq = next[p.conversationId]++;
            e.type = p.type;
            e.actorId = p.actorId;
            e.messageId = p.messageId;
            e.data = p.data;
            if (p.content) {
                auto sealed = m_sealer.seal(e.conversationId, e.seq, *p.content);
                if (!sealed)
                    return sealed.error();
                e.keyId = sealed.value().keyId;
                e.nonce = sealed.value().nonce;
                e.ciphertext = sealed.value().ciphertext;
            }
            if (parts[i] && e.type == EventType::MessageEdited)
                envelopes.append(E2eeCommands::envelopeOf(e.conversationId, e.seq, e.messageId, *parts[i]));
            if (p.joinedUserId != 0) {
                joined.append({e.conversationId, p.joinedUserId, e.seq, p.historyHidden});
                fanout.added.append({e.conversationId, p.joinedUserId, e.actorId});
            }
            if (e.type == u"reaction.added"_s) {
                fanout.reactions.append({e.conversationId, e.messageId, e.actorId});
            }
            if (fanoutKey.isEmpty() && (p.joinedUserId != 0 || e.type == u"reaction.added"_s))
                fanoutKey = u"e%1:%2"_s.arg(e.conversationId).arg(e.seq);
            log.append(std::move(e));
            logged.append({i, k});
        }
    }
    if (auto r = EventRepository(db).insertBatch(log); !r)
        return r.error();
    if (auto r = GroupRepository(db).markJoined(joined); !r)
        return r.error();
    if (auto r = e2ee.storeEnvelopes(envelopes); !r)
        return r.error();

    // 9. What the other commands answer with: their message as it is now, reactions relative to the actor.
    QHash<qint64, StoredMessage> byId;
    QList<qint64> ids;
    for (std::size_t i : applied)
        if (batch[i].command.messageId != 0 && !ids.contains(batch[i].command.messageId))
            ids.append(batch[i].command.messageId);
    if (!ids.isEmpty()) { // group commands are about no message
        auto rows = messages.findByIds(ids);
        if (!rows)
            return rows.error();
        for (const StoredMessage &m : rows.value())
            byId.insert(m.id, m);
        QList<qint64> actors;
        for (std::size_t i : applied)
            if (!actors.contains(batch[i].command.actorId))
                actors.append(batch[i].command.actorId);
        auto reactions = messages.reactionsFor(ids, actors); // one query for every actor of the batch
        if (!reactions)
            return reactions.error();
        auto media = MediaRepository(db).ofMessages(ids);
        if (!media)
            return media.error();
        const auto &reactionsByActor = reactions.value();
        for (std::size_t i : applied) {
            const WriteCommand &c = batch[i].command;
            WriteOutcome outcome = results[i]->value();
            if (c.messageId == 0) {
                results[i] = Result<WriteOutcome>(outcome);
                continue;
            }
            outcome.message = ChatMessage::reveal(byId.value(c.messageId), m_sealer);
            if (isE2ee(c.conversationId))
                outcome.message.e2ee = E2eePart{parts[i] ? parts[i]->senderDeviceId : 0, {}};
            outcome.message.reactions = reactionsByActor.value(c.actorId).value(c.messageId);
            if (!outcome.message.removed())
                for (const StoredMedia &file : media.value().value(c.messageId))
                    outcome.message.attachments.append(ChatMessage::attachmentOf(file, m_sealer));
            results[i] = Result<WriteOutcome>(outcome);
        }
    }

    if (!fanout.isEmpty()) {
        // One job for the batch, keyed by its first message (ids are unique) or its first such event.
        const QString key = !fanout.messageIds.isEmpty() ? u"m"_s + QString::number(fanout.messageIds.first()) : fanoutKey;
        if (auto r = JobRepository(db).enqueue(QString::fromLatin1(NotificationFanout::Kind), key, fanout.toJson()); !r)
            return r.error();
    }

    if (auto r = tx.value().commit(); !r)
        return r.error();
    if (!fanout.isEmpty() && m_settings.jobsQueued)
        m_settings.jobsQueued();

    for (qsizetype n = 0; n < logged.size(); ++n) {
        const auto [i, k] = logged[n];
        const WriteCommand &c = batch[i].command;
        const StoredEvent &stored = log[n];
        ConversationEvent e = ConversationEvent::of(stored);
        e.messageSeq = byId.value(stored.messageId).seq;
        e.content = commandEvents[i][k].content;
        if (parts[i] && e.type == EventType::MessageEdited) {
            e.content.reset(); // there is none: the new text is in the ciphertexts
            e.e2ee = parts[i];
        }
        // Members whose history window starts after the message do not hear about it.
        QList<qint64> recipients = commandRecipients[i];
        if (stored.messageId != 0) {
            const ConversationAccess &a = access[c.conversationId];
            recipients.removeIf([&](qint64 user) { return a.visibleFrom.value(user) > e.messageSeq; });
        }
        events.append({e, recipients, c.originConnection});
    }

    // 10. Followers get their leader's message, marked as not created (no second delivery).
    for (std::size_t i = 0; i < batch.size(); ++i) {
        if (leaderOf[i] < 0)
            continue;
        const auto &leader = results[std::size_t(leaderOf[i])];
        if (leader && leader->ok())
            results[i] = Result<WriteOutcome>(WriteOutcome{leader->value().message, false, std::nullopt});
        else
            results[i] = leader;
    }
    return {};
}

} // namespace Banter::Server
