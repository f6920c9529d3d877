#include "service/ChatService.h"

#include "service/ChatEvents.h"
#include "service/E2eeView.h"
#include "service/NotificationFanout.h"
#include "service/PresenceService.h"
#include "service/ServiceFutures.h"
#include "service/TextRules.h"
#include "service/TypingTracker.h"
#include "storage/BlockRepository.h"
#include "storage/EventRepository.h"
#include "storage/JobRepository.h"
#include "storage/MessageRepository.h"
#include "storage/Transaction.h"
#include "storage/UserRepository.h"

#include <banter/ErrorCode.h>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

Error notMember()
{
    return makeError(ErrorCode::NotMember, u"you are not a member of this conversation"_s);
}

Error notFound()
{
    return makeError(ErrorCode::NotFound, u"no such conversation"_s);
}

Error invalid(const QString &message)
{
    return makeError(ErrorCode::ValidationFailed, message);
}

Error noSuchMessage()
{
    return makeError(ErrorCode::NotFound, u"no such message"_s);
}

Result<void> checkContent(const QString &content, int maxChars)
{
    // Refused, not repaired: the sealed UTF-8 would otherwise differ from what the client was acked for.
    if (auto r = TextRules::check(u"content"_s, content); !r)
        return r;
    if (content.trimmed().isEmpty())
        return invalid(u"content: must not be empty"_s);
    if (content.size() > maxChars)
        return invalid(QStringLiteral("content: at most %1 characters").arg(maxChars));
    return {};
}

Result<void> checkEmoji(const QString &emoji, int maxBytes)
{
    if (auto r = TextRules::check(u"emoji"_s, emoji); !r)
        return r;
    const qsizetype bytes = emoji.toUtf8().size();
    if (bytes < 1 || bytes > maxBytes)
        return invalid(QStringLiteral("emoji: 1-%1 bytes of UTF-8").arg(maxBytes));
    for (QChar c : emoji)
        if (c.category() == QChar::Other_Control)
            return invalid(u"emoji: no control characters"_s);
    return {};
}

// The first seq the member sees of the conversation (their history window); not_found for anyone else.
Result<qint64> windowOf(DbSession &db, qint64 conversationId, qint64 userId)
{
    auto windows = ConversationRepository(db).windows(userId, {conversationId});
    if (!windows)
        return windows.error();
    if (!windows.value().contains(conversationId))
        return notFound();
    return windows.value().value(conversationId);
}

Result<ConversationRecord> loadForMember(DbSession &db, qint64 id, qint64 userId)
{
    auto found = ConversationRepository(db).findForMember(id, userId);
    if (!found)
        return found.error();
    if (!found.value())
        return notFound();
    return *found.value();
}

} // namespace

ChatService::ChatService(DbExecutor &db, MessageWriter &writer, const MessageSealer &sealer, TypingTracker &typing,
                         ChatEvents &events, const PresenceService &presence, ChatLimits limits)
    : m_db(db), m_writer(writer), m_sealer(sealer), m_typing(typing), m_events(events), m_presence(presence),
      m_limits(limits)
{
}

