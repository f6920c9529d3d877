// The JSON → typed request mapping of untrusted input: Socket.IO chat event payloads (ChatEventPayloads) and
// REST request bodies (RequestBodies and GroupBodies, over JsonFields), followed by the id parsing the services
// apply next.
//
// Input: JSON text. An object is used as a REST body and as an event payload. An array's elements are each
// used as an event payload (a payload may be any JSON value), its objects also as REST bodies.
#include "FuzzSupport.h"

#include "http/GroupBodies.h"
#include "http/RequestBodies.h"
#include "realtime/ChatEventPayloads.h"
#include "service/ServiceFutures.h"

#include <banter/ErrorCode.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Banter;
using namespace Banter::Server;
using namespace Qt::StringLiterals;

namespace {

template <typename T>
bool failedValidation(const Result<T> &r)
{
    BANTER_FUZZ_CHECK(r.ok() || (r.error().code == ErrorCode::ValidationFailed && !r.error().message.isEmpty()));
    return !r.ok();
}

void eventPayload(const QJsonValue &payload)
{
    if (const auto cid = ChatEventPayloads::conversationId(payload); !failedValidation(cid)) {
        BANTER_FUZZ_CHECK(!cid->isEmpty());
        (void)parseId(cid.value());
        (void)cid->toLongLong(); // what withMembership does with it
    }
    if (const auto send = ChatEventPayloads::sendMessage(payload); !failedValidation(send)) {
        const QJsonObject o = payload.toObject();
        BANTER_FUZZ_CHECK(payload.isObject() && !send->conversationId.isEmpty());
        BANTER_FUZZ_CHECK(send->content == o.value(u"content"_s).toString());
        BANTER_FUZZ_CHECK(send->clientMessageId == o.value(u"clientMessageId"_s).toString());
        (void)parseId(send->conversationId);
    }
    for (const bool content : {false, true}) {
        for (const bool emoji : {false, true}) {
            const auto action = ChatEventPayloads::messageAction(payload, content, emoji);
            if (failedValidation(action))
                continue;
            const QJsonObject o = payload.toObject();
            BANTER_FUZZ_CHECK(payload.isObject() && !action->messageId.isEmpty());
            BANTER_FUZZ_CHECK(!content || action->content == o.value(u"content"_s).toString());
            BANTER_FUZZ_CHECK(!emoji || action->emoji == o.value(u"emoji"_s).toString());
            (void)parseId(action->messageId);
        }
    }
    if (const auto receipt = ChatEventPayloads::receipt(payload); !failedValidation(receipt)) {
        BANTER_FUZZ_CHECK(receipt->deliveredSeq >= 0 || receipt->readSeq >= 0);
        BANTER_FUZZ_CHECK(receipt->deliveredSeq >= -1 && receipt->readSeq >= -1);
    }
    if (const auto positions = ChatEventPayloads::sync(payload); !failedValidation(positions)) {
        BANTER_FUZZ_CHECK(positions->size() == payload.toObject().value(u"since"_s).toObject().size());
        for (const auto &[conversation, seq] : positions.value()) {
            BANTER_FUZZ_CHECK(seq >= 0);
            (void)parseId(conversation);
        }
    }
}

// The bodies of /api/groups. Absent and null are the same for every optional field.
void groupBody(const QJsonObject &body)
{
    if (const auto b = GroupBodies::newGroup(body); !failedValidation(b)) {
        BANTER_FUZZ_CHECK(b->title == body.value(u"title"_s).toString());
        BANTER_FUZZ_CHECK(b->description == body.value(u"description"_s).toString());
        BANTER_FUZZ_CHECK(b->memberIds.size() == body.value(u"memberIds"_s).toArray().size());
        for (const QString &id : b->memberIds)
            (void)parseId(id);
    }
    if (const auto c = GroupBodies::changes(body); !failedValidation(c)) {
        BANTER_FUZZ_CHECK(!c->isEmpty());
        BANTER_FUZZ_CHECK(c->title.has_value() == body.value(u"title"_s).isString());
        BANTER_FUZZ_CHECK(!c->title || *c->title == body.value(u"title"_s).toString());
        BANTER_FUZZ_CHECK(c->description.has_value() == body.value(u"description"_s).isString());
        BANTER_FUZZ_CHECK(c->historyVisible.has_value() == body.value(u"historyVisibleToNewMembers"_s).isBool());
        BANTER_FUZZ_CHECK(c->avatarMediaId.has_value() == body.contains(u"avatarMediaId"_s));
        BANTER_FUZZ_CHECK(!c->avatarMediaId || *c->avatarMediaId >= 0);
    }
    if (const auto ids = GroupBodies::userIds(body); !failedValidation(ids)) {
        BANTER_FUZZ_CHECK(!ids->isEmpty());
        BANTER_FUZZ_CHECK(ids->size() == body.value(u"userIds"_s).toArray().size());
        for (const QString &id : ids.value())
            (void)parseId(id);
    }
    if (const auto b = GroupBodies::role(body); !failedValidation(b)) {
        BANTER_FUZZ_CHECK(!b->userId.isEmpty());
        BANTER_FUZZ_CHECK(b->role == "admin"_L1 || b->role == "member"_L1);
        (void)parseId(b->userId);
    }
    if (const auto id = GroupBodies::userId(body); !failedValidation(id)) {
        BANTER_FUZZ_CHECK(!id->isEmpty());
        (void)parseId(id.value());
    }
    if (const auto b = GroupBodies::invite(body); !failedValidation(b)) {
        BANTER_FUZZ_CHECK(b->expiresInSeconds >= 0 && b->expiresInSeconds <= 365LL * 24 * 3600);
        BANTER_FUZZ_CHECK(b->maxUses >= 0 && b->maxUses <= 100000);
        BANTER_FUZZ_CHECK((b->expiresInSeconds > 0) == body.value(u"expiresIn"_s).isDouble());
        BANTER_FUZZ_CHECK((b->maxUses > 0) == body.value(u"maxUses"_s).isDouble());
    }
    if (const auto token = GroupBodies::token(body); !failedValidation(token)) {
        BANTER_FUZZ_CHECK(!token->isEmpty() && token->size() <= 200);
        BANTER_FUZZ_CHECK(token.value() == body.value(u"token"_s).toString());
    }
}

void restBody(const QJsonObject &body)
{
    if (const auto b = RequestBodies::registration(body); !failedValidation(b))
        BANTER_FUZZ_CHECK(b->username == body.value(u"username"_s).toString());
    if (const auto b = RequestBodies::login(body); !failedValidation(b))
        BANTER_FUZZ_CHECK(b->password == body.value(u"password"_s).toString());
    (void)failedValidation(RequestBodies::refreshToken(body));
    (void)failedValidation(RequestBodies::twoFactorCode(body));
    if (const auto b = RequestBodies::profile(body); !failedValidation(b))
        BANTER_FUZZ_CHECK(b->displayName.has_value() == body.value(u"displayName"_s).isString());
    if (const auto b = RequestBodies::status(body); !failedValidation(b))
        BANTER_FUZZ_CHECK(b->text.has_value() == body.value(u"text"_s).isString());
    if (const auto id = RequestBodies::blockedUserId(body); !failedValidation(id))
        (void)parseId(id.value());
    if (const auto b = RequestBodies::report(body); !failedValidation(b)) {
        (void)parseId(b->userId);
        (void)parseId(b->messageId);
    }
    if (const auto b = RequestBodies::newConversation(body); !failedValidation(b)) {
        BANTER_FUZZ_CHECK(b->memberIds.size() == body.value(u"memberIds"_s).toArray().size());
        for (const QString &id : b->memberIds)
            (void)parseId(id);
    }
    if (const auto b = RequestBodies::newMessage(body); !failedValidation(b)) {
        (void)parseId(b->conversationId);
        BANTER_FUZZ_CHECK(b->replyTo.isEmpty() || body.contains(u"replyTo"_s));
    }
    if (const auto content = RequestBodies::editMessage(body); !failedValidation(content))
        BANTER_FUZZ_CHECK(content.value() == body.value(u"content"_s).toString());
    if (const auto emoji = RequestBodies::reaction(body); !failedValidation(emoji))
        BANTER_FUZZ_CHECK(emoji.value() == body.value(u"emoji"_s).toString());
    if (const auto pin = RequestBodies::pin(body); !failedValidation(pin)) {
        (void)parseId(pin->messageId);
        BANTER_FUZZ_CHECK(pin->pinned == body.value(u"pinned"_s).toBool(true));
    }
    (void)failedValidation(RequestBodies::suspensionSeconds(body));
    groupBody(body);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(Fuzz::bytes(data, size), &error);
    if (error.error != QJsonParseError::NoError)
        return 0;
    if (doc.isObject()) {
        restBody(doc.object());
        eventPayload(doc.object());
        return 0;
    }
    for (const QJsonValue &v : doc.array()) {
        eventPayload(v);
        if (v.isObject())
            restBody(v.toObject());
    }
    eventPayload(QJsonValue(QJsonValue::Undefined)); // an event sent without arguments
    return 0;
}
