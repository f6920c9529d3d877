#include "http/ChatRoutes.h"

#include "http/RequestBodies.h"
#include "http/RouteReply.h"
#include "wire/ChatJson.h"

#include <banter/ErrorCode.h>

#include <QJsonArray>

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

} // namespace

void ChatRoutes::registerOn(ApiRouter &router, ChatService &chat)
{
    router.add(Method::Post, u"/api/chat"_s, Access::User, [&chat](const ApiRequest &r) {
        const auto b = RequestBodies::newConversation(r.body);
        if (!b)
            return invalid(b.error());
        return reply(r, chat.create(*r.principal, b->type, b->title, b->memberIds),
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
    router.add(Method::Get, u"/api/chat/<arg>/messages"_s, Access::User, [&chat](const ApiRequest &r) {
        auto limit = queryNumber(r, u"limit"_s);
        auto before = queryNumber(r, u"before"_s);
        auto after = queryNumber(r, u"after"_s);
        if (!limit || !before || !after)
            return invalid(!limit ? limit.error() : !before ? before.error() : after.error());
        if (limit.value() && *limit.value() == 0)
            return invalid(makeError(ErrorCode::ValidationFailed, u"limit: 1-200"_s));
        HistoryQuery q{int(qMin<qint64>(limit.value().value_or(0), 1000)), before.value(), after.value()};
        return reply(r, chat.history(*r.principal, r.args.value(0), q), [](const QList<ChatMessage> &list) {
            return ApiReply::ok({{u"messages"_s, ChatJson::messages(list)}});
        });
    });
    router.add(Method::Post, u"/api/messages"_s, Access::User, [&chat](const ApiRequest &r) {
        const auto b = RequestBodies::newMessage(r.body);
        if (!b)
            return invalid(b.error());
        return reply(r, chat.send(*r.principal, b->conversationId, b->content, b->clientMessageId, 0),
                     [](const SendOutcome &o) {
                         return ApiReply::created({{u"message"_s, ChatJson::message(o.message)}});
                     });
    });
}

} // namespace Banter::Server
