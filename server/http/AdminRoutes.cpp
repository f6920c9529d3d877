#include "http/AdminRoutes.h"

#include "http/RequestBodies.h"
#include "http/RouteReply.h"
#include "wire/AdminJson.h"
#include "wire/ChatJson.h"

#include <banter/ErrorCode.h>

#include <QJsonArray>

using namespace Qt::StringLiterals;
using Method = QHttpServerRequest::Method;

namespace Banter::Server {
namespace {

int limitOf(const ApiRequest &r, int fallback)
{
    const QString text = r.query.queryItemValue(u"limit"_s);
    bool ok = false;
    const int n = text.toInt(&ok);
    return text.isEmpty() ? fallback : ok ? n : -1;
}

QFuture<ApiResult> accountReply(const ApiRequest &r, QFuture<Result<AccountView>> f)
{
    return reply(r, std::move(f), [](const AccountView &a) { return ApiReply::ok({{u"user"_s, AdminJson::account(a)}}); });
}

QFuture<ApiResult> reportReply(const ApiRequest &r, QFuture<Result<ReportView>> f)
{
    return reply(r, std::move(f), [](const ReportView &v) { return ApiReply::ok({{u"report"_s, AdminJson::report(v)}}); });
}

QString reasonOf(const ApiRequest &r)
{
    return r.body.value(u"reason"_s).toString();
}

std::optional<QDateTime> timeParam(const ApiRequest &r, const QString &name, bool &bad)
{
    const QString text = r.query.queryItemValue(name);
    if (text.isEmpty())
        return std::nullopt;
    const QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid())
        bad = true;
    return t;
}

} // namespace