QFuture<Result<ConversationRecord>> ChatService::create(const Principal &caller, const QString &type,
                                                        const QString &title, const QStringList &memberIds,
                                                        const QString &description, bool e2ee)
{
    if (type != "direct"_L1 && type != "group"_L1)
        return fail<ConversationRecord>(invalid(u"type: \"direct\" or \"group\""_s));
    if (title.size() > m_limits.maxTitleChars)
        return fail<ConversationRecord>(invalid(QStringLiteral("title: at most %1 characters").arg(m_limits.maxTitleChars)));
    if (auto r = TextRules::check(u"title"_s, title); !r)
        return fail<ConversationRecord>(r.error());
    if (description.size() > m_limits.maxDescriptionChars)
        return fail<ConversationRecord>(
            invalid(QStringLiteral("description: at most %1 characters").arg(m_limits.maxDescriptionChars)));
    if (auto r = TextRules::check(u"description"_s, description); !r)
        return fail<ConversationRecord>(r.error());
    const qint64 me = caller.userId.toLongLong();
    QList<qint64> others;
    for (const QString &raw : memberIds) {
        auto id = parseId(raw);
        if (!id)
            return fail<ConversationRecord>(invalid(u"memberIds: unknown user id \""_s + raw.left(40) + u'"'));
        if (*id != me && !others.contains(*id))
            others.append(*id);
    }
    if (type == "direct"_L1 && others.size() != 1)
        return fail<ConversationRecord>(invalid(u"memberIds: a direct conversation has exactly one other member"_s));
    if (others.size() + 1 > m_limits.maxMembers)
        return fail<ConversationRecord>(invalid(QStringLiteral("memberIds: at most %1 members").arg(m_limits.maxMembers)));

    NewConversation c;
    c.type = type;
    c.title = type == "group"_L1 ? title.trimmed() : QString();
    c.description = type == "group"_L1 ? description.trimmed() : QString();
    c.createdBy = me;
    c.memberIds = QList<qint64>{me} + others;
    c.e2ee = e2ee;
    if (type == "direct"_L1) // the two users' plain and E2EE conversations are two
        c.directKey = QStringLiteral("%1:%2").arg(qMin(me, others[0])).arg(qMax(me, others[0])) + (e2ee ? u":e2ee"_s : QString());

    ChatEvents *events = &m_events;
    const PresenceService *presence = &m_presence;
    return m_db.run([c, events, presence](DbSession &db) -> Result<ConversationRecord> {
        if (!c.directKey.isEmpty()) {
            auto existing = ConversationRepository(db).findDirect(c.directKey);
            if (!existing)
                return existing.error();
            if (existing.value())
                return loadForMember(db, *existing.value(), c.createdBy);
        }
        QList<qint64> others = c.memberIds.mid(1);
        if (!others.isEmpty()) {
            auto active = UserRepository(db).countActive(others);
            if (!active)
                return active.error();
            if (active.value() != others.size())
                return invalid(u"memberIds: unknown user id"_s);
            auto blocked = BlockRepository(db).anyBetween(c.createdBy, others);
            if (!blocked)
                return blocked.error();
            if (blocked.value())
                return makeError(ErrorCode::Forbidden, u"memberIds: a blocked user cannot be added"_s);
        }
        const Result<qint64> id = [&]() -> Result<qint64> {
            auto tx = Transaction::begin(db);
            if (!tx)
                return tx.error();
            auto inserted = ConversationRepository(db).insert(c);
            if (!inserted)
                return inserted; // rolled back when tx goes out of scope
            if (c.type == "group"_L1 && c.memberIds.size() > 1) {
                // The members the creator added hear of it (group.added), through the fan-out job.
                FanoutInput added;
                for (qint64 member : c.memberIds.mid(1))
                    added.added.append({inserted.value(), member, c.createdBy});
                auto queued = JobRepository(db).enqueue(QString::fromLatin1(NotificationFanout::Kind),
                                                        u"g"_s + QString::number(inserted.value()), added.toJson());
                if (!queued)
                    return queued.error();
            }
            if (auto r = tx.value().commit(); !r)
                return r.error();
            return inserted;
        }();
        if (!id) {
            // Two creators of the same direct conversation raced: the other one won, return theirs.
            if (id.error().code == ErrorCode::Conflict && !c.directKey.isEmpty()) {
                auto existing = ConversationRepository(db).findDirect(c.directKey);
                if (existing && existing.value())
                    return loadForMember(db, *existing.value(), c.createdBy);
            }
            return id.error();
        }
        auto created = loadForMember(db, id.value(), c.createdBy);
        if (created) {
            // Committed: the members' devices hear of it now, with who of them is online.
            events->conversationCreated(created.value(), presence->onlineAmong(c.memberIds));
        }
        return created;
    });
}

QFuture<Result<QList<ConversationView>>> ChatService::list(const Principal &caller)
{
    const qint64 me = caller.userId.toLongLong();
    const MessageSealer *sealer = &m_sealer;
    return m_db.run([me, session = caller.sessionId, sealer](DbSession &db) -> Result<QList<ConversationView>> {
        auto rows = ConversationRepository(db).listForUser(me, 500);
        if (!rows)
            return rows.error();
        QList<ConversationView> out;
        out.reserve(rows.value().size());
        QList<ChatMessage> encrypted; // the last messages of E2EE conversations, as this device reads them
        for (const ConversationSummary &s : rows.value()) {
            ConversationView v{s.conversation, s.unreadCount, std::nullopt};
            if (s.lastMessage) {
                v.lastMessage = ChatMessage::reveal(*s.lastMessage, *sealer);
                if (s.conversation.e2ee) {
                    v.lastMessage->e2ee = E2eePart{};
                    encrypted.append(*v.lastMessage);
                }
            }
            out.append(std::move(v));
        }
        if (!encrypted.isEmpty()) {
            if (auto r = E2eeView::forDevice(db, session, encrypted); !r)
                return r.error();
            qsizetype next = 0;
            for (ConversationView &v : out)
                if (v.conversation.e2ee && v.lastMessage)
                    v.lastMessage = encrypted[next++];
        }
        return out;
    });
}

