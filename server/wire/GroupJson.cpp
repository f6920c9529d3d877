#include "wire/GroupJson.h"

#include "wire/ChatJson.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace Banter::Server {

QJsonObject GroupJson::group(const GroupRecord &g, bool withMembers)
{
    QJsonObject o{{u"id"_s, QString::number(g.id)},
                  {u"type"_s, u"group"_s},
                  {u"title"_s, g.fields.title},
                  {u"description"_s, g.fields.description},
                  {u"avatarMediaId"_s, g.fields.avatarMediaId != 0 ? QJsonValue(QString::number(g.fields.avatarMediaId))
                                                                   : QJsonValue(QJsonValue::Null)},
                  {u"historyVisibleToNewMembers"_s, g.fields.historyVisible},
                  {u"createdAt"_s, ChatJson::timestamp(g.createdAt)},
                  {u"createdBy"_s, QString::number(g.createdBy)},
                  {u"memberCount"_s, g.memberCount},
                  {u"role"_s, g.myRole}};
    if (withMembers) {
        QJsonArray members;
        for (const GroupMember &m : g.members)
            members.append(QJsonObject{{u"id"_s, QString::number(m.userId)},
                                       {u"username"_s, m.username},
                                       {u"displayName"_s, m.displayName},
                                       {u"role"_s, m.role},
                                       {u"joinedAt"_s, ChatJson::timestamp(m.joinedAt)}});
        o.insert(u"members"_s, members);
    }
    return o;
}

QJsonObject GroupJson::invite(const GroupInvite &i)
{
    return {{u"token"_s, i.token},
            {u"url"_s, i.url},
            {u"expiresAt"_s, i.expiresAt.isValid() ? QJsonValue(ChatJson::timestamp(i.expiresAt)) : QJsonValue(QJsonValue::Null)},
            {u"maxUses"_s, i.maxUses > 0 ? QJsonValue(i.maxUses) : QJsonValue(QJsonValue::Null)}};
}

} // namespace Banter::Server
