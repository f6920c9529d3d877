#pragma once

#include "storage/DbSession.h"
#include "storage/MessageRepository.h"

#include <QDateTime>
#include <QJsonObject>

#include <optional>

namespace Banter::Server {

// A row of conversation_events: one change to a conversation, at its seq.
struct StoredEvent
{
    qint64 conversationId = 0;
    qint64 seq = 0;
    QString type;
    qint64 actorId = 0;
    qint64 messageId = 0;
    QJsonObject data;
    // Sealed content (message.edited), empty when none or erased.
    QString keyId;
    QByteArray nonce;
    QByteArray ciphertext;
    QDateTime createdAt;
    int targetRemoved = 0; // read back: the removed state of the message the event is about (RemovedState)
    std::optional<StoredMessage> message; // a `message` event read back: its message's current row
};

// The per-conversation event log that sync replays. Rows are written by the batched writer only, in the
// transaction of the change they describe, with seqs from ConversationRepository::allocateSeqs.
class EventRepository
{
public:
    explicit EventRepository(DbSession &session) : m_session(session) {}

    // One INSERT for all; fills in createdAt.
    Result<void> insertBatch(QList<StoredEvent> &events);
    // Events after each position, ascending by seq within each conversation, at most limit in all.
    Result<QList<StoredEvent>> since(const QList<SyncPosition> &positions, int limit);
    // The conversations of these users whose log grew since `since`, each at the position before the first entry
    // written since then (events/active_since.sql).
    Result<QList<SyncPosition>> activeSince(const QList<qint64> &userIds, const QDateTime &since);

private:
    DbSession &m_session;
};

} // namespace Banter::Server
