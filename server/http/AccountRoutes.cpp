#include "http/AccountRoutes.h"

#include "http/JsonFields.h"
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
        JsonFields f(r.body);
        if (auto ok = f.only({u"username"_s, u"password"_s, u"displayName"_s}); !ok)
            return invalid(ok.error());
        auto username = f.requiredString(u"username"_s);
        auto password = f.requiredString(u"password"_s);
        auto displayName = f.optionalString(u"displayName"_s);
        if (!username || !password || !displayName)
            return invalid(!username ? username.error() : !password ? password.error() : displayName.error());
        return reply(auth.registerUser(username.value(), password.value(), displayName->value_or(QString()), originOf(r)),
                     [](const AuthSession &s) { return ApiReply::created(UserJson::authSession(s)); });
    });
    router.add(Method::Post, u"/api/auth/login"_s, Access::Public, [&auth](const ApiRequest &r) {
        JsonFields f(r.body);
        auto username = f.requiredString(u"username"_s);
        auto password = f.requiredString(u"password"_s);
        auto totp = f.optionalString(u"totp"_s);
        if (!username || !password || !totp)
            return invalid(!username ? username.error() : !password ? password.error() : totp.error());
        return reply(auth.login(username.value(), password.value(), totp->value_or(QString()), originOf(r)),
                     [](const AuthSession &s) { return ApiReply::ok(UserJson::authSession(s)); });
    });
    router.add(Method::Post, u"/api/auth/refresh-token"_s, Access::Public, [&auth](const ApiRequest &r) {
        auto token = JsonFields(r.body).requiredString(u"refreshToken"_s);
        if (!token)
            return invalid(token.error());
        return reply(auth.refresh(token.value()),
                     [](const AuthSession &s) { return ApiReply::ok(UserJson::authSession(s)); });
    });
    router.add(Method::Post, u"/api/auth/logout"_s, Access::User, [&auth](const ApiRequest &r) {
        return reply(auth.logout(*r.principal), [](bool) { return ApiReply::empty(); });
    });
    router.add(Method::Get, u"/api/auth/sessions"_s, Access::User, [&auth](const ApiRequest &r) {
        const QString current = r.principal->sessionId;
        return reply(auth.sessions(*r.principal), [current](const QList<DeviceSession> &list) {
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
        return reply(auth.revokeSession(*r.principal, r.args.value(0)), [](bool) { return ApiReply::empty(); });
    });
    router.add(Method::Post, u"/api/auth/2fa/enable"_s, Access::User, [&auth](const ApiRequest &r) {
        return reply(auth.beginTwoFactor(*r.principal), [](const TwoFactorSetup &s) {
            return ApiReply::ok({{u"secret"_s, s.secret}, {u"otpauthUri"_s, s.otpauthUri},
                                 {u"recoveryCodes"_s, QJsonArray::fromStringList(s.recoveryCodes)}});
        });
    });
    router.add(Method::Post, u"/api/auth/2fa/verify"_s, Access::User, [&auth](const ApiRequest &r) {
        auto code = JsonFields(r.body).requiredString(u"code"_s);
        if (!code)
            return invalid(code.error());
        return reply(auth.confirmTwoFactor(*r.principal, code.value()),
                     [](bool) { return ApiReply::ok({{u"twoFactorEnabled"_s, true}}); });
    });

    router.add(Method::Get, u"/api/users/profile"_s, Access::User, [&users](const ApiRequest &r) {
        return reply(users.profile(*r.principal),
                     [](const UserRecord &u) { return ApiReply::ok({{u"user"_s, UserJson::ownProfile(u)}}); });
    });
    router.add(Method::Put, u"/api/users/profile"_s, Access::User, [&users](const ApiRequest &r) {
        JsonFields f(r.body);
        if (auto ok = f.only({u"displayName"_s, u"bio"_s}); !ok)
            return invalid(ok.error());
        auto displayName = f.optionalString(u"displayName"_s);
        auto bio = f.optionalString(u"bio"_s);
        if (!displayName || !bio)
            return invalid(!displayName ? displayName.error() : bio.error());
        return reply(users.updateProfile(*r.principal, displayName.value(), bio.value()),
                     [](const UserRecord &u) { return ApiReply::ok({{u"user"_s, UserJson::ownProfile(u)}}); });
    });
    auto statusReply = [](const UserRecord &u) {
        return ApiReply::ok({{u"status"_s, QJsonObject{{u"availability"_s, u.availability}, {u"text"_s, u.statusText}}}});
    };
    router.add(Method::Get, u"/api/users/status"_s, Access::User, [&users, statusReply](const ApiRequest &r) {
        return reply(users.profile(*r.principal), statusReply);
    });
    router.add(Method::Put, u"/api/users/status"_s, Access::User, [&users, statusReply](const ApiRequest &r) {
        JsonFields f(r.body);
        if (auto ok = f.only({u"availability"_s, u"text"_s}); !ok)
            return invalid(ok.error());
        auto availability = f.optionalString(u"availability"_s);
        auto text = f.optionalString(u"text"_s);
        if (!availability || !text)
            return invalid(!availability ? availability.error() : text.error());
        return reply(users.updateStatus(*r.principal, availability.value(), text.value()), statusReply);
    });
    router.add(Method::Get, u"/api/users/search"_s, Access::User, [&users](const ApiRequest &r) {
        bool ok = true;
        const QString limitText = r.query.queryItemValue(u"limit"_s);
        const int limit = limitText.isEmpty() ? 20 : limitText.toInt(&ok);
        if (!ok)
            return invalid(makeError(ErrorCode::ValidationFailed, u"limit: 1-100"_s));
        return reply(users.search(r.query.queryItemValue(u"q"_s, QUrl::FullyDecoded), limit,
                                  r.query.queryItemValue(u"cursor"_s)),
                     [](const UserPage &p) {
                         return ApiReply::ok({{u"users"_s, UserJson::publicUsers(p.users)},
                                              {u"nextCursor"_s, p.nextCursor.isEmpty() ? QJsonValue() : QJsonValue(p.nextCursor)}});
                     });
    });
    router.add(Method::Get, u"/api/users"_s, Access::User, [&users](const ApiRequest &r) {
        return reply(users.contacts(*r.principal), [](const QList<UserRecord> &list) {
            return ApiReply::ok({{u"users"_s, UserJson::publicUsers(list)}});
        });
    });
    router.add(Method::Post, u"/api/users/block"_s, Access::User, [&users](const ApiRequest &r) {
        auto id = JsonFields(r.body).requiredId(u"userId"_s);
        if (!id)
            return invalid(id.error());
        return reply(users.block(*r.principal, id.value()), [](bool) { return ApiReply::empty(); });
    });
    router.add(Method::Delete, u"/api/users/block/<arg>"_s, Access::User, [&users](const ApiRequest &r) {
        return reply(users.unblock(*r.principal, r.args.value(0)), [](bool) { return ApiReply::empty(); });
    });
    router.add(Method::Get, u"/api/users/blocked"_s, Access::User, [&users](const ApiRequest &r) {
        return reply(users.blocked(*r.principal), [](const QList<UserRecord> &list) {
            return ApiReply::ok({{u"users"_s, UserJson::publicUsers(list)}});
        });
    });
    router.add(Method::Post, u"/api/users/report"_s, Access::User, [&users](const ApiRequest &r) {
        JsonFields f(r.body);
        if (auto ok = f.only({u"userId"_s, u"messageId"_s, u"reason"_s}); !ok)
            return invalid(ok.error());
        auto userId = f.requiredId(u"userId"_s);
        auto messageId = f.optionalId(u"messageId"_s);
        auto reason = f.requiredString(u"reason"_s);
        if (!userId || !messageId || !reason)
            return invalid(!userId ? userId.error() : !messageId ? messageId.error() : reason.error());
        return reply(users.report(*r.principal, userId.value(), messageId.value(), reason.value()),
                     [](const ReportRecord &rep) {
                         return ApiReply::created({{u"report"_s, QJsonObject{{u"id"_s, QString::number(rep.id)},
                                                                             {u"state"_s, rep.state}}}});
                     });
    });
}

} // namespace Banter::Server
