#include "realtime/ChatSocketHandlers.h"

#include "realtime/EventRouter.h"
#include "realtime/SocketConnection.h"
#include "realtime/SocketHub.h"
#include "realtime/SocketWorker.h"
#include "service/ChatService.h"
#include "service/TypingTracker.h"
#include "wire/ChatJson.h"

#include <banter/ErrorCode.h>

#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

Error invalid(const QString &message)
{
    return makeError(ErrorCode::ValidationFailed, message);
}

// A string field, or an id given as a number.
std::optional<QString> idField(const QJsonObject &o, const QString &name)
{
    const QJsonValue v = o.value(name);
    if (v.isString() && !v.toString().isEmpty())
        return v.toString();
    if (v.isDouble())
        return QString::number(v.toInteger());
    return std::nullopt;
}

// Runs `then` on the socket's worker if the caller is a member of the payload's conversation.
template <typename F>
void withMembership(EventCall &call, ChatService &chat, F then)
{
    const auto cid = idField(call.payload.toObject(), u"conversationId"_s);
    if (!cid) {
        call.ack.error(invalid(u"conversationId is required"_s));
        return;
    }
    SocketWorker *worker = &call.worker;
    const quint64 connection = call.connection.id;
    const AckReply ack = call.ack;
    // A socket that already joined passed this check; no round trip.
    if (const qint64 known = cid->toLongLong(); known > 0 && call.connection.joined.contains(known)) {
        then(call.connection, known, ack);
        return;
    }
    chat.requireMember(*call.connection.principal, *cid).then(worker, [worker, connection, ack, then](const Result<qint64> &r) {
        SocketConnection *c = worker->connection(connection);
        if (!c)
            return;
        if (!r) {
            ack.error(r.error());
            return;
        }
        then(*c, r.value(), ack);
    });
}

} // namespace

void ChatSocketHandlers::registerOn(EventRouter &router, ChatService &chat, TypingTracker &typing, SocketHub &hub)
{
    router.add(u"register_user"_s, EventAccess::Pending, [](EventCall &call) {
        SocketWorker *worker = &call.worker;
        const AckReply ack = call.ack;
        auto fail = [worker, ack](SocketConnection &c, const Error &e) {
            ack.error(e);
            worker->emitTo(c, u"auth_error"_s, {{u"code"_s, e.code}, {u"message"_s, e.message}});
            worker->disconnectClient(c, u"authentication failed"_s);
        };
        const auto token = SocketWorker::tokenOf(call.payload);
        if (!token) {
            fail(call.connection, makeError(ErrorCode::Unauthorized, u"token is required"_s));
            return;
        }
        worker->authenticateToken(call.connection, *token, [worker, ack, fail](SocketConnection &c, const Result<Principal> &p) {
            if (!p) {
                fail(c, p.error().code == ErrorCode::Unavailable ? p.error() : makeError(ErrorCode::Unauthorized, p.error().message));
                return;
            }
            worker->authenticated(c, p.value());
            worker->emitTo(c, u"registration_success"_s, {{u"userId"_s, p.value().userId}});
            ack.ok({{u"userId"_s, p.value().userId}});
        });
    });

    router.add(u"message:send"_s, EventAccess::Authenticated, [&chat](EventCall &call) {
        const QJsonObject p = call.payload.toObject();
        const auto cid = idField(p, u"conversationId"_s);
        const QJsonValue content = p.value(u"content"_s);
        const QJsonValue clientId = p.value(u"clientMessageId"_s);
        if (!call.payload.isObject() || !cid) {
            call.ack.error(invalid(u"conversationId is required"_s));
            return;
        }
        if (!content.isString()) {
            call.ack.error(invalid(u"content must be a string"_s));
            return;
        }
        if (!clientId.isString()) {
            call.ack.error(invalid(u"clientMessageId must be a string"_s));
            return;
        }
        const AckReply ack = call.ack;
        chat.send(*call.connection.principal, *cid, content.toString(), clientId.toString(), call.connection.id)
            .then([ack](const Result<SendOutcome> &r) {
                if (!r)
                    ack.error(r.error());
                else
                    ack.ok({{u"message"_s, ChatJson::message(r.value().message)}});
            });
    });

    // join and leave differ only in the room operation and the event the others get.
    auto roomEvent = [&chat, &hub](bool join) {
        return [&chat, &hub, join](EventCall &call) {
            SocketWorker *worker = &call.worker;
            withMembership(call, chat, [worker, &hub, join](SocketConnection &c, qint64 cid, const AckReply &ack) {
                if (join ? worker->join(c, cid) : worker->leave(c, cid))
                    hub.toJoined(cid, c.userId, join ? u"user:joined"_s : u"user:left"_s,
                                 {{u"conversationId"_s, QString::number(cid)}, {u"userId"_s, QString::number(c.userId)}});
                ack.ok();
            });
        };
    };
    router.add(u"conversation:join"_s, EventAccess::Authenticated, roomEvent(true));
    router.add(u"conversation:leave"_s, EventAccess::Authenticated, roomEvent(false));

    auto typingEvent = [&chat, &typing](bool start) {
        return [&chat, &typing, start](EventCall &call) {
            withMembership(call, chat, [&typing, start](SocketConnection &c, qint64 cid, const AckReply &ack) {
                if (start)
                    typing.start(cid, c.userId);
                else
                    typing.stop(cid, c.userId);
                ack.ok();
            });
        };
    };
    router.add(u"typing:start"_s, EventAccess::Authenticated, typingEvent(true));
    router.add(u"typing:stop"_s, EventAccess::Authenticated, typingEvent(false));

    router.add(u"sync"_s, EventAccess::Authenticated, [&chat](EventCall &call) {
        const QJsonValue since = call.payload.toObject().value(u"since"_s);
        if (!since.isObject()) {
            call.ack.error(invalid(u"since must be an object {conversationId: seq}"_s));
            return;
        }
        QList<std::pair<QString, qint64>> positions;
        const QJsonObject map = since.toObject();
        for (auto it = map.begin(); it != map.end(); ++it) {
            if (!it.value().isDouble() || it.value().toDouble() < 0 || it.value().toDouble() != double(it.value().toInteger())) {
                call.ack.error(invalid(u"since: each position is a seq number >= 0"_s));
                return;
            }
            positions.append({it.key(), it.value().toInteger()});
        }
        const AckReply ack = call.ack;
        chat.sync(*call.connection.principal, positions).then([ack](const Result<SyncPage> &r) {
            if (!r)
                ack.error(r.error());
            else
                ack.ok({{u"messages"_s, ChatJson::messages(r.value().messages)}, {u"hasMore"_s, r.value().hasMore}});
        });
    });
}

} // namespace Banter::Server
