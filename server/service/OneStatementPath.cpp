#include "service/OneStatementPath.h"

#include "service/ServiceLog.h"
#include "storage/MessageRepository.h"

#include <QSet>

#include <set>
#include <tuple>

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

// Conversations remembered per partition before the map starts over (each entry is a few dozen bytes; a
// forgotten conversation only takes the transaction path once).
constexpr qsizetype MaxRemembered = 200000;

} // namespace

OneStatementPath::OneStatementPath(const MessageSealer &sealer, bool sharedDatabase, NotifyCheck mayNotify)
    : m_sealer(sealer), m_sharedDatabase(sharedDatabase), m_mayNotify(std::move(mayNotify))
{
}

bool OneStatementPath::qualifies(const std::vector<const WriteCommand *> &commands) const
{
    std::set<std::tuple<qint64, qint64, QString>> keys;
    QSet<qint64> conversations;
    for (const WriteCommand *c : commands) {
        if (c->kind != WriteKind::Send || c->replyTo != 0 || !c->attachments.isEmpty() || c->audit || c->encrypted)
            return false;
        if (!m_lastSeq.contains(c->conversationId))
            return false;
        if (!keys.emplace(c->conversationId, c->actorId, c->clientMessageId).second)
            return false; // a retry inside the batch: the transaction path pairs it with the first
        conversations.insert(c->conversationId);
    }
    return !commands.empty() && (!m_sharedDatabase || conversations.size() == 1);
}

bool OneStatementPath::store(DbSession &db, const std::vector<const WriteCommand *> &commands,
                             std::vector<std::optional<Result<WriteOutcome>>> &results, QList<CreatedMessage> &created)
{
    if (!qualifies(commands))
        return false;
    QHash<qint64, qint64> next;
    QList<StoredMessage> rows;
    rows.reserve(qsizetype(commands.size()));
    QHash<qint64, qint64> expected;
    for (const WriteCommand *c : commands) {
        if (!expected.contains(c->conversationId)) {
            expected.insert(c->conversationId, m_lastSeq.value(c->conversationId));
            next.insert(c->conversationId, m_lastSeq.value(c->conversationId) + 1);
        }
        StoredMessage row;
        row.conversationId = c->conversationId;
        row.seq = next[c->conversationId]++;
        row.senderId = c->actorId;
        row.clientMessageId = c->clientMessageId;
        auto sealed = m_sealer.seal(row.conversationId, row.seq, c->content);
        if (!sealed)
            return false; // the transaction path reports it
        row.keyId = sealed.value().keyId;
        row.nonce = sealed.value().nonce;
        row.ciphertext = sealed.value().ciphertext;
        rows.append(std::move(row));
    }
    QList<qsizetype> notifying;
    for (std::size_t i = 0; i < commands.size(); ++i) {
        const auto known = m_members.constFind(commands[i]->conversationId);
        if (known == m_members.cend() || !m_mayNotify || m_mayNotify(*commands[i], *known))
            notifying.append(qsizetype(i));
    }
    auto members = MessageRepository(db).insertNumberedBatch(rows, expected, notifying);
    if (!members) {
        ++m_stats.refused;
        for (auto it = expected.cbegin(); it != expected.cend(); ++it)
            m_lastSeq.remove(it.key()); // the transaction path tells the truth again
        qCDebug(lcService) << "one-statement batch refused, taking the transaction path:" << members.error().message;
        return false;
    }
    ++m_stats.stored;
    if (!notifying.isEmpty())
        ++m_stats.fanouts;
    for (auto it = next.cbegin(); it != next.cend(); ++it)
        m_lastSeq.insert(it.key(), it.value() - 1);
    if (m_members.size() >= MaxRemembered)
        m_members.clear();
    for (auto it = members.value().cbegin(); it != members.value().cend(); ++it)
        m_members.insert(it.key(), it.value());
    for (std::size_t i = 0; i < commands.size(); ++i) {
        const WriteCommand &c = *commands[i];
        const StoredMessage &row = rows[qsizetype(i)];
        const ChatMessage m = ChatMessage::stored(row, c.content);
        results[i] = Result<WriteOutcome>(WriteOutcome{m, true, std::nullopt});
        created.append({m, members.value().value(c.conversationId), c.originConnection});
    }
    return true;
}

void OneStatementPath::committed(qint64 conversationId, qint64 seq, const std::optional<QList<qint64>> &members)
{
    if (m_lastSeq.size() >= MaxRemembered && !m_lastSeq.contains(conversationId))
        m_lastSeq.clear();
    if (m_members.size() >= MaxRemembered && !m_members.contains(conversationId))
        m_members.clear();
    if (members)
        m_members.insert(conversationId, *members);
    else
        m_members.remove(conversationId);
    qint64 &last = m_lastSeq[conversationId];
    last = qMax(last, seq);
}

} // namespace Banter::Server
