#include "http/GroupRoutes.h"

#include "http/GroupBodies.h"
#include "http/RouteReply.h"
#include "wire/GroupJson.h"

#include <QJsonArray>
#include <QUrl>

using namespace Qt::StringLiterals;
using Method = QHttpServerRequest::Method;

namespace Banter::Server {
namespace {

ApiReply groupReply(const GroupRecord &g)
{
    return ApiReply::ok({{u"group"_s, GroupJson::group(g, true)}});
}

ApiReply noContent(bool)
{
    return ApiReply::empty();
}

} // namespace

void GroupRoutes::registerOn(ApiRouter &router, GroupService &groups)
{
    router.add(Method::Post, u"/api/groups"_s, Access::User, [&groups](const ApiRequest &r) {
        const auto b = GroupBodies::newGroup(r.body);
        if (!b)
            return invalid(b.error());
        return reply(r, groups.create(*r.principal, b.value(), r.context), [](const GroupRecord &g) {
            return ApiReply::created({{u"group"_s, GroupJson::group(g, true)}});
        });
    });
    router.add(Method::Get, u"/api/groups"_s, Access::User, [&groups](const ApiRequest &r) {
        return reply(r, groups.list(*r.principal), [](const QList<GroupRecord> &list) {
            QJsonArray array;
            for (const GroupRecord &g : list)
                array.append(GroupJson::group(g, false));
            return ApiReply::ok({{u"groups"_s, array}});
        });
    });
    // Before /api/groups/<arg>/...: "join" is no group id.
    router.add(Method::Post, u"/api/groups/join"_s, Access::User, [&groups](const ApiRequest &r) {
        const auto token = GroupBodies::token(r.body);
        if (!token)
            return invalid(token.error());
        return reply(r, groups.join(*r.principal, token.value(), r.context), groupReply);
    });
    router.add(Method::Get, u"/api/groups/<arg>"_s, Access::User, [&groups](const ApiRequest &r) {
        return reply(r, groups.get(*r.principal, r.args.value(0)), groupReply);
    });
    router.add(Method::Put, u"/api/groups/<arg>"_s, Access::User, [&groups](const ApiRequest &r) {
        auto changes = GroupBodies::changes(r.body);
        if (!changes)
            return invalid(changes.error());
        return reply(r, groups.update(*r.principal, r.args.value(0), changes.value(), r.context), groupReply);
    });
    router.add(Method::Post, u"/api/groups/<arg>/members"_s, Access::User, [&groups](const ApiRequest &r) {
        const auto ids = GroupBodies::userIds(r.body);
        if (!ids)
            return invalid(ids.error());
        return reply(r, groups.addMembers(*r.principal, r.args.value(0), ids.value(), r.context), groupReply);
    });
    router.add(Method::Delete, u"/api/groups/<arg>/members/<arg>"_s, Access::User, [&groups](const ApiRequest &r) {
        return reply(r, groups.removeMember(*r.principal, r.args.value(0), r.args.value(1), r.context), noContent);
    });
    router.add(Method::Put, u"/api/groups/<arg>/admin"_s, Access::User, [&groups](const ApiRequest &r) {
        const auto b = GroupBodies::role(r.body);
        if (!b)
            return invalid(b.error());
        return reply(r, groups.setRole(*r.principal, r.args.value(0), b->userId, b->role, r.context), groupReply);
    });
    router.add(Method::Post, u"/api/groups/<arg>/owner"_s, Access::User, [&groups](const ApiRequest &r) {
        const auto user = GroupBodies::userId(r.body);
        if (!user)
            return invalid(user.error());
        return reply(r, groups.transferOwnership(*r.principal, r.args.value(0), user.value(), r.context), groupReply);
    });
    router.add(Method::Post, u"/api/groups/<arg>/invites"_s, Access::User, [&groups](const ApiRequest &r) {
        const auto b = GroupBodies::invite(r.body);
        if (!b)
            return invalid(b.error());
        return reply(r, groups.createInvite(*r.principal, r.args.value(0), b->expiresInSeconds, b->maxUses),
                     [](const GroupInvite &i) { return ApiReply::created({{u"invite"_s, GroupJson::invite(i)}}); });
    });
    router.add(Method::Delete, u"/api/groups/<arg>/invites/<arg>"_s, Access::User, [&groups](const ApiRequest &r) {
        return reply(r, groups.deleteInvite(*r.principal, r.args.value(0),
                                            QUrl::fromPercentEncoding(r.args.value(1).toUtf8())),
                     noContent);
    });
}

} // namespace Banter::Server