void AdminRoutes::registerOn(ApiRouter &router, AdminService &admin, PresenceView presence, Snapshot metrics)
{
    const Access mod = Access::Moderator;
    router.add(Method::Get, u"/api/admin/users"_s, mod, [&admin](const ApiRequest &r) {
        return reply(r, admin.searchUsers(r.query.queryItemValue(u"q"_s, QUrl::FullyDecoded), limitOf(r, 50),
                                       r.query.queryItemValue(u"cursor"_s)),
                     [](const AccountPage &p) {
                         QJsonArray users;
                         for (const AccountView &a : p.accounts)
                             users.append(AdminJson::account(a));
                         return ApiReply::ok({{u"users"_s, users},
                                              {u"nextCursor"_s, p.nextCursor.isEmpty() ? QJsonValue() : QJsonValue(p.nextCursor)}});
                     });
    });
    router.add(Method::Get, u"/api/admin/users/<arg>"_s, mod, [&admin](const ApiRequest &r) {
        return reply(r, admin.user(r.args.value(0)), [](const AccountDetails &d) { return ApiReply::ok(AdminJson::details(d)); });
    });
    router.add(Method::Post, u"/api/admin/users/<arg>/suspend"_s, mod, [&admin](const ApiRequest &r) {
        const auto seconds = RequestBodies::suspensionSeconds(r.body);
        if (!seconds)
            return invalid(seconds.error());
        return accountReply(r, admin.suspend(*r.principal, r.args.value(0), reasonOf(r), seconds.value()));
    });
    router.add(Method::Post, u"/api/admin/users/<arg>/ban"_s, mod, [&admin](const ApiRequest &r) {
        return accountReply(r, admin.ban(*r.principal, r.args.value(0), reasonOf(r)));
    });
    router.add(Method::Post, u"/api/admin/users/<arg>/unban"_s, mod, [&admin](const ApiRequest &r) {
        return accountReply(r, admin.unban(*r.principal, r.args.value(0), reasonOf(r)));
    });
    router.add(Method::Post, u"/api/admin/users/<arg>/logout"_s, mod, [&admin](const ApiRequest &r) {
        return reply(r, admin.forceLogout(*r.principal, r.args.value(0), reasonOf(r)),
                     [](int n) { return ApiReply::ok({{u"revokedSessions"_s, n}}); });
    });
    router.add(Method::Put, u"/api/admin/users/<arg>/role"_s, Access::Admin, [&admin](const ApiRequest &r) {
        return accountReply(r, admin.setRole(*r.principal, r.args.value(0), r.body.value(u"role"_s).toString(), reasonOf(r)));
    });

    router.add(Method::Get, u"/api/admin/reports"_s, mod, [&admin](const ApiRequest &r) {
        return reply(r, admin.reports(r.query.queryItemValue(u"state"_s), limitOf(r, 50), r.query.queryItemValue(u"cursor"_s)),
                     [](const ReportPage &p) {
                         QJsonArray reports;
                         for (const ReportView &v : p.reports)
                             reports.append(AdminJson::report(v));
                         return ApiReply::ok({{u"reports"_s, reports},
                                              {u"nextCursor"_s, p.nextCursor.isEmpty() ? QJsonValue() : QJsonValue(p.nextCursor)}});
                     });
    });
    router.add(Method::Get, u"/api/admin/reports/<arg>"_s, mod, [&admin](const ApiRequest &r) {
        return reportReply(r, admin.report(r.args.value(0)));
    });
    router.add(Method::Post, u"/api/admin/reports/<arg>/assign"_s, mod, [&admin](const ApiRequest &r) {
        return reportReply(r, admin.assignReport(*r.principal, r.args.value(0)));
    });
    router.add(Method::Post, u"/api/admin/reports/<arg>/resolve"_s, mod, [&admin](const ApiRequest &r) {
        return reportReply(r, admin.closeReport(*r.principal, r.args.value(0), true, r.body.value(u"action"_s).toString(), reasonOf(r)));
    });
    router.add(Method::Post, u"/api/admin/reports/<arg>/dismiss"_s, mod, [&admin](const ApiRequest &r) {
        return reportReply(r, admin.closeReport(*r.principal, r.args.value(0), false, QString(), reasonOf(r)));
    });

    auto messageReply = [](const ApiRequest &r, QFuture<Result<ChatMessage>> f) {
        return reply(r, std::move(f), [](const ChatMessage &m) { return ApiReply::ok({{u"message"_s, ChatJson::message(m)}}); });
    };
    router.add(Method::Get, u"/api/admin/messages/<arg>/history"_s, mod, [&admin](const ApiRequest &r) {
        return reply(r, admin.messageHistory(r.args.value(0)), [](const MessageHistory &h) {
            QJsonArray versions;
            for (const MessageVersionView &v : h.versions)
                versions.append(QJsonObject{{u"version"_s, v.version},
                                            {u"content"_s, v.content ? QJsonValue(*v.content) : QJsonValue(QJsonValue::Null)},
                                            {u"replacedAt"_s, ChatJson::timestamp(v.replacedAt)}});
            return ApiReply::ok({{u"message"_s, ChatJson::message(h.message)}, {u"versions"_s, versions}});
        });
    });
    router.add(Method::Post, u"/api/admin/messages/<arg>/hide"_s, mod, [&admin, messageReply](const ApiRequest &r) {
        return messageReply(r, admin.removeMessage(*r.principal, r.args.value(0), false, reasonOf(r), r.context));
    });
    router.add(Method::Delete, u"/api/admin/messages/<arg>"_s, mod, [&admin, messageReply](const ApiRequest &r) {
        return messageReply(r, admin.removeMessage(*r.principal, r.args.value(0), true, reasonOf(r), r.context));
    });
    router.add(Method::Delete, u"/api/admin/conversations/<arg>/members/<arg>"_s, mod, [&admin](const ApiRequest &r) {
        return reply(r, admin.removeMember(*r.principal, r.args.value(0), r.args.value(1), reasonOf(r), r.context),
                     [](bool) { return ApiReply::empty(); });
    });

    router.add(Method::Get, u"/api/admin/audit"_s, mod, [&admin](const ApiRequest &r) {
        AuditFilter f;
        bool bad = false;
        if (const QString actor = r.query.queryItemValue(u"actor"_s); !actor.isEmpty()) {
            f.actorId = actor.toLongLong(&bad);
            bad = !bad;
        }
        if (const QString target = r.query.queryItemValue(u"target"_s); !target.isEmpty())
            f.targetId = target;
        if (const QString action = r.query.queryItemValue(u"action"_s); !action.isEmpty())
            f.action = action;
        f.from = timeParam(r, u"from"_s, bad).value_or(QDateTime());
        f.to = timeParam(r, u"to"_s, bad).value_or(QDateTime());
        if (const QString cursor = r.query.queryItemValue(u"cursor"_s); !cursor.isEmpty())
            f.before = cursor.toLongLong();
        f.limit = limitOf(r, 100);
        if (bad)
            return invalid(makeError(ErrorCode::ValidationFailed, u"actor is a user id; from/to are ISO 8601 times"_s));
        return reply(r, admin.audit(f), [](const AuditPage &p) {
            QJsonArray entries;
            for (const AuditEntry &e : p.entries)
                entries.append(AdminJson::auditEntry(e));
            return ApiReply::ok({{u"entries"_s, entries},
                                 {u"nextCursor"_s, p.nextCursor.isEmpty() ? QJsonValue() : QJsonValue(p.nextCursor)}});
        });
    });

    router.add(Method::Get, u"/api/admin/presence"_s, mod, [presence](const ApiRequest &r) {
        Q_ASSERT(r.context);
        return presence().then(r.context, [](const QJsonObject &view) -> ApiResult { return ApiReply::ok(view); });
    });
    router.add(Method::Get, u"/api/admin/metrics"_s, mod, [metrics](const ApiRequest &) {
        return ApiRouter::ready(ApiReply::ok(metrics()));
    });
}

} // namespace Banter::Server
