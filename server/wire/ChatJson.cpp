#include "wire/ChatJson.h"

using namespace Qt::StringLiterals;

namespace Banter::Server {

QString ChatJson::timestamp(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

QJsonObject ChatJson::message(const ChatMessage &m)
{
    QJsonObject o{{u"id"_s, QString::number(m.id)},
                  {u"conversationId"_s, QString::number(m.conversationId)},
                  {u"seq"_s, m.seq},
                  {u"senderId"_s, QString::number(m.senderId)},
                  {u"content"_s, m.readable && !m.removed() ? QJsonValue(m.content) : QJsonValue(QJsonValue::Null)},
                  {u"clientMessageId"_s, m.clientMessageId},
                  {u"createdAt"_s, timestamp(m.createdAt)}};
    o.insert(u"editedAt"_s, m.editedAt.isValid() ? QJsonValue(timestamp(m.editedAt)) : QJsonValue(QJsonValue::Null));
    o.insert(u"deleted"_s, m.deleted());
    o.insert(u"pinned"_s, m.pinned);
    if (m.replyTo)
        o.insert(u"replyTo"_s, QJsonObject{{u"id"_s, QString::number(m.replyTo->id)},
                                           {u"senderId"_s, QString::number(m.replyTo->senderId)},
                                           {u"excerpt"_s, m.replyTo->excerpt ? QJsonValue(*m.replyTo->excerpt)
                                                                             : QJsonValue(QJsonValue::Null)}});
    else
        o.insert(u"replyTo"_s, QJsonValue(QJsonValue::Null));
    QJsonArray reactions;
    for (const ReactionCount &r : m.reactions)
        reactions.append(QJsonObject{{u"emoji"_s, r.emoji}, {u"count"_s, r.count}, {u"me"_s, r.me}});
    o.insert(u"reactions"_s, reactions);
    QJsonArray attachments;
    for (const AttachmentRef &a : m.attachments) {
        QJsonObject file{{u"id"_s, QString::number(a.id)}, {u"name"_s, a.name}, {u"size"_s, a.size},
                         {u"contentType"_s, a.contentType}};
        if (a.width > 0) {
            file.insert(u"width"_s, a.width);
            file.insert(u"height"_s, a.height);
        }
        attachments.append(file);
    }
    o.insert(u"attachments"_s, attachments);
    if (m.e2ee) {
        // End-to-end encrypted: no content, the sending device and this device's own ciphertext (or none).
        o.insert(u"content"_s, QJsonValue(QJsonValue::Null));
        o.insert(u"e2ee"_s, true);
        o.insert(u"senderDeviceId"_s, m.e2ee->senderDeviceId > 0 ? QJsonValue(m.e2ee->senderDeviceId) : QJsonValue(QJsonValue::Null));
        o.insert(u"ciphertext"_s, !m.removed() && !m.e2ee->ciphertexts.isEmpty() ? ciphertext(m.e2ee->ciphertexts.first())
                                                                                   : QJsonValue(QJsonValue::Null));
    }
    if (m.removed()) {
        o.insert(u"removed"_s, true);
        o.insert(u"removedReason"_s, removedReason(m.removedState));
    } else if (!m.readable) {
        o.insert(u"unreadable"_s, true);
    }
    return o;
}

QString ChatJson::removedReason(RemovedState state)
{
    switch (state) {
    case RemovedState::Visible:
        return {};
    case RemovedState::Hidden:
    case RemovedState::DeletedByModerator:
        return u"removed by a moderator"_s;
    case RemovedState::DeletedByAuthor:
        return u"deleted by its author"_s;
    case RemovedState::DeletedByAdmin:
        return u"deleted by a group admin"_s;
    }
    return {};
}

QJsonObject ChatJson::event(const ConversationEvent &e)
{
    QJsonObject o{{u"conversationId"_s, QString::number(e.conversationId)},
                  {u"seq"_s, e.seq},
                  {u"type"_s, e.type},
                  {u"actorId"_s, e.actorId != 0 ? QJsonValue(QString::number(e.actorId)) : QJsonValue(QJsonValue::Null)},
                  {u"createdAt"_s, timestamp(e.createdAt)}};
    if (e.type == EventType::Message) {
        o.insert(u"message"_s, e.message ? QJsonValue(message(*e.message)) : QJsonValue(QJsonValue::Null));
        return o;
    }
    if (e.messageId != 0)
        o.insert(u"messageId"_s, QString::number(e.messageId));
    if (e.type == EventType::MessageEdited) {
        o.insert(u"content"_s, e.content && !e.e2ee ? QJsonValue(*e.content) : QJsonValue(QJsonValue::Null));
        o.insert(u"editedAt"_s, timestamp(e.createdAt));
        if (e.e2ee) {
            o.insert(u"e2ee"_s, true);
            o.insert(u"senderDeviceId"_s, e.e2ee->senderDeviceId > 0 ? QJsonValue(e.e2ee->senderDeviceId)
                                                                      : QJsonValue(QJsonValue::Null));
            o.insert(u"ciphertext"_s, e.e2ee->ciphertexts.isEmpty() ? QJsonValue(QJsonValue::Null)
                                                                     : ciphertext(e.e2ee->ciphertexts.first()));
        }
    } else if (e.type == EventType::MessageDeleted) {
        o.insert(u"by"_s, e.by);
    } else if (e.type == EventType::ReactionAdded || e.type == EventType::ReactionRemoved) {
        o.insert(u"userId"_s, QString::number(e.userId));
        o.insert(u"emoji"_s, e.emoji);
    } else if (e.type == EventType::MemberAdded || e.type == EventType::MemberRemoved || e.type == EventType::MemberRole) {
        o.insert(u"userId"_s, QString::number(e.userId));
        o.insert(u"role"_s, e.role);
    } else if (e.type == EventType::ConversationUpdated) {
        o.insert(u"changes"_s, e.changes);
    }
    return o;
}

QJsonObject ChatJson::ciphertext(const DeviceCiphertext &c)
{
    return {{u"type"_s, c.type}, {u"body"_s, QString::fromLatin1(c.body.toBase64())}};
}

QJsonArray ChatJson::events(const QList<ConversationEvent> &list)
{
    QJsonArray array;
    for (const ConversationEvent &e : list)
        array.append(event(e));
    return array;
}

QJsonArray ChatJson::messages(const QList<ChatMessage> &list)
{
    QJsonArray array;
    for (const ChatMessage &m : list)
        array.append(message(m));
    return array;
}

QJsonObject ChatJson::conversation(const ConversationRecord &c)
{
    QJsonArray members;
    for (const ConversationMember &m : c.members)
        members.append(QJsonObject{{u"id"_s, QString::number(m.userId)},
                                   {u"username"_s, m.username},
                                   {u"displayName"_s, m.displayName},
                                   {u"role"_s, m.role}});
    return {{u"id"_s, QString::number(c.id)},
            {u"type"_s, c.type},
            {u"title"_s, c.title.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(c.title)},
            {u"createdAt"_s, timestamp(c.createdAt)},
            {u"e2ee"_s, c.e2ee},
            {u"members"_s, members}};
}

QJsonObject ChatJson::conversationView(const ConversationView &v)
{
    QJsonObject o = conversation(v.conversation);
    o.insert(u"lastMessage"_s, v.lastMessage ? QJsonValue(message(*v.lastMessage)) : QJsonValue(QJsonValue::Null));
    o.insert(u"unreadCount"_s, v.unreadCount);
    return o;
}

} // namespace Banter::Server