QFuture<Result<ConversationRecord>> ChatService::get(const Principal &caller, const QString &conversationId)
{
    auto id = parseId(conversationId);
    if (!id)
        return fail<ConversationRecord>(notFound());
    const qint64 me = caller.userId.toLongLong();
    return m_db.run([id = *id, me](DbSession &db) { return loadForMember(db, id, me); });
}

QFuture<Result<QList<ChatMessage>>> ChatService::history(const Principal &caller, const QString &conversationId,
                                                         HistoryQuery query)
{
    auto id = parseId(conversationId);
    if (!id)
        return fail<QList<ChatMessage>>(notFound());
    if (query.before && query.after)
        return fail<QList<ChatMessage>>(invalid(u"use either before or after, not both"_s));
    if (query.limit < 0 || query.limit > 200)
        return fail<QList<ChatMessage>>(invalid(u"limit: 1-200"_s));
    const int limit = query.limit == 0 ? m_limits.historyPageSize : query.limit;
    const qint64 me = caller.userId.toLongLong();
    const MessageSealer *sealer = &m_sealer;
    return m_db.run([id = *id, me, session = caller.sessionId, query, limit, sealer](DbSession &db) -> Result<QList<ChatMessage>> {
        auto from = windowOf(db, id, me);
        if (!from)
            return from.error();
        MessageRepository messages(db);
        auto rows = query.after ? messages.after(id, qMax(*query.after, from.value() - 1), limit)
                                : messages.before(id, query.before.value_or(std::numeric_limits<qint64>::max()), limit);
        if (!rows)
            return rows.error();
        QList<ChatMessage> out;
        out.reserve(rows.value().size());
        for (const StoredMessage &m : rows.value())
            if (m.seq >= from.value()) // a page back in time ends at the member's window
                out.append(ChatMessage::reveal(m, *sealer));
        if (auto r = ChatMessage::attachReactions(db, out, me, *sealer); !r)
            return r.error();
        if (auto r = E2eeView::forDevice(db, session, out); !r)
            return r.error();
        return out;
    });
}

QFuture<Result<WriteOutcome>> ChatService::send(const Principal &caller, const QString &conversationId,
                                                const QString &content, const QString &clientMessageId,
                                                const QString &replyTo, const QStringList &attachments,
                                                quint64 originConnection,
                                                const std::optional<QList<DeviceCiphertext>> &ciphertexts)
{
    auto id = parseId(conversationId);
    if (!id)
        return fail<WriteOutcome>(notMember());
    if (attachments.size() > m_limits.maxAttachments)
        return fail<WriteOutcome>(invalid(QStringLiteral("attachments: at most %1").arg(m_limits.maxAttachments)));
    QList<qint64> files;
    for (const QString &raw : attachments) {
        auto file = parseId(raw);
        if (!file)
            return fail<WriteOutcome>(invalid(u"attachments: no such media"_s));
        if (files.contains(*file))
            return fail<WriteOutcome>(invalid(u"attachments: the same media twice"_s));
        files.append(*file);
    }
    // A message of files only may have no text; an end-to-end encrypted one has none (its ciphertexts were
    // checked as they were parsed, and the writer checks them against the devices).
    if (ciphertexts) {
        if (!content.isEmpty())
            return fail<WriteOutcome>(invalid(u"content: none with ciphertexts"_s));
    } else if (!(files.size() > 0 && content.isEmpty())) {
        if (auto r = checkContent(content, m_limits.maxMessageChars); !r)
            return fail<WriteOutcome>(r.error());
    }
    if (auto r = TextRules::check(u"clientMessageId"_s, clientMessageId); !r)
        return fail<WriteOutcome>(r.error());
    if (clientMessageId.isEmpty() || clientMessageId.size() > m_limits.maxClientMessageIdChars)
        return fail<WriteOutcome>(invalid(QStringLiteral("clientMessageId: 1-%1 characters").arg(m_limits.maxClientMessageIdChars)));
    qint64 reply = 0;
    if (!replyTo.isEmpty()) {
        auto r = parseId(replyTo);
        if (!r)
            return fail<WriteOutcome>(invalid(u"replyTo: no such message in this conversation"_s));
        reply = *r;
    }
    const qint64 me = caller.userId.toLongLong();
    m_typing.stop(*id, me); // a sent message ends the sender's typing indicator
    WriteCommand c;
    c.kind = WriteKind::Send;
    c.conversationId = *id;
    c.actorId = me;
    c.content = content;
    c.clientMessageId = clientMessageId;
    c.replyTo = reply;
    c.attachments = files;
    c.originConnection = originConnection;
    c.encrypted = ciphertexts.has_value();
    c.ciphertexts = ciphertexts.value_or(QList<DeviceCiphertext>());
    c.sessionId = caller.sessionId;
    return m_writer.submit(std::move(c));
}

