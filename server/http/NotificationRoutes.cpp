#include "http/NotificationRoutes.h"

#include "http/RouteReply.h"
#include "wire/NotificationJson.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;
using Method = QHttpServerRequest::Method;

namespace Banter::Server {
namespace {

QJsonObject subscriptionJson(const PushSubscription &s)
{
    return {{u"id"_s, QString::number(s.id)},
            {u"endpoint"_s, s.endpoint},
            {u"createdAt"_s, s.createdAt.toUTC().toString(Qt::ISODateWithMs)},
            {u"current"_s, s.current}};
}

QJsonObject settingsJson(const NotificationSettings &s)
{
    QJsonObject conversations;
    for (auto it = s.conversations.cbegin(); it != s.conversations.cend(); ++it) {
        QJsonObject c{{u"level"_s, it->level}};
        if (it->mutedForever)
            c.insert(u"muted"_s, true);
        else if (it->mutedUntil)
            c.insert(u"muted"_s, it->mutedUntil->toUTC().toString(Qt::ISODateWithMs));
        else
            c.insert(u"muted"_s, false);
        conversations.insert(QString::number(it.key()), c);
    }
    QJsonValue quiet;
    if (s.quietHours)
        quiet = QJsonObject{{u"from"_s, s.quietHours->from}, {u"to"_s, s.quietHours->to}, {u"tz"_s, s.quietHours->tz}};
    return {{u"push"_s, s.push}, {u"previews"_s, s.previews}, {u"quietHours"_s, quiet}, {u"conversations"_s, conversations}};
}

ApiReply settingsReply(const NotificationSettings &s)
{
    return ApiReply::ok({{u"settings"_s, settingsJson(s)}});
}

} // namespace

void NotificationRoutes::registerOn(ApiRouter &router, NotificationService &notifications,
                                    NotificationSettingsService &settings, PushSubscriptionService &push)
{
    router.add(Method::Get, u"/api/notifications"_s, Access::User, [&notifications](const ApiRequest &r) {
        return reply(r,
                     notifications.list(*r.principal, r.query.queryItemValue(u"unread"_s), r.query.queryItemValue(u"limit"_s),
                                        r.query.queryItemValue(u"cursor"_s, QUrl::FullyDecoded)),
                     [](const NotificationPage &page) {
                         QJsonArray list;
                         for (const StoredNotification &n : page.notifications)
                             list.append(NotificationJson::notification(n));
                         return ApiReply::ok({{u"notifications"_s, list},
                                              {u"unreadCount"_s, page.unreadCount},
                                              {u"nextCursor"_s, page.nextCursor.isEmpty() ? QJsonValue() : QJsonValue(page.nextCursor)}});
                     });
    });
    router.add(Method::Put, u"/api/notifications/<arg>/read"_s, Access::User, [&notifications](const ApiRequest &r) {
        return reply(r, notifications.markRead(*r.principal, r.args.value(0)), [](bool) { return ApiReply::empty(); });
    });
    router.add(Method::Post, u"/api/notifications/read"_s, Access::User, [&notifications](const ApiRequest &r) {
        return reply(r, notifications.markAllRead(*r.principal, r.body), [](const NotificationReadResult &done) {
            return ApiReply::ok({{u"marked"_s, done.marked}, {u"unreadCount"_s, done.unreadCount}});
        });
    });
    router.add(Method::Get, u"/api/notifications/settings"_s, Access::User, [&settings](const ApiRequest &r) {
        return reply(r, settings.get(*r.principal), settingsReply);
    });
    router.add(Method::Post, u"/api/notifications/settings"_s, Access::User, [&settings](const ApiRequest &r) {
        return reply(r, settings.update(*r.principal, r.body), settingsReply);
    });
    // Public: a page asks for it before the user signs in to the push service (PushManager.subscribe).
    router.add(Method::Get, u"/api/notifications/vapid-public-key"_s, Access::Public, [&push](const ApiRequest &) {
        return ApiRouter::ready(ApiReply::ok({{u"publicKey"_s, push.vapidPublicKey()}}));
    });
    router.add(Method::Post, u"/api/notifications/push-subscriptions"_s, Access::User, [&push](const ApiRequest &r) {
        return reply(r, push.subscribe(*r.principal, r.body), [](const PushSubscription &s) {
            const QJsonObject body{{u"subscription"_s, subscriptionJson(s)}};
            return s.created ? ApiReply::created(body) : ApiReply::ok(body);
        });
    });
    router.add(Method::Get, u"/api/notifications/push-subscriptions"_s, Access::User, [&push](const ApiRequest &r) {
        return reply(r, push.list(*r.principal), [](const QList<PushSubscription> &list) {
            QJsonArray array;
            for (const PushSubscription &s : list)
                array.append(subscriptionJson(s));
            return ApiReply::ok({{u"subscriptions"_s, array}});
        });
    });
    router.add(Method::Delete, u"/api/notifications/push-subscriptions/<arg>"_s, Access::User,
               [&push](const ApiRequest &r) {
                   return reply(r, push.remove(*r.principal, r.args.value(0)), [](bool) { return ApiReply::empty(); });
               });
}

} // namespace Banter::Server
