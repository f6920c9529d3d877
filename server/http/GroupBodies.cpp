#include "http/GroupBodies.h"

#include "http/JsonFields.h"

#include <banter/ErrorCode.h>

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

Error invalid(const QString &message)
{
    return makeError(ErrorCode::ValidationFailed, message);
}

} // namespace

Result<NewGroup> GroupBodies::newGroup(const QJsonObject &body)
{
    JsonFields f(body);
    if (auto ok = f.only({u"title"_s, u"description"_s, u"memberIds"_s}); !ok)
        return ok.error();
    auto title = f.requiredString(u"title"_s);
    auto description = f.optionalString(u"description"_s);
    auto members = f.optionalIdList(u"memberIds"_s);
    if (!title || !description || !members)
        return !title ? title.error() : !description ? description.error() : members.error();
    return NewGroup{title.value(), description.value().value_or(QString()), members.value().value_or(QStringList())};
}

Result<GroupChanges> GroupBodies::changes(const QJsonObject &body)
{
    JsonFields f(body);
    if (auto ok = f.only({u"title"_s, u"description"_s, u"avatarMediaId"_s, u"historyVisibleToNewMembers"_s}); !ok)
        return ok.error();
    GroupChanges c;
    auto title = f.optionalString(u"title"_s);
    auto description = f.optionalString(u"description"_s);
    auto history = f.optionalBool(u"historyVisibleToNewMembers"_s);
    if (!title || !description || !history)
        return !title ? title.error() : !description ? description.error() : history.error();
    c.title = title.value();
    c.description = description.value();
    c.historyVisible = history.value();
    if (body.contains(u"avatarMediaId"_s)) { // null removes the avatar
        auto avatar = f.optionalId(u"avatarMediaId"_s);
        if (!avatar)
            return avatar.error();
        bool ok = true;
        const qint64 id = avatar.value().isEmpty() ? 0 : avatar.value().toLongLong(&ok);
        if (!ok || id < 0)
            return invalid(u"avatarMediaId: a media id or null"_s);
        c.avatarMediaId = id;
    }
    if (c.isEmpty())
        return invalid(u"nothing to change: title, description, avatarMediaId or historyVisibleToNewMembers"_s);
    return c;
}

Result<QStringList> GroupBodies::userIds(const QJsonObject &body)
{
    JsonFields f(body);
    if (auto ok = f.only({u"userIds"_s}); !ok)
        return ok.error();
    auto ids = f.optionalIdList(u"userIds"_s);
    if (!ids)
        return ids.error();
    if (!ids.value() || ids.value()->isEmpty())
        return invalid(u"userIds: a non-empty array of user ids"_s);
    return *ids.value();
}

Result<RoleBody> GroupBodies::role(const QJsonObject &body)
{
    JsonFields f(body);
    if (auto ok = f.only({u"userId"_s, u"role"_s}); !ok)
        return ok.error();
    auto user = f.requiredId(u"userId"_s);
    auto role = f.requiredString(u"role"_s);
    if (!user || !role)
        return !user ? user.error() : role.error();
    if (role.value() != "admin"_L1 && role.value() != "member"_L1)
        return invalid(u"role: \"admin\" or \"member\""_s);
    return RoleBody{user.value(), role.value()};
}

Result<QString> GroupBodies::userId(const QJsonObject &body)
{
    JsonFields f(body);
    if (auto ok = f.only({u"userId"_s}); !ok)
        return ok.error();
    return f.requiredId(u"userId"_s);
}

Result<InviteBody> GroupBodies::invite(const QJsonObject &body)
{
    JsonFields f(body);
    if (auto ok = f.only({u"expiresIn"_s, u"maxUses"_s}); !ok)
        return ok.error();
    auto expires = f.optionalInteger(u"expiresIn"_s, 1, 365LL * 24 * 3600);
    auto uses = f.optionalInteger(u"maxUses"_s, 1, 100000);
    if (!expires || !uses)
        return !expires ? expires.error() : uses.error();
    return InviteBody{expires.value().value_or(0), int(uses.value().value_or(0))};
}

Result<QString> GroupBodies::token(const QJsonObject &body)
{
    JsonFields f(body);
    if (auto ok = f.only({u"token"_s}); !ok)
        return ok.error();
    auto token = f.requiredString(u"token"_s);
    if (token && (token.value().isEmpty() || token.value().size() > 200))
        return invalid(u"token: the token of an invite"_s);
    return token;
}

} // namespace Banter::Server