QFuture<Result<WriteOutcome>> ChatService::onMessage(WriteCommand command, QObject *context)
{
    return chain(context, m_db.run([id = command.messageId](DbSession &db) -> Result<qint64> {
                     auto conversation = MessageRepository(db).conversationOf(id);
                     if (!conversation)
                         return conversation.error();
                     if (!conversation.value())
                         return noSuchMessage();
                     return *conversation.value();
                 }),
                 [this, command](const Result<qint64> &conversation) mutable {
                     if (!conversation)
                         return fail<WriteOutcome>(conversation.error());
                     command.conversationId = conversation.value();
                     return m_writer.submit(std::move(command));
                 });
}

namespace {

Result<WriteCommand> commandOn(const Principal &caller, WriteKind kind, const QString &messageId, quint64 origin)
{
    auto id = parseId(messageId);
    if (!id)
        return noSuchMessage();
    WriteCommand c;
    c.kind = kind;
    c.actorId = caller.userId.toLongLong();
    c.messageId = *id;
    c.originConnection = origin;
    return c;
}

} // namespace

QFuture<Result<WriteOutcome>> ChatService::edit(const Principal &caller, const QString &messageId,
                                                const QString &content, quint64 originConnection, QObject *context,
                                                const std::optional<QList<DeviceCiphertext>> &ciphertexts)
{
    auto c = commandOn(caller, WriteKind::Edit, messageId, originConnection);
    if (!c)
        return fail<WriteOutcome>(c.error());
    if (!ciphertexts) {
        if (auto r = checkContent(content, m_limits.maxMessageChars); !r)
            return fail<WriteOutcome>(r.error());
    } else if (!content.isEmpty()) {
        return fail<WriteOutcome>(invalid(u"content: none with ciphertexts"_s));
    }
    c.value().content = content;
    c.value().encrypted = ciphertexts.has_value();
    c.value().ciphertexts = ciphertexts.value_or(QList<DeviceCiphertext>());
    c.value().sessionId = caller.sessionId;
    return onMessage(c.value(), context);
}

QFuture<Result<WriteOutcome>> ChatService::remove(const Principal &caller, const QString &messageId,
                                                  quint64 originConnection, QObject *context)
{
    auto c = commandOn(caller, WriteKind::Delete, messageId, originConnection);
    if (!c)
        return fail<WriteOutcome>(c.error());
    return onMessage(c.value(), context);
}

QFuture<Result<WriteOutcome>> ChatService::react(const Principal &caller, const QString &messageId,
                                                 const QString &emoji, bool add, quint64 originConnection,
                                                 QObject *context)
{
    auto c = commandOn(caller, add ? WriteKind::ReactAdd : WriteKind::ReactRemove, messageId, originConnection);
    if (!c)
        return fail<WriteOutcome>(c.error());
    if (auto r = checkEmoji(emoji, m_limits.maxEmojiBytes); !r)
        return fail<WriteOutcome>(r.error());
    c.value().emoji = emoji;
    return onMessage(c.value(), context);
}

QFuture<Result<WriteOutcome>> ChatService::pin(const Principal &caller, const QString &messageId, bool pinned,
                                               quint64 originConnection, QObject *context)
{
    auto c = commandOn(caller, pinned ? WriteKind::Pin : WriteKind::Unpin, messageId, originConnection);
    if (!c)
        return fail<WriteOutcome>(c.error());
    return onMessage(c.value(), context);
}

