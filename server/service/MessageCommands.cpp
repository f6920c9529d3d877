#include "service/MessageCommands.h"

#include "service/ConversationEvent.h"
#include "storage/DbSession.h"
#include "storage/E2eeRepository.h"
#include "storage/MediaRepository.h"
#include "storage/MessageRepository.h"

#include <banter/ErrorCode.h>

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

AppliedCommand refused(QLatin1StringView code, const QString &message)
{
    return {makeError(code, message), {}, std::nullopt};
}

AppliedCommand unchanged()
{
    return {};
}

PendingEvent eventOf(const WriteCommand &c, QLatin1StringView type, QJsonObject data = {})
{
    return {c.conversationId, QString(type), c.actorId, c.messageId, std::move(data), std::nullopt};
}

} // namespace

Result<void> MessageCommands::prefetch(const QList<qint64> &messageIds)
{
    if (messageIds.isEmpty())
        return {};
    auto rows = MessageRepository(m_db).findByIds(messageIds);
    if (!rows)
        return rows.error();
    for (const StoredMessage &m : rows.value())
        m_messages.insert(m.id, m);
    return {};
}

Result<std::optional<StoredMessage>> MessageCommands::message(qint64 id)
{
    if (const auto it = m_messages.constFind(id); it != m_messages.cend())
        return std::optional<StoredMessage>(*it);
    auto rows = MessageRepository(m_db).findByIds({id});
    if (!rows)
        return rows.error();
    if (rows.value().isEmpty())
        return std::optional<StoredMessage>();
    m_messages.insert(id, rows.value().first());
    return std::optional<StoredMessage>(rows.value().first());
}

Result<AppliedCommand> MessageCommands::apply(const WriteCommand &c, const ConversationAccess *access)
{
    if (c.authority == Authority::Member && (!access || !access->roles.contains(c.actorId)))
        return refused(ErrorCode::NotMember, u"you are not a member of this conversation"_s);
    auto found = message(c.messageId);
    if (!found)
        return found.error();
    if (!found.value() || found.value()->conversationId != c.conversationId)
        return refused(ErrorCode::NotFound, u"no such message"_s);
    // A message from before a member's history window does not exist for them.
    if (c.authority == Authority::Member && found.value()->seq < access->visibleFrom.value(c.actorId))
        return refused(ErrorCode::NotFound, u"no such message"_s);
    const StoredMessage m = *found.value();

    Result<AppliedCommand> applied = AppliedCommand{};
    switch (c.kind) {
    case WriteKind::Edit:
        applied = edit(c, m);
        break;
    case WriteKind::Delete:
        applied = remove(c, m, access);
        break;
    case WriteKind::Hide:
        applied = hide(c, m);
        break;
    case WriteKind::ReactAdd:
    case WriteKind::ReactRemove:
        applied = react(c, m);
        break;
    case WriteKind::Pin:
    case WriteKind::Unpin:
        if (!access)
            return refused(ErrorCode::NotMember, u"you are not a member of this conversation"_s);
        applied = pin(c, m, *access);
        break;
    default:
        return makeError(ErrorCode::Internal, u"not a message command"_s);
    }
    // The row changed (text, removal or pin): the next command on it in this batch reads it again. Reactions
    // live in their own table and leave the row as it was.
    if (applied && !applied.value().events.isEmpty() && c.kind != WriteKind::ReactAdd && c.kind != WriteKind::ReactRemove)
        m_messages.remove(c.messageId);
    return applied;
}

Result<AppliedCommand> MessageCommands::edit(const WriteCommand &c, const StoredMessage &m)
{
    if (m.senderId != c.actorId)
        return refused(ErrorCode::Forbidden, u"only its author can edit a message"_s);
    if (m.removed != int(RemovedState::Visible))
        return refused(ErrorCode::ValidationFailed, u"the message was removed; it cannot be edited"_s);
    auto current = m_sealer.open(m.conversationId, m.seq, {m.keyId, m.nonce, m.ciphertext});
    if (current && current.value() == c.content && !c.encrypted) // an E2EE edit always changes
        return unchanged();
    // The message row stays bound to its own seq; the event's copy is sealed under the event's seq later.
    auto sealed = m_sealer.seal(m.conversationId, m.seq, c.content);
    if (!sealed)
        return sealed.error();
    auto editedAt = MessageRepository(m_db).edit(m.id, sealed.value().keyId, sealed.value().nonce, sealed.value().ciphertext);
    if (!editedAt)
        return editedAt.error();
    PendingEvent e = eventOf(c, EventType::MessageEdited);
    e.content = c.content;
    return AppliedCommand{std::nullopt, {e}, std::nullopt};
}

