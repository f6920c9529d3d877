#include "service/EventReplay.h"

#include "crypto/MessageSealer.h"
#include "storage/ConversationRepository.h"
#include "storage/E2eeRepository.h"
#include "storage/EventRepository.h"

namespace Banter::Server {
namespace {

// The positions' entries, opened and decorated as a message's first fan-out shows it, with the members.
Result<QList<CommittedEvent>> read(DbSession &db, const QList<SyncPosition> &positions, qint64 upToSeq,
                                   const MessageSealer &sealer)
{
    QList<CommittedEvent> out;
    if (positions.isEmpty())
        return out;
    auto rows = EventRepository(db).since(positions, EventReplay::MaxEntries);
    if (!rows)
        return rows.error();
    QList<qint64> conversations;
    QList<ChatMessage> messages;
    QList<ConversationEvent> events;
    for (const StoredEvent &row : rows.value()) {
        if (upToSeq > 0 && row.seq > upToSeq)
            continue;
        events.append(ConversationEvent::reveal(row, sealer));
        if (events.last().message)
            messages.append(*events.last().message);
        if (!conversations.contains(row.conversationId))
            conversations.append(row.conversationId);
    }
    if (auto r = ChatMessage::attachReactions(db, messages, 0, sealer); !r)
        return r.error();
    QHash<qint64, const ChatMessage *> decorated;
    for (const ChatMessage &m : std::as_const(messages))
        decorated.insert(m.id, &m);
    auto windows = ConversationRepository(db).memberWindows(conversations);
    if (!windows)
        return windows.error();
    // E2EE messages and edits with every device's ciphertext, as their first fan-out had them (SocketHub gives
    // each socket its own).
    QList<std::pair<qint64, qint64>> encryptedAt; // where E2EE parts may be
    for (const ConversationEvent &e : std::as_const(events))
        if ((e.message && !e.message->removed()) || (e.type == EventType::MessageEdited && e.content))
            encryptedAt.append({e.conversationId, e.seq});
    auto envelopes = E2eeRepository(db).forPositions(encryptedAt);
    if (!envelopes)
        return envelopes.error();
    out.reserve(events.size());
    for (ConversationEvent &e : events) {
        if (e.message && decorated.contains(e.message->id)) {
            e.message->reactions = decorated.value(e.message->id)->reactions;
            e.message->attachments = decorated.value(e.message->id)->attachments;
        }
        if (const auto it = envelopes.value().constFind({e.conversationId, e.seq}); it != envelopes.value().cend()) {
            E2eePart part{it->senderDevice, {}};
            for (const StoredCiphertext &c : it->ciphertexts)
                part.ciphertexts.append({c.userId, c.deviceId, c.sessionId, c.type, c.body});
            if (e.message) {
                e.message->content.clear();
                e.message->e2ee = part;
            } else {
                e.content.reset();
                e.e2ee = part;
            }
        }
        // Each member gets what their history window shows, as sync does: nothing from before they joined a
        // group that hides its history.
        QList<qint64> audience;
        for (const auto &[userId, visibleFrom] : windows.value().value(e.conversationId))
            if (e.seq >= visibleFrom)
                audience.append(userId);
        out.append(CommittedEvent{std::move(e), audience, 0});
    }
    return out;
}

} // namespace

QFuture<Result<QList<CommittedEvent>>> EventReplay::range(qint64 conversationId, qint64 afterSeq, qint64 upToSeq)
{
    const MessageSealer *sealer = &m_sealer;
    return m_db.run([conversationId, afterSeq, upToSeq, sealer](DbSession &db) {
        return read(db, {SyncPosition{conversationId, afterSeq, 0}}, upToSeq, *sealer);
    });
}

QFuture<Result<QList<CommittedEvent>>> EventReplay::since(const QList<qint64> &userIds, const QDateTime &since)
{
    const MessageSealer *sealer = &m_sealer;
    return m_db.run([userIds, since, sealer](DbSession &db) -> Result<QList<CommittedEvent>> {
        auto positions = EventRepository(db).activeSince(userIds, since);
        if (!positions)
            return positions.error();
        return read(db, positions.value(), 0, *sealer);
    });
}

} // namespace Banter::Server
