#include "service/ChatService.h"

#include "service/ServiceFutures.h"
#include "service/TextRules.h"
#include "service/TypingTracker.h"
#include "storage/BlockRepository.h"
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
                         ChatLimits limits)
    : m_db(db), m_writer(writer), m_sealer(sealer), m_typing(typing), m_limits(limits)
{
}

QFuture<Result<ConversationRecord>> ChatService::create(const Principal &caller, const QString &type,
                                                        const QString &title, const QStringList &memberIds)
{
    if (type != "direct"_L1 && type != "group"_L1)
        return fail<ConversationRecord>(invalid(u"type: \"direct\" or \"group\""_s));
    if (title.size() > m_limits.maxTitleChars)
        return fail<ConversationRecord>(invalid(QStringLiteral("title: at most %1 characters").arg(m_limits.maxTitleChars)));
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
    c.createdBy = me;
    c.memberIds = QList<qint64>{me} + others;
    if (type == "direct"_L1)
        c.directKey = QStringLiteral("%1:%2").arg(qMin(me, others[0])).arg(qMax(me, others[0]));

    return m_db.run([c](DbSession &db) -> Result<ConversationRecord> {
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
        return loadForMember(db, id.value(), c.createdBy);
    });
}

QFuture<Result<QList<ConversationView>>> ChatService::list(const Principal &caller)
{
    const qint64 me = caller.userId.toLongLong();
    const MessageSealer *sealer = &m_sealer;
    return m_db.run([me, sealer](DbSession &db) -> Result<QList<ConversationView>> {
        auto rows = ConversationRepository(db).listForUser(me, 500);
        if (!rows)
            return rows.error();
        QList<ConversationView> out;
        out.reserve(rows.value().size());
        for (const ConversationSummary &s : rows.value()) {
            ConversationView v{s.conversation, s.unreadCount, std::nullopt};
            if (s.lastMessage)
                v.lastMessage = ChatMessage::reveal(*s.lastMessage, *sealer);
            out.append(std::move(v));
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
    return m_db.run([id = *id, me, query, limit, sealer](DbSession &db) -> Result<QList<ChatMessage>> {
        auto member = ConversationRepository(db).isMember(id, me);
        if (!member)
            return member.error();
        if (!member.value())
            return notFound();
        MessageRepository messages(db);
        auto rows = query.after ? messages.after(id, *query.after, limit)
                                : messages.before(id, query.before.value_or(std::numeric_limits<qint64>::max()), limit);
        if (!rows)
            return rows.error();
        QList<ChatMessage> out;
        out.reserve(rows.value().size());
        for (const StoredMessage &m : rows.value())
            out.append(ChatMessage::reveal(m, *sealer));
        return out;
    });
}

QFuture<Result<SendOutcome>> ChatService::send(const Principal &caller, const QString &conversationId,
                                               const QString &content, const QString &clientMessageId,
                                               quint64 originConnection)
{
    auto id = parseId(conversationId);
    if (!id)
        return fail<SendOutcome>(notMember());
    // Refused, not repaired: the sealed UTF-8 would otherwise differ from what the client was acked for.
    if (auto r = TextRules::check(u"content"_s, content); !r)
        return fail<SendOutcome>(r.error());
    if (auto r = TextRules::check(u"clientMessageId"_s, clientMessageId); !r)
        return fail<SendOutcome>(r.error());
    if (content.trimmed().isEmpty())
        return fail<SendOutcome>(invalid(u"content: must not be empty"_s));
    if (content.size() > m_limits.maxMessageChars)
        return fail<SendOutcome>(invalid(QStringLiteral("content: at most %1 characters").arg(m_limits.maxMessageChars)));
    if (clientMessageId.isEmpty() || clientMessageId.size() > m_limits.maxClientMessageIdChars)
        return fail<SendOutcome>(invalid(QStringLiteral("clientMessageId: 1-%1 characters").arg(m_limits.maxClientMessageIdChars)));
    const qint64 me = caller.userId.toLongLong();
    m_typing.stop(*id, me); // a sent message ends the sender's typing indicator
    return m_writer.submit({*id, me, content, clientMessageId, originConnection});
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
    return m_db.run([me, ids, positions, pageSize, sealer](DbSession &db) -> Result<SyncPage> {
        auto member = ConversationRepository(db).isMemberOfAll(ids, me);
        if (!member)
            return member.error();
        if (!member.value())
            return notMember();
        auto rows = MessageRepository(db).since(positions, pageSize + 1);
        if (!rows)
            return rows.error();
        SyncPage page;
        page.hasMore = rows.value().size() > pageSize;
        const qsizetype n = qMin<qsizetype>(rows.value().size(), pageSize);
        page.messages.reserve(n);
        for (qsizetype i = 0; i < n; ++i)
            page.messages.append(ChatMessage::reveal(rows.value()[i], *sealer));
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
