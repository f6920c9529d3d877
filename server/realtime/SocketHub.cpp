#include "realtime/SocketHub.h"

#include "bus/EventBus.h"
#include "metrics/ServerMetrics.h"
#include "wire/AdminJson.h"
#include "wire/ChatJson.h"
#include "wire/NotificationJson.h"

#include <banter/protocol/SocketPacket.h>

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace Banter::Server {

QString SocketHub::eventFrame(const QString &event, const QJsonObject &payload) const
{
    if (m_metrics)
        m_metrics->eventsOut.add(labelSet({{"event", event.toUtf8()}}));
    return u'4' + Protocol::SocketPacket::event(event, payload);
}

void SocketHub::post(QList<Outgoing> batch)
{
    if (!batch.isEmpty())
        m_bus.publish(std::make_shared<const QList<Outgoing>>(std::move(batch)));
}

void SocketHub::notificationsCreated(const QList<StoredNotification> &notifications)
{
    QList<Outgoing> out;
    out.reserve(notifications.size());
    for (const StoredNotification &n : notifications) {
        Outgoing o;
        o.to = Outgoing::To::Users;
        o.userIds = {n.userId};
        o.packet = eventFrame(u"notification:new"_s, {{u"notification"_s, NotificationJson::notification(n)}});
        out.append(std::move(o));
    }
    if (!out.isEmpty())
        post(std::move(out));
}

void SocketHub::notificationsRead(qint64 userId, const QJsonObject &read)
{
    Outgoing o;
    o.to = Outgoing::To::Users;
    o.userIds = {userId};
    o.packet = eventFrame(u"notification:read"_s, read);
    post({std::move(o)});
}

void SocketHub::preKeysLow(qint64 userId, const QString &sessionId, int remaining)
{
    Outgoing o;
    o.to = Outgoing::To::Users;
    o.userIds = {userId};
    o.sessionPackets.insert(sessionId, eventFrame(u"e2ee:prekeys-low"_s, {{u"remaining"_s, remaining}}));
    post({std::move(o)});
}

void SocketHub::messagesCreated(const QList<CreatedMessage> &batch)
{
    post(renderMessages(batch));
}

QList<Outgoing> SocketHub::renderMessages(const QList<CreatedMessage> &batch) const
{
    QList<Outgoing> out;
    out.reserve(batch.size());
    for (const CreatedMessage &m : batch) {
        Outgoing o;
        o.to = Outgoing::To::Users;
        o.userIds = m.memberIds;
        o.conversationId = m.message.conversationId;
        o.seq = m.message.seq;
        o.exceptConnection = m.originConnection;
        if (m.message.e2ee) {
            // Each device gets its own ciphertext; a socket of a device without one (no keys when it was sent)
            // gets the message without.
            ChatMessage own = m.message;
            // A new E2eePart rather than clear() on the copy: GCC's -O2 flow analysis calls the copied list's
            // size "maybe uninitialized" (a false positive that fails the release build).
            own.e2ee = E2eePart{m.message.e2ee->senderDeviceId, {}};
            o.packet = eventFrame(u"message:received"_s, {{u"message"_s, ChatJson::message(own)}});
            for (const DeviceCiphertext &c : std::as_const(m.message.e2ee->ciphertexts)) {
                own.e2ee->ciphertexts = {c};
                o.sessionPackets.insert(c.sessionId, eventFrame(u"message:received"_s, {{u"message"_s, ChatJson::message(own)}}));
            }
        } else {
            o.packet = eventFrame(u"message:received"_s, {{u"message"_s, ChatJson::message(m.message)}});
        }
        out.append(std::move(o));
    }
    return out;
}

void SocketHub::eventsCommitted(const QList<CommittedEvent> &events)
{
    post(renderEvents(events));
}

QList<Outgoing> SocketHub::renderEvents(const QList<CommittedEvent> &events) const
{
    QList<Outgoing> out;
    out.reserve(events.size());
    for (const CommittedEvent &c : events) {
        if (c.event.type == EventType::Message && c.event.message) { // replayed from the log (ClusterCatchUp)
            out.append(renderMessages({CreatedMessage{*c.event.message, c.memberIds, c.originConnection}}));
            continue;
        }
        const qsizetype first = out.size();
        Outgoing o;
        o.to = Outgoing::To::Users;
        o.userIds = c.memberIds;
        o.exceptConnection = c.originConnection;
        if (c.event.e2ee) { // an E2EE edit: each device its own ciphertext, as for a new message
            ConversationEvent own = c.event;
            own.e2ee = E2eePart{c.event.e2ee->senderDeviceId, {}}; // as above
            o.packet = eventFrame(u"conversation:event"_s, ChatJson::event(own));
            for (const DeviceCiphertext &x : std::as_const(c.event.e2ee->ciphertexts)) {
                own.e2ee->ciphertexts = {x};
                o.sessionPackets.insert(x.sessionId, eventFrame(u"conversation:event"_s, ChatJson::event(own)));
            }
        } else {
            o.packet = eventFrame(u"conversation:event"_s, ChatJson::event(c.event));
        }
        out.append(std::move(o));
        // A removed member's sockets leave the conversation's rooms; the others' joined sockets hear user:left.
        if (c.event.type == EventType::MemberRemoved)
            out.append(memberLeft(c.event.conversationId, c.event.userId));
        // The moderation tombstone as clients from before the event log know it (docs/admin-api.md).
        if (c.event.type == EventType::MessageHidden
            || (c.event.type == EventType::MessageDeleted && c.event.by == "moderator"_L1)) {
            Outgoing removed;
            removed.to = Outgoing::To::Users;
            removed.userIds = c.memberIds;
            removed.packet = eventFrame(u"message:removed"_s,
                                        {{u"conversationId"_s, QString::number(c.event.conversationId)},
                                         {u"messageId"_s, QString::number(c.event.messageId)},
                                         {u"seq"_s, c.event.messageSeq}});
            out.append(std::move(removed));
        }
        for (qsizetype i = first; i < out.size(); ++i) { // what one event caused shares its log position
            out[i].conversationId = c.event.conversationId;
            out[i].seq = c.event.seq;
        }
    }
    return out;
}

void SocketHub::receiptsUpdated(const QList<ReceiptUpdate> &updates)
{
    QList<Outgoing> out;
    out.reserve(updates.size());
    for (const ReceiptUpdate &u : updates) {
        Outgoing o;
        o.to = Outgoing::To::Users;
        o.userIds = u.memberIds;
        o.userIds.removeAll(u.receipt.userId); // to the other members
        o.packet = eventFrame(u"receipt:updated"_s, {{u"conversationId"_s, QString::number(u.receipt.conversationId)},
                                                     {u"userId"_s, QString::number(u.receipt.userId)},
                                                     {u"deliveredSeq"_s, u.receipt.deliveredSeq},
                                                     {u"readSeq"_s, u.receipt.readSeq}});
        out.append(std::move(o));
    }
    post(std::move(out));
}

void SocketHub::presenceChanged(qint64 userId, bool online, const QDateTime &lastSeen, const QList<qint64> &audience)
{
    Outgoing o;
    o.userIds = audience;
    QJsonObject payload{{u"userId"_s, QString::number(userId)}};
    if (!online)
        payload.insert(u"lastSeen"_s, ChatJson::timestamp(lastSeen));
    o.packet = eventFrame(online ? u"user:online"_s : u"user:offline"_s, payload);
    post({o});
}

void SocketHub::typingChanged(qint64 conversationId, qint64 userId, bool typing)
{
    toJoined(conversationId, userId, typing ? u"user:typing"_s : u"user:stopped-typing"_s,
             {{u"conversationId"_s, QString::number(conversationId)}, {u"userId"_s, QString::number(userId)}});
}

void SocketHub::conversationCreated(const ConversationRecord &conversation, const QList<qint64> &online)
{
    Outgoing o;
    o.to = Outgoing::To::Users;
    for (const ConversationMember &m : conversation.members)
        o.userIds.append(m.userId);
    QJsonArray onlineIds;
    for (qint64 id : online)
        onlineIds.append(QString::number(id));
    o.packet = eventFrame(u"conversation:created"_s,
                          {{u"conversation"_s, ChatJson::conversation(conversation)}, {u"online"_s, onlineIds}});
    post({o});
}

void SocketHub::toJoined(qint64 conversationId, qint64 exceptUser, const QString &event, const QJsonObject &payload)
{
    Outgoing o;
    o.to = Outgoing::To::Joined;
    o.conversationId = conversationId;
    o.exceptUser = exceptUser;
    o.packet = eventFrame(event, payload);
    post({o});
}

void SocketHub::sessionEnded(const QString &sessionId)
{
    m_bus.endSession(sessionId);
}

void SocketHub::userSessionsEnded(qint64 userId)
{
    m_bus.endUserSessions(userId);
}

QString SocketHub::adminFrame(const QString &event, const QJsonObject &payload) const
{
    if (m_metrics)
        m_metrics->eventsOut.add(labelSet({{"event", (u"/admin "_s + event).toUtf8()}}));
    Protocol::SocketPacket p{Protocol::SocketType::Event, u"/admin"_s, -1, 0, QJsonArray{event, payload}};
    return u'4' + p.encode();
}

void SocketHub::toAdmins(const QString &event, const QJsonObject &payload)
{
    Outgoing o;
    o.to = Outgoing::To::Admins;
    o.packet = adminFrame(event, payload);
    post({o});
}

void SocketHub::auditAppended(const AuditEntry &entry)
{
    toAdmins(u"audit:entry"_s, {{u"entry"_s, AdminJson::auditEntry(entry)}});
}

QList<Outgoing> SocketHub::memberLeft(qint64 conversationId, qint64 userId) const
{
    Outgoing leave;
    leave.to = Outgoing::To::RemoveMember;
    leave.conversationId = conversationId;
    leave.userIds = {userId};
    Outgoing left;
    left.to = Outgoing::To::Joined;
    left.conversationId = conversationId;
    left.exceptUser = userId;
    left.packet = eventFrame(u"user:left"_s, {{u"conversationId"_s, QString::number(conversationId)},
                                              {u"userId"_s, QString::number(userId)}});
    return {leave, left};
}

} // namespace Banter::Server
