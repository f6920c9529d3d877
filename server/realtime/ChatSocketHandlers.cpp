#include "realtime/ChatSocketHandlers.h"

#include "realtime/ChatEventPayloads.h"
#include "realtime/EventRouter.h"
#include "realtime/SocketHub.h"
#include "realtime/SocketWorker.h"
#include "service/ChatService.h"
#include "service/ReceiptService.h"
#include "service/TypingTracker.h"
#include "wire/ChatJson.h"

#include <banter/ErrorCode.h>

#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

// Runs `then` on the socket's worker if the caller is a member of the payload's conversation.
template <typename F>
void withMembership(EventCall &call, ChatService &chat, F then)
{
    const auto cid = ChatEventPayloads::conversationId(call.payload);
    if (!cid) {
        call.ack.error(cid.error());
        return;
    }
    const SocketContext socket = call.socket;
    const AckReply ack = call.ack;
    // A socket that already joined passed this check; no round trip.
    if (const qint64 known = cid->toLongLong(); known > 0 && socket.hasJoined(known)) {
        then(socket, known, ack);
        return;
    }
    chat.requireMember(*socket.principal(), cid.value()).then(socket.home(), [socket, ack, then](const Result<qint64> &r) {
        if (!socket.alive())
            return;
        if (!r) {
            ack.error(r.error());
            return;
        }
        then(socket, r.value(), ack);
    });
}

} // namespace

