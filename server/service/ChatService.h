#pragma once

#include "crypto/MessageSealer.h"
#include "service/ChatMessage.h"
#include "service/MessageWriter.h"
#include "service/Principal.h"
#include "storage/ConversationRepository.h"
#include "storage/DbExecutor.h"

#include <QFuture>

namespace Banter::Server {

class ChatEvents;
class PresenceService;
class TypingTracker;

struct ChatLimits
{
    int maxMessageChars = 4000;
    int maxClientMessageIdChars = 128;
    int maxMembers = 1000;
    int maxTitleChars = 200;
    int maxDescriptionChars = 1000;
    int syncPageSize = 200;
    int historyPageSize = 100; // default; callers may ask for up to 200
    int maxEmojiBytes = 32;
    int maxAttachments = 10;
};

struct ConversationView
{
    ConversationRecord conversation;
    qint64 unreadCount = 0;
    std::optional<ChatMessage> lastMessage;
};

struct HistoryQuery
{
    int limit = 0;          // 0: the default
    std::optional<qint64> before;
    std::optional<qint64> after;
};

struct SyncPage
{
    QList<ConversationEvent> events; // every event after the positions, gapless, seq order per conversation
    QList<ChatMessage> messages;     // the messages those events created, as they are now
    bool hasMore = false;
};

// Conversations and messages for their members. Every call checks membership; a non-member learns nothing
// (not even that the conversation exists). Sends go through the batched MessageWriter.
class ChatService
{
public:
    ChatService(DbExecutor &db, MessageWriter &writer, const MessageSealer &sealer, TypingTracker &typing,
                ChatEvents &events, const PresenceService &presence, ChatLimits limits);

    // description: groups only. Groups have at most ChatLimits::maxMembers members. e2ee: end-to-end encrypted
    // (ciphertexts per device, no content; a direct E2EE conversation is another one than the plain one).
    QFuture<Result<ConversationRecord>> create(const Principal &caller, const QString &type, const QString &title,
                                               const QStringList &memberIds, const QString &description = {},
                                               bool e2ee = false);
    QFuture<Result<QList<ConversationView>>> list(const Principal &caller);
    QFuture<Result<ConversationRecord>> get(const Principal &caller, const QString &conversationId);
    QFuture<Result<QList<ChatMessage>>> history(const Principal &caller, const QString &conversationId,
                                                HistoryQuery query);
    // Resolves once the message is committed. originConnection: the sending socket (0 for REST), which
    // does not get the message:received echo.
    // replyTo: a message of the same conversation, or empty. attachments: the sender's own uploads (media ids, at
    // most maxAttachments); with some, content may be empty. ciphertexts: an E2EE conversation's message, one per
    // recipient device (content empty); the writer checks them against the members' current devices.
    QFuture<Result<WriteOutcome>> send(const Principal &caller, const QString &conversationId, const QString &content,
                                       const QString &clientMessageId, const QString &replyTo,
                                       const QStringList &attachments, quint64 originConnection,
                                       const std::optional<QList<DeviceCiphertext>> &ciphertexts = std::nullopt);

    // Changes to an existing message, each an event in its conversation's log. The writer checks who may do
    // what; context is the caller's QObject (the continuations run on its thread). Errors: not_found (no such
    // message), not_member, forbidden (someone else's message), validation_failed.
    QFuture<Result<WriteOutcome>> edit(const Principal &caller, const QString &messageId, const QString &content,
                                       quint64 originConnection, QObject *context,
                                       const std::optional<QList<DeviceCiphertext>> &ciphertexts = std::nullopt);
    QFuture<Result<WriteOutcome>> remove(const Principal &caller, const QString &messageId, quint64 originConnection,
                                         QObject *context);
    QFuture<Result<WriteOutcome>> react(const Principal &caller, const QString &messageId, const QString &emoji,
                                        bool add, quint64 originConnection, QObject *context);
    QFuture<Result<WriteOutcome>> pin(const Principal &caller, const QString &messageId, bool pinned,
                                      quint64 originConnection, QObject *context);
    // Any command on a message by id: resolves its conversation (the writer's partition), then submits it.
    QFuture<Result<WriteOutcome>> onMessage(WriteCommand command, QObject *context);
    QFuture<Result<QList<ChatMessage>>> pins(const Principal &caller, const QString &conversationId);
    // Messages after each position; at most one page, hasMore when there is more to fetch.
    QFuture<Result<SyncPage>> sync(const Principal &caller, const QList<std::pair<QString, qint64>> &since);
    // Ok when the caller is a member; not_member otherwise.
    QFuture<Result<qint64>> requireMember(const Principal &caller, const QString &conversationId);

    const ChatLimits &limits() const { return m_limits; }

private:
    DbExecutor &m_db;
    MessageWriter &m_writer;
    const MessageSealer &m_sealer;
    TypingTracker &m_typing;
    ChatEvents &m_events;
    const PresenceService &m_presence;
    ChatLimits m_limits;
};

} // namespace Banter::Server
