#include "http/AccountRoutes.h"

#include "http/RequestBodies.h"
#include "http/RouteReply.h"
#include "http/UserJson.h"

#include <banter/ErrorCode.h>

using namespace Qt::StringLiterals;
using Method = QHttpServerRequest::Method;

namespace Banter::Server {
namespace {

RequestOrigin originOf(const ApiRequest &r)
{
    return {r.clientAddress, r.userAgent};
}

} // namespace

void AccountRoutes::registerOn(ApiRouter &router, AuthService &auth, UserService &users)
{
    router.add(Method::Post, u"/api/auth/register"_s, Access::Public, [&auth](const ApiRequest &r) {
        const auto b = RequestBodies::registration(r.body);
        if (!b)
            return invalid(b.error());
        return reply(r, auth.registerUser(b->username, b->password, b->displayName, originOf(r)),
                     [](const AuthSession &s) { return ApiReply::created(UserJson::authSession(s)); });
    });
    router.add(Method::Post, u"/api/auth/login"_s, Access::Public, [&auth](const ApiRequest &r) {
        const auto b = RequestBodies::login(r.body);
        if (!b)
            return invalid(b.error());
        return reply(r, auth.login(b->username, b->password, b->totp, originOf(r)),
                     [](const AuthSession &s) { return ApiReply::ok(UserJson::authSession(s)); });
    });
    router.add(Method::Post, u"/api/auth/refresh-token"_s, Access::Public, [&auth](const ApiRequest &r) {
        const auto token = RequestBodies::refreshToken(r.body);
        if (!token)
            return invalid(token.error());
        return reply(r, auth.refresh(token.value()),
                     [](const AuthSession &s) { return ApiReply::ok(UserJson::authSession(s)); });
    });
    router.add(Method::Post, u"/api/auth/logout"_s, Access::User, [&auth](const ApiRequest &r) {
        return reply(r, auth.logout(*r.principal), [](bool) { return ApiReply::empty(); });
    });
    router.add(Method::Get, u"/api/auth/sessions"_s, Access::User, [&auth](const ApiRequest &r) {
        const QString current = r.principal->sessionId;
        return reply(r, auth.sessions(*r.principal), [current](const QList<DeviceSession> &list) {
            QJsonArray array;
            for (const DeviceSession &s : list)
                array.append(QJsonObject{{u"id"_s, s.id}, {u"userAgent"_s, s.userAgent}, {u"clientAddress"_s, s.clientAddress},
                                         {u"createdAt"_s, s.createdAt.toUTC().toString(Qt::ISODateWithMs)},
                                         {u"lastUsedAt"_s, s.lastUsedAt.toUTC().toString(Qt::ISODateWithMs)},
                                         {u"current"_s, s.id == current}});
            return ApiReply::ok({{u"sessions"_s, array}});
        });
    });
    router.add(Method::Delete, u"/api/auth/sessions/<arg>"_s, Access::User, [&auth](const ApiRequest &r) {
        return reply(r, auth.revokeSession(*r.principal, r.args.value(0)), [](bool) { return ApiReply::empty(); });
    });
    router.add(Method::Post, u"/api/auth/2fa/enable"_s, Access::User, [&auth](const ApiRequest &r) {
        return reply(r, auth.beginTwoFactor(*r.principal), [](const TwoFactorSetup &s) {
            return ApiReply::ok({{u"secret"_s, s.secret}, {u"otpauthUri"_s, s.otpauthUri},
                                 {u"recoveryCodes"_s, QJsonArray::fromStringList(s.recoveryCodes)}});
        });
    });
    router.add(Method::Post, u"/api/auth/2fa/verify"_s, Access::User, [&auth](const ApiRequest &r) {
        const auto code = RequestBodies::twoFactorCode(r.body);
        if (!code)
            return invalid(code.error());
        return reply(r, auth.confirmTwoFactor(*r.principal, code.value()),
                     [](bool) { return ApiReply::ok({{u"twoFactorEnabled"_s, true}}); });
    });

    router.add(Method::Get, u"/api/users/profile"_s, Access::User, [&users](const ApiRequest &r) {
        return reply(r, users.profile(*r.principal),
                     [](const UserRecord &u) { return ApiReply::ok({{u"user"_s, UserJson::ownProfile(u)}}); });
    });
    router.add(Method::Put, u"/api/users/profile"_s, Access::User, [&users](const ApiRequest &r) {
        const auto b = RequestBodies::profile(r.body);
        if (!b)
            return invalid(b.error());
        return reply(r, users.updateProfile(*r.principal, b->displayName, b->bio),
                     [](const UserRecord &u) { return ApiReply::ok({{u"user"_s, UserJson::ownProfile(u)}}); });
    });
    auto statusReply = [](const UserRecord &u) {
        return ApiReply::ok({{u"status"_s, QJsonObject{{u"availability"_s, u.availability}, {u"text"_s, u.statusText}}}});
    };
    router.add(Method::Get, u"/api/users/status"_s, Access::User, [&users, statusReply](const ApiRequest &r) {
        return reply(r, users.profile(*r.principal), statusReply);
    });
    router.add(Method::Put, u"/api/users/status"_s, Access::User, [&users, statusReply](const ApiRequest &r) {
        const auto b = RequestBodies::status(r.body);
        if (!b)
            return invalid(b.error());
        return reply(r, users.updateStatus(*r.principal, b->availability, b->text), statusReply);
    });
    router.add(Method::Get, u"/api/users/search"_s, Access::User, [&users](const ApiRequest &r) {
        bool ok = true;
        const QString limitText = r.query.queryItemValue(u"limit"_s);
        const int limit = limitText.isEmpty() ? 20 : limitText.toInt(&ok);
        if (!ok)
            return invalid(makeError(ErrorCode::ValidationFailed, u"limit: 1-100"_s));
        return reply(r, users.search(r.query.queryItemValue(u"q"_s, QUrl::FullyDecoded), limit,
                                  r.query.queryItemValue(u"cursor"_s)),
                     [](const UserPage &p) {
                         return ApiReply::ok({{u"users"_s, UserJson::publicUsers(p.users)},
                                              {u"nextCursor"_s, p.nextCursor.isEmpty() ? QJsonValue() : QJsonValue(p.nextCursor)}});
                     });
    });
    router.add(Method::Get, u"/api/users"_s, Access::User, [&users](const ApiRequest &r) {
        return reply(r, users.contacts(*r.principal), [](const QList<UserRecord> &list) {
            return ApiReply::ok({{u"users"_s, UserJson::publicUsers(list)}});
        });
    });
    router.add(Method::Post, u"/api/users/block"_s, Access::User, [&users](const ApiRequest &r) {
        const auto id = RequestBodies::blockedUserId(r.body);
        if (!id)
            return invalid(id.error());
        return reply(r, users.block(*r.principal, id.value()), [](bool) { return ApiReply::empty(); });
    });
    router.add(Method::Delete, u"/api/users/block/<arg>"_s, Access::User, [&users](const ApiRequest &r) {
        return reply(r, users.unblock(*r.principal, r.args.value(0)), [](bool) { return ApiReply::empty(); });
    });
    router.add(Method::Get, u"/api/users/blocked"_s, Access::User, [&users](const ApiRequest &r) {
        return reply(r, users.blocked(*r.principal), [](const QList<UserRecord> &list) {
            return ApiReply::ok({{u"users"_s, UserJson::publicUsers(list)}});
        });
    });
    router.add(Method::Post, u"/api/users/report"_s, Access::User, [&users](const ApiRequest &r) {
        const auto b = RequestBodies::report(r.body);
        if (!b)
            return invalid(b.error());
        return reply(r, users.report(*r.principal, b->userId, b->messageId, b->reason),
                     [](const ReportRecord &rep) {
                         return ApiReply::created({{u"report"_s, QJsonObject{{u"id"_s, QString::number(rep.id)},
                                                                             {u"state"_s, rep.state}}}});
                     });
    });
}

} // namespace Banter::Server