QFuture<Result<QList<ChatMessage>>> ChatService::pins(const Principal &caller, const QString &conversationId)
{
    auto id = parseId(conversationId);
    if (!id)
        return fail<QList<ChatMessage>>(notFound());
    const qint64 me = caller.userId.toLongLong();
    const MessageSealer *sealer = &m_sealer;
    return m_db.run([id = *id, me, session = caller.sessionId, sealer](DbSession &db) -> Result<QList<ChatMessage>> {
        auto from = windowOf(db, id, me);
        if (!from)
            return from.error();
        auto rows = MessageRepository(db).pins(id, 100);
        if (!rows)
            return rows.error();
        QList<ChatMessage> out;
        for (const StoredMessage &m : rows.value())
            if (m.seq >= from.value())
                out.append(ChatMessage::reveal(m, *sealer));
        if (auto r = ChatMessage::attachReactions(db, out, me, *sealer); !r)
            return r.error();
        if (auto r = E2eeView::forDevice(db, session, out); !r)
            return r.error();
        return out;
    });
}

QFuture<Result<SyncPage>> ChatService::sync(const Principal &caller, const QList<std::pair<QString, qint64>> &since)
{
    if (since.size() > 1000)
        return fail<SyncPage>(invalid(u"since: at most 1000 conversations per call"_s));
    QList<SyncPosition> positions;
    QList<qint64> ids;
    for (const auto &[raw, seq] : since) {
        auto id = parseId(raw);
        if (!id)
            return fail<SyncPage>(notMember());
        if (seq < 0)
            return fail<SyncPage>(invalid(u"since: positions are seq numbers >= 0"_s));
        if (ids.contains(*id))
            continue;
        ids.append(*id);
        positions.append({*id, seq});
    }
    if (positions.isEmpty())
        return QtFuture::makeReadyValueFuture(Result<SyncPage>(SyncPage{}));
    const qint64 me = caller.userId.toLongLong();
    const int pageSize = m_limits.syncPageSize;
    const MessageSealer *sealer = &m_sealer;
    return m_db.run([me, session = caller.sessionId, ids, positions, pageSize, sealer](DbSession &db) -> Result<SyncPage> {
        auto windows = ConversationRepository(db).windows(me, ids);
        if (!windows)
            return windows.error();
        if (windows.value().size() != ids.size())
            return notMember();
        // Each member replays their history window only: nothing before the event that added them (when the
        // group hides its history from new members).
        QList<SyncPosition> from = positions;
        for (SyncPosition &p : from) {
            p.visibleFrom = windows.value().value(p.conversationId);
            p.afterSeq = qMax(p.afterSeq, p.visibleFrom - 1);
        }
        auto rows = EventRepository(db).since(from, pageSize + 1);
        if (!rows)
            return rows.error();
        SyncPage page;
        page.hasMore = rows.value().size() > pageSize;
        const qsizetype n = qMin<qsizetype>(rows.value().size(), pageSize);
        page.events.reserve(n);
        for (qsizetype i = 0; i < n; ++i) {
            page.events.append(ConversationEvent::reveal(rows.value()[i], *sealer));
            if (page.events.last().message)
                page.messages.append(*page.events.last().message);
        }
        if (auto r = ChatMessage::attachReactions(db, page.messages, me, *sealer); !r)
            return r.error();
        // E2EE messages and edits: this device's own ciphertexts (each device syncs its own).
        if (auto r = E2eeView::forDevice(db, session, page.messages); !r)
            return r.error();
        if (auto r = E2eeView::forDevice(db, session, page.events); !r)
            return r.error();
        QHash<qint64, const ChatMessage *> decorated;
        for (const ChatMessage &m : std::as_const(page.messages))
            decorated.insert(m.id, &m);
        for (ConversationEvent &e : page.events) {
            if (e.message && decorated.contains(e.message->id)) {
                e.message->reactions = decorated.value(e.message->id)->reactions;
                e.message->attachments = decorated.value(e.message->id)->attachments;
                e.message->e2ee = decorated.value(e.message->id)->e2ee;
                e.message->content = decorated.value(e.message->id)->content;
            }
        }
        return page;
    });
}

QFuture<Result<qint64>> ChatService::requireMember(const Principal &caller, const QString &conversationId)
{
    auto id = parseId(conversationId);
    if (!id)
        return fail<qint64>(notMember());
    const qint64 me = caller.userId.toLongLong();
    return m_db.run([id = *id, me](DbSession &db) -> Result<qint64> {
        auto member = ConversationRepository(db).isMember(id, me);
        if (!member)
            return member.error();
        if (!member.value())
            return notMember();
        return id;
    });
}

} // namespace Banter::Server
