#pragma once

#include "crypto/MessageSealer.h"
#include "service/WriteCommand.h"
#include "storage/ConversationRepository.h"

#include <QHash>
#include <QJsonObject>

#include <optional>

namespace Banter::Server {

class DbSession;

// The event a command produced, before it has its seq (the writer allocates seqs for a whole batch at once).
struct PendingEvent
{
    qint64 conversationId = 0;
    QString type;
    qint64 actorId = 0;
    qint64 messageId = 0;
    QJsonObject data;               // plain fields: by, userId, emoji, role, changes
    std::optional<QString> content; // message.edited: sealed under the event's seq once it has one
    // member.added: the member who joined; their read position and history window start at the event's seq.
    qint64 joinedUserId = 0;
    bool historyHidden = false; // the history before the event is hidden from them
};

// What one command came to: refused (the client's error), or done, with the events it wrote if it changed
// anything (none: nothing to do) and the audit entry it appended.
struct AppliedCommand
{
    std::optional<Error> refused;
    QList<PendingEvent> events;
    std::optional<AuditEntry> audit;
};

// Applies the commands on messages (edit, delete, hide, react, pin) inside the writer's
// open transaction: checks who may do it against the conversation's members and roles, then changes the
// message. The writer is the only one changing a conversation's messages (one partition per conversation), so
// what is read here stays true until the commit.
class MessageCommands
{
public:
    MessageCommands(DbSession &db, const MessageSealer &sealer, WriterLimits limits)
        : m_db(db), m_sealer(sealer), m_limits(limits)
    {
    }

    // Loads the messages these commands are about in one query (apply() reads them from there).
    Result<void> prefetch(const QList<qint64> &messageIds);
    // access: the conversation's members and roles (none: the conversation has no members, or is unknown).
    // An error here is a database error: the whole batch fails (and is retried).
    Result<AppliedCommand> apply(const WriteCommand &command, const ConversationAccess *access);

private:
    Result<AppliedCommand> edit(const WriteCommand &c, const StoredMessage &m);
    Result<AppliedCommand> remove(const WriteCommand &c, const StoredMessage &m, const ConversationAccess *access);
    Result<AppliedCommand> hide(const WriteCommand &c, const StoredMessage &m);
    Result<AppliedCommand> react(const WriteCommand &c, const StoredMessage &m);
    Result<AppliedCommand> pin(const WriteCommand &c, const StoredMessage &m, const ConversationAccess &access);

    Result<std::optional<StoredMessage>> message(qint64 id);

    DbSession &m_db;
    const MessageSealer &m_sealer;
    WriterLimits m_limits;
    QHash<qint64, StoredMessage> m_messages; // prefetched; a command that changes a message drops it from here
};

} // namespace Banter::Server