void ChatSocketHandlers::registerOn(EventRouter &router, ChatService &chat, TypingTracker &typing,
                                    ReceiptService &receipts, SocketHub &hub)
{
    router.add(u"register_user"_s, EventAccess::Pending, [](EventCall &call) {
        const AckReply ack = call.ack;
        auto fail = [ack](const SocketContext &socket, const Error &e) {
            ack.error(e);
            socket.emitEvent(u"auth_error"_s, {{u"code"_s, e.code}, {u"message"_s, e.message}});
            socket.disconnect(u"authentication failed"_s);
        };
        const auto token = SocketWorker::tokenOf(call.payload);
        if (!token) {
            fail(call.socket, makeError(ErrorCode::Unauthorized, u"token is required"_s));
            return;
        }
        call.socket.authenticate(*token, [ack, fail](SocketContext socket, const Result<Principal> &p) {
            if (!p) {
                fail(socket, SocketWorker::clientAuthError(p.error()));
                return;
            }
            socket.authenticated(p.value());
            socket.emitEvent(u"registration_success"_s, {{u"userId"_s, p.value().userId}});
            ack.ok({{u"userId"_s, p.value().userId}});
        });
    });

    router.add(u"message:send"_s, EventAccess::Authenticated, [&chat](EventCall &call) {
        const auto p = ChatEventPayloads::sendMessage(call.payload);
        if (!p) {
            call.ack.error(p.error());
            return;
        }
        const AckReply ack = call.ack;
        chat.send(*call.socket.principal(), p->conversationId, p->content, p->clientMessageId, p->replyTo, p->attachments,
                  call.socket.connectionId(), p->ciphertexts)
            .then(call.socket.home(), [ack](const Result<WriteOutcome> &r) {
                if (!r)
                    ack.error(r.error());
                else
                    ack.ok({{u"message"_s, ChatJson::message(r.value().message)}});
            });
    });

    // Changes to a message: each an event in the conversation's log, which the other sockets of every member get
    // as conversation:event; the ack carries the message as it is now ({} for a delete).
    auto messageAction = [&chat](bool withContent, bool withEmoji, auto start) {
        return [&chat, withContent, withEmoji, start](EventCall &call) {
            const auto p = ChatEventPayloads::messageAction(call.payload, withContent, withEmoji);
            if (!p) {
                call.ack.error(p.error());
                return;
            }
            const AckReply ack = call.ack;
            start(chat, *call.socket.principal(), p.value(), call.socket.connectionId(), call.socket.home())
                .then(call.socket.home(), [ack, withContent, withEmoji](const Result<WriteOutcome> &r) {
                    if (!r)
                        ack.error(r.error());
                    else if (!withContent && !withEmoji)
                        ack.ok();
                    else
                        ack.ok({{u"message"_s, ChatJson::message(r.value().message)}});
                });
        };
    };
    router.add(u"message:edit"_s, EventAccess::Authenticated,
               messageAction(true, false, [](ChatService &c, const Principal &who, const MessageActionPayload &p,
                                             quint64 origin, QObject *context) {
                   return c.edit(who, p.messageId, p.content, origin, context, p.ciphertexts);
               }));
    router.add(u"message:delete"_s, EventAccess::Authenticated,
               messageAction(false, false, [](ChatService &c, const Principal &who, const MessageActionPayload &p,
                                              quint64 origin, QObject *context) {
                   return c.remove(who, p.messageId, origin, context);
               }));
    router.add(u"reaction:add"_s, EventAccess::Authenticated,
               messageAction(false, true, [](ChatService &c, const Principal &who, const MessageActionPayload &p,
                                             quint64 origin, QObject *context) {
                   return c.react(who, p.messageId, p.emoji, true, origin, context);
               }));
    router.add(u"reaction:remove"_s, EventAccess::Authenticated,
               messageAction(false, true, [](ChatService &c, const Principal &who, const MessageActionPayload &p,
                                             quint64 origin, QObject *context) {
                   return c.react(who, p.messageId, p.emoji, false, origin, context);
               }));

    // join and leave differ only in the room operation and the event the others get.
    auto roomEvent = [&chat, &hub](bool join) {
        return [&chat, &hub, join](EventCall &call) {
            withMembership(call, chat, [&hub, join](SocketContext socket, qint64 cid, const AckReply &ack) {
                if (join ? socket.join(cid) : socket.leave(cid))
                    hub.toJoined(cid, socket.userId(), join ? u"user:joined"_s : u"user:left"_s,
                                 {{u"conversationId"_s, QString::number(cid)}, {u"userId"_s, QString::number(socket.userId())}});
                ack.ok();
            });
        };
    };
    router.add(u"conversation:join"_s, EventAccess::Authenticated, roomEvent(true));
    router.add(u"conversation:leave"_s, EventAccess::Authenticated, roomEvent(false));

    auto typingEvent = [&chat, &typing](bool start) {
        return [&chat, &typing, start](EventCall &call) {
            withMembership(call, chat, [&typing, start](const SocketContext &socket, qint64 cid, const AckReply &ack) {
                if (start)
                    typing.start(cid, socket.userId());
                else
                    typing.stop(cid, socket.userId());
                ack.ok();
            });
        };
    };
    router.add(u"typing:start"_s, EventAccess::Authenticated, typingEvent(true));
    router.add(u"typing:stop"_s, EventAccess::Authenticated, typingEvent(false));

    // receipt:update {conversationId, deliveredSeq?, readSeq?}: acknowledged once stored; the other members get
    // receipt:updated, coalesced (ReceiptService).
    router.add(u"receipt:update"_s, EventAccess::Authenticated, [&chat, &receipts](EventCall &call) {
        const auto p = ChatEventPayloads::receipt(call.payload);
        if (!p) {
            call.ack.error(p.error());
            return;
        }
        const ReceiptPayload receipt = p.value();
        withMembership(call, chat, [&receipts, receipt](const SocketContext &socket, qint64 cid, const AckReply &ack) {
            receipts.update(cid, socket.userId(), receipt.deliveredSeq, receipt.readSeq)
                .then(socket.home(), [ack](const Result<void> &r) {
                    if (!r)
                        ack.error(r.error());
                    else
                        ack.ok();
                });
        });
    });

    router.add(u"sync"_s, EventAccess::Authenticated, [&chat](EventCall &call) {
        const auto positions = ChatEventPayloads::sync(call.payload);
        if (!positions) {
            call.ack.error(positions.error());
            return;
        }
        const AckReply ack = call.ack;
        chat.sync(*call.socket.principal(), positions.value()).then(call.socket.home(), [ack](const Result<SyncPage> &r) {
            if (!r)
                ack.error(r.error());
            else
                ack.ok({{u"events"_s, ChatJson::events(r.value().events)},
                        {u"messages"_s, ChatJson::messages(r.value().messages)},
                        {u"hasMore"_s, r.value().hasMore}});
        });
    });
}

} // namespace Banter::Server