Result<AppliedCommand> MessageCommands::remove(const WriteCommand &c, const StoredMessage &m,
                                               const ConversationAccess *access)
{
    RemovedState state;
    QString by;
    if (c.authority == Authority::Moderator) {
        state = RemovedState::DeletedByModerator;
        by = u"moderator"_s;
    } else if (m.senderId == c.actorId) {
        state = RemovedState::DeletedByAuthor;
        by = u"author"_s;
    } else if (access && access->type == "group"_L1 && access->administers(c.actorId)) {
        state = RemovedState::DeletedByAdmin;
        by = u"admin"_s;
    } else {
        return refused(ErrorCode::Forbidden, u"only its author, a group owner or admin, or a moderator can delete a message"_s);
    }
    if (m.removed != int(RemovedState::Visible) && m.removed != int(RemovedState::Hidden))
        return unchanged(); // deleted already: deleting again changes nothing
    if (auto r = MessageRepository(m_db).setRemoved(m.id, state); !r)
        return r.error();
    if (auto r = MediaRepository(m_db).deleteWithMessage(m.id); !r) // its files go with it
        return r.error();
    if (access && access->e2ee)
        if (auto r = E2eeRepository(m_db).deleteForMessage(m.id); !r) // so do its ciphertexts (and its edits')
            return r.error();
    return AppliedCommand{std::nullopt, {eventOf(c, EventType::MessageDeleted, {{u"by"_s, by}})}, std::nullopt};
}

Result<AppliedCommand> MessageCommands::hide(const WriteCommand &c, const StoredMessage &m)
{
    if (c.authority != Authority::Moderator)
        return refused(ErrorCode::Forbidden, u"only moderators hide messages"_s);
    if (m.removed != int(RemovedState::Visible))
        return unchanged();
    if (auto r = MessageRepository(m_db).setRemoved(m.id, RemovedState::Hidden); !r)
        return r.error();
    return AppliedCommand{std::nullopt, {eventOf(c, EventType::MessageHidden)}, std::nullopt};
}

Result<AppliedCommand> MessageCommands::react(const WriteCommand &c, const StoredMessage &m)
{
    MessageRepository messages(m_db);
    const QJsonObject data{{u"userId"_s, QString::number(c.actorId)}, {u"emoji"_s, c.emoji}};
    if (c.kind == WriteKind::ReactRemove) {
        auto removed = messages.removeReaction(m.id, c.actorId, c.emoji);
        if (!removed)
            return removed.error();
        if (!removed.value())
            return unchanged();
        return AppliedCommand{std::nullopt, {eventOf(c, EventType::ReactionRemoved, data)}, std::nullopt};
    }
    if (m.removed != int(RemovedState::Visible))
        return refused(ErrorCode::ValidationFailed, u"the message was removed; it takes no reactions"_s);
    auto state = messages.reactionState(m.id, c.actorId, c.emoji);
    if (!state)
        return state.error();
    if (state.value().userHasThis)
        return unchanged(); // the same reaction twice is one reaction, and one event
    if (!state.value().anyoneHasThis && state.value().distinctOnMessage >= m_limits.maxReactionsPerMessage)
        return refused(ErrorCode::ValidationFailed,
                       QStringLiteral("emoji: at most %1 different reactions per message").arg(m_limits.maxReactionsPerMessage));
    if (state.value().byUser >= m_limits.maxReactionsPerUser)
        return refused(ErrorCode::ValidationFailed,
                       QStringLiteral("emoji: at most %1 reactions per user per message").arg(m_limits.maxReactionsPerUser));
    auto added = messages.addReaction(m.id, c.actorId, c.emoji);
    if (!added)
        return added.error();
    if (!added.value())
        return unchanged();
    return AppliedCommand{std::nullopt, {eventOf(c, EventType::ReactionAdded, data)}, std::nullopt};
}

Result<AppliedCommand> MessageCommands::pin(const WriteCommand &c, const StoredMessage &m, const ConversationAccess &access)
{
    if (access.type == "group"_L1 && !access.administers(c.actorId))
        return refused(ErrorCode::Forbidden, u"only the group's owner and admins pin messages"_s);
    const bool pin = c.kind == WriteKind::Pin;
    MessageRepository messages(m_db);
    if (pin) {
        if (m.removed != int(RemovedState::Visible))
            return refused(ErrorCode::ValidationFailed, u"the message was removed; it cannot be pinned"_s);
        if (m.pinnedAt.isValid())
            return unchanged();
        auto pins = messages.countPins(m.conversationId);
        if (!pins)
            return pins.error();
        if (pins.value() >= m_limits.maxPinsPerConversation)
            return refused(ErrorCode::ValidationFailed,
                           QStringLiteral("at most %1 pinned messages per conversation").arg(m_limits.maxPinsPerConversation));
    } else if (!m.pinnedAt.isValid()) {
        return unchanged();
    }
    if (auto r = messages.setPinned(m.id, pin, c.actorId); !r)
        return r.error();
    return AppliedCommand{std::nullopt, {eventOf(c, pin ? EventType::MessagePinned : EventType::MessageUnpinned)}, std::nullopt};
}

} // namespace Banter::Server
