#include "http/ChatRoutes.h"

#include "http/RequestBodies.h"
#include "http/RouteReply.h"
#include "wire/ChatJson.h"

#include <banter/ErrorCode.h>

#include <QJsonArray>
#include <QUrl>

using namespace Qt::StringLiterals;
using Method = QHttpServerRequest::Method;

namespace Banter::Server {
namespace {

// An optional non-negative integer query parameter.
Result<std::optional<qint64>> queryNumber(const ApiRequest &r, const QString &name)
{
    if (!r.query.hasQueryItem(name))
        return std::optional<qint64>();
    bool ok = false;
    const qint64 n = r.query.queryItemValue(name).toLongLong(&ok);
    if (!ok || n < 0)
        return makeError(ErrorCode::ValidationFailed, name + u": a non-negative integer"_s);
    return std::optional<qint64>(n);
}

// REST answers a non-member with not_found, as for the conversation itself (sockets say not_member).
template <typename T>
QFuture<Result<T>> asRest(const ApiRequest &r, QFuture<Result<T>> future)
{
    return future.then(r.context, [](const Result<T> &v) -> Result<T> {
        if (!v && v.error().code == ErrorCode::NotMember)
            return makeError(ErrorCode::NotFound, u"no such message"_s);
        return v;
    });
}

ApiReply messageReply(const WriteOutcome &o)
{
    return ApiReply::ok({{u"message"_s, ChatJson::message(o.message)}});
}

Result<HistoryQuery> historyQuery(const ApiRequest &r)
{
    auto limit = queryNumber(r, u"limit"_s);
    auto before = queryNumber(r, u"before"_s);
    auto after = queryNumber(r, u"after"_s);
    if (!limit || !before || !after)
        return !limit ? limit.error() : !before ? before.error() : after.error();
    if (limit.value() && *limit.value() == 0)
        return makeError(ErrorCode::ValidationFailed, u"limit: 1-200"_s);
    return HistoryQuery{int(qMin<qint64>(limit.value().value_or(0), 1000)), before.value(), after.value()};
}

} // namespace

void ChatRoutes::registerOn(ApiRouter &router, ChatService &chat, ReceiptService &receipts, SearchService &search)
{
    // Before GET /api/messages/:chatId, which would take "search" for a conversation id.
    router.add(Method::Get, u"/api/messages/search"_s, Access::User, [&search](const ApiRequest &r) {
        auto limit = queryNumber(r, u"limit"_s);
        if (!limit)
            return invalid(limit.error());
        SearchQuery q{r.query.queryItemValue(u"q"_s, QUrl::FullyDecoded), r.query.queryItemValue(u"conversationId"_s),
                      int(qMin<qint64>(limit.value().value_or(20), 1000)), r.query.queryItemValue(u"cursor"_s)};
        return reply(r, search.search(*r.principal, q), [](const SearchPage &page) {
            QJsonArray results;
            for (const ChatMessage &m : page.results)
                results.append(QJsonObject{{u"message"_s, ChatJson::message(m)}});
            return ApiReply::ok({{u"results"_s, results},
                                 {u"nextCursor"_s, page.nextCursor.isEmpty() ? QJsonValue(QJsonValue::Null)
                                                                             : QJsonValue(page.nextCursor)}});
        });
    });
    router.add(Method::Get, u"/api/chat/<arg>/receipts"_s, Access::User, [&receipts](const ApiRequest &r) {
        return reply(r, receipts.list(*r.principal, r.args.value(0)), [](const QList<Receipt> &list) {
            QJsonArray array;
            for (const Receipt &x : list)
                array.append(QJsonObject{{u"userId"_s, QString::number(x.userId)},
                                         {u"deliveredSeq"_s, x.deliveredSeq},
                                         {u"readSeq"_s, x.readSeq}});
            return ApiReply::ok({{u"receipts"_s, array}});
        });
    });
    router.add(Method::Post, u"/api/chat"_s, Access::User, [&chat](const ApiRequest &r) {
        const auto b = RequestBodies::newConversation(r.body);
        if (!b)
            return invalid(b.error());
        return reply(r, chat.create(*r.principal, b->type, b->title, b->memberIds, {}, b->e2ee),
                     [](const ConversationRecord &c) {
                         return ApiReply::created({{u"conversation"_s, ChatJson::conversation(c)}});
                     });
    });
    router.add(Method::Get, u"/api/chat"_s, Access::User, [&chat](const ApiRequest &r) {
        return reply(r, chat.list(*r.principal), [](const QList<ConversationView> &list) {
            QJsonArray array;
            for (const ConversationView &v : list)
                array.append(ChatJson::conversationView(v));
            return ApiReply::ok({{u"conversations"_s, array}});
        });
    });
    router.add(Method::Get, u"/api/chat/<arg>"_s, Access::User, [&chat](const ApiRequest &r) {
        return reply(r, chat.get(*r.principal, r.args.value(0)), [](const ConversationRecord &c) {
            return ApiReply::ok({{u"conversation"_s, ChatJson::conversation(c)}});
        });
    });
    // GET /api/chat/:id/messages, and the seed's GET /api/messages/:chatId, answer alike.
    auto history = [&chat](const ApiRequest &r) {
        auto q = historyQuery(r);
        if (!q)
            return invalid(q.error());
        return reply(r, chat.history(*r.principal, r.args.value(0), q.value()), [](const QList<ChatMessage> &list) {
            return ApiReply::ok({{u"messages"_s, ChatJson::messages(list)}});
        });
    };
    router.add(Method::Get, u"/api/chat/<arg>/messages"_s, Access::User, history);
    router.add(Method::Get, u"/api/messages/<arg>"_s, Access::User, history);
    router.add(Method::Get, u"/api/chat/<arg>/pins"_s, Access::User, [&chat](const ApiRequest &r) {
        return reply(r, chat.pins(*r.principal, r.args.value(0)), [](const QList<ChatMessage> &list) {
            return ApiReply::ok({{u"messages"_s, ChatJson::messages(list)}});
        });
    });
    router.add(Method::Put, u"/api/messages/<arg>"_s, Access::User, [&chat](const ApiRequest &r) {
        const auto content = RequestBodies::editMessage(r.body);
        if (!content)
            return invalid(content.error());
        return reply(r, asRest(r, chat.edit(*r.principal, r.args.value(0), content.value(), 0, r.context)), messageReply);
    });
    router.add(Method::Delete, u"/api/messages/<arg>"_s, Access::User, [&chat](const ApiRequest &r) {
        return reply(r, asRest(r, chat.remove(*r.principal, r.args.value(0), 0, r.context)),
                     [](const WriteOutcome &) { return ApiReply::empty(); });
    });
    router.add(Method::Post, u"/api/messages/<arg>/react"_s, Access::User, [&chat](const ApiRequest &r) {
        const auto emoji = RequestBodies::reaction(r.body);
        if (!emoji)
            return invalid(emoji.error());
        return reply(r, asRest(r, chat.react(*r.principal, r.args.value(0), emoji.value(), true, 0, r.context)),
                     messageReply);
    });
    router.add(Method::Delete, u"/api/messages/<arg>/react/<arg>"_s, Access::User, [&chat](const ApiRequest &r) {
        return reply(r, asRest(r, chat.react(*r.principal, r.args.value(0),
                                                   QUrl::fromPercentEncoding(r.args.value(1).toUtf8()), false, 0, r.context)),
                     messageReply);
    });
    router.add(Method::Post, u"/api/messages/pin"_s, Access::User, [&chat](const ApiRequest &r) {
        const auto b = RequestBodies::pin(r.body);
        if (!b)
            return invalid(b.error());
        return reply(r, asRest(r, chat.pin(*r.principal, b->messageId, b->pinned, 0, r.context)), messageReply);
    });
    router.add(Method::Post, u"/api/messages"_s, Access::User, [&chat](const ApiRequest &r) {
        const auto b = RequestBodies::newMessage(r.body);
        if (!b)
            return invalid(b.error());
        return reply(r, chat.send(*r.principal, b->conversationId, b->content, b->clientMessageId, b->replyTo, b->attachments, 0),
                     [](const WriteOutcome &o) {
                         return ApiReply::created({{u"message"_s, ChatJson::message(o.message)}});
                     });
    });
}

} // namespace Banter::Server
