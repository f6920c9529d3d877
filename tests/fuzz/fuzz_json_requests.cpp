// The JSON → typed request mapping of untrusted input: Socket.IO chat event payloads (ChatEventPayloads) and
// REST request bodies (RequestBodies, over JsonFields), followed by the id parsing the services apply next.
//
// Input: JSON text. An object is used as a REST body and as an event payload. An array's elements are each
// used as an event payload (a payload may be any JSON value), its objects also as REST bodies.
#include "FuzzSupport.h"

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
