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
                  {u"content"_s, m.readable && !m.removed ? QJsonValue(m.content) : QJsonValue(QJsonValue::Null)},
                  {u"clientMessageId"_s, m.clientMessageId},
                  {u"createdAt"_s, timestamp(m.createdAt)}};
    if (m.removed) {
        o.insert(u"removed"_s, true);
        o.insert(u"removedReason"_s, u"removed by a moderator"_s);
    } else if (!m.readable) {
        o.insert(u"unreadable"_s, true);
    }
    return o;
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
