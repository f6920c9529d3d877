#include "core/AdminApi.h"

#include "core/AdminSession.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace Banter::Console {

namespace {
QString segment(const QString &id)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(id));
}

QJsonObject withReason(const QString &reason, QJsonObject body = {})
{
    body.insert(u"reason"_s, reason);
    return body;
}

template <typename T>
Page<T> pageOf(const QJsonObject &o, const QString &key)
{
    Page<T> page;
    for (const QJsonValue &v : o.value(key).toArray())
        page.items.append(T::fromJson(v));
    page.nextCursor = idString(o.value(u"nextCursor"_s)); // a string or, from some routes, a number
    return page;
}

// The moderation routes answer {"user": ...} or {"report": ...}.
AdminUser userOf(const QJsonObject &o)
{
    return AdminUser::fromJson(o.value(u"user"_s));
}

Report reportOf(const QJsonObject &o)
{
    return Report::fromJson(o.value(u"report"_s));
}

void addCursor(QUrlQuery &q, int limit, const QString &cursor)
{
    if (limit > 0)
        q.addQueryItem(u"limit"_s, QString::number(limit));
    if (!cursor.isEmpty())
        q.addQueryItem(u"cursor"_s, cursor);
}
} // namespace

AdminApi::AdminApi(AdminSession *session, QObject *parent) : QObject(parent), m_session(session) {}

template <typename T>
void AdminApi::call(const QByteArray &method, const QString &path, const QUrlQuery &query, const QJsonObject &body,
                    QObject *context, Callback<T> done, std::function<T(const QJsonObject &)> parse)
{
    m_session->send(method, path, query, body, context,
                    [done = std::move(done), parse = std::move(parse)](const HttpResult &r) {
                        if (!done)
                            return;
                        if (!r.ok())
                            done(ApiResult<T>(*r.error, r.json));
                        else
                            done(ApiResult<T>(parse(r.json), r.json));
                    });
}

void AdminApi::searchUsers(const UserQuery &query, QObject *context, Callback<Page<AdminUser>> done)
{
    QUrlQuery q;
    // "q=" even when empty: a null value would be sent as a bare "q", which says less.
    q.addQueryItem(u"q"_s, query.q.isNull() ? u""_s : query.q);
    addCursor(q, query.limit, query.cursor);
    call<Page<AdminUser>>("GET", u"/api/admin/users"_s, q, {}, context, std::move(done),
                          [](const QJsonObject &o) { return pageOf<AdminUser>(o, u"users"_s); });
}

void AdminApi::user(const QString &id, QObject *context, Callback<UserDetail> done)
{
    call<UserDetail>("GET", u"/api/admin/users/"_s + segment(id), {}, {}, context, std::move(done),
                     [](const QJsonObject &o) { return UserDetail::fromJson(o); });
}

void AdminApi::changeUser(const QByteArray &method, const QString &id, const QString &action, const QJsonObject &body,
                          QObject *context, Callback<AdminUser> done)
{
    call<AdminUser>(method, u"/api/admin/users/%1/%2"_s.arg(segment(id), action), {}, body, context, std::move(done),
                    userOf);
}

void AdminApi::changeReport(const QString &id, const QString &action, const QJsonObject &body, QObject *context,
                            Callback<Report> done)
{
    call<Report>("POST", u"/api/admin/reports/%1/%2"_s.arg(segment(id), action), {}, body, context, std::move(done),
                 reportOf);
}

void AdminApi::suspendUser(const QString &id, const QString &reason, qint64 durationSeconds, QObject *context,
                           Callback<AdminUser> done)
{
    changeUser("POST", id, u"suspend"_s, withReason(reason, {{u"durationSeconds"_s, durationSeconds}}), context,
               std::move(done));
}

void AdminApi::banUser(const QString &id, const QString &reason, QObject *context, Callback<AdminUser> done)
{
    changeUser("POST", id, u"ban"_s, withReason(reason), context, std::move(done));
}

void AdminApi::unbanUser(const QString &id, const QString &reason, QObject *context, Callback<AdminUser> done)
{
    changeUser("POST", id, u"unban"_s, withReason(reason), context, std::move(done));
}

void AdminApi::logoutUser(const QString &id, const QString &reason, QObject *context, Callback<int> done)
{
    call<int>("POST", u"/api/admin/users/%1/logout"_s.arg(segment(id)), {}, withReason(reason), context,
              std::move(done), [](const QJsonObject &o) { return o.value(u"revokedSessions"_s).toInt(); });
}

void AdminApi::setRole(const QString &id, const QString &role, const QString &reason, QObject *context,
                       Callback<AdminUser> done)
{
    changeUser("PUT", id, u"role"_s, withReason(reason, {{u"role"_s, role}}), context, std::move(done));
}

void AdminApi::reports(const ReportQuery &query, QObject *context, Callback<Page<Report>> done)
{
    QUrlQuery q;
    if (!query.state.isEmpty())
        q.addQueryItem(u"state"_s, query.state);
    addCursor(q, query.limit, query.cursor);
    call<Page<Report>>("GET", u"/api/admin/reports"_s, q, {}, context, std::move(done),
                       [](const QJsonObject &o) { return pageOf<Report>(o, u"reports"_s); });
}

void AdminApi::report(const QString &id, QObject *context, Callback<Report> done)
{
    call<Report>("GET", u"/api/admin/reports/"_s + segment(id), {}, {}, context, std::move(done), reportOf);
}

void AdminApi::assignReport(const QString &id, QObject *context, Callback<Report> done)
{
    changeReport(id, u"assign"_s, {}, context, std::move(done));
}

void AdminApi::resolveReport(const QString &id, const QString &action, const QString &reason, QObject *context,
                             Callback<Report> done)
{
    changeReport(id, u"resolve"_s, withReason(reason, {{u"action"_s, action}}), context, std::move(done));
}

void AdminApi::dismissReport(const QString &id, const QString &reason, QObject *context, Callback<Report> done)
{
    changeReport(id, u"dismiss"_s, withReason(reason), context, std::move(done));
}

void AdminApi::messageHistory(const QString &id, QObject *context, Callback<QJsonObject> done)
{
    call<QJsonObject>("GET", u"/api/admin/messages/%1/history"_s.arg(segment(id)), {}, {}, context, std::move(done),
                      [](const QJsonObject &o) { return o; });
}

void AdminApi::hideMessage(const QString &id, const QString &reason, QObject *context, Callback<QJsonObject> done)
{
    call<QJsonObject>("POST", u"/api/admin/messages/%1/hide"_s.arg(segment(id)), {}, withReason(reason), context,
                      std::move(done), [](const QJsonObject &o) { return o.value(u"message"_s).toObject(); });
}

void AdminApi::deleteMessage(const QString &id, const QString &reason, QObject *context, Callback<QJsonObject> done)
{
    call<QJsonObject>("DELETE", u"/api/admin/messages/"_s + segment(id), {}, withReason(reason), context,
                      std::move(done), [](const QJsonObject &o) { return o.value(u"message"_s).toObject(); });
}

void AdminApi::removeMedia(const QString &id, const QString &reason, QObject *context, Callback<NoContent> done)
{
    call<NoContent>("DELETE", u"/api/admin/media/"_s + segment(id), {}, withReason(reason), context, std::move(done),
                    [](const QJsonObject &) { return NoContent{}; });
}

void AdminApi::jobs(const QString &state, const QString &kind, int limit, QObject *context, Callback<QJsonArray> done)
{
    QUrlQuery query;
    query.addQueryItem(u"state"_s, state);
    if (!kind.isEmpty())
        query.addQueryItem(u"kind"_s, kind);
    query.addQueryItem(u"limit"_s, QString::number(limit));
    call<QJsonArray>("GET", u"/api/admin/jobs"_s, query, {}, context, std::move(done),
                     [](const QJsonObject &o) { return o.value(u"jobs"_s).toArray(); });
}

void AdminApi::retryJob(const QString &id, const QString &reason, QObject *context, Callback<QJsonObject> done)
{
    call<QJsonObject>("POST", u"/api/admin/jobs/%1/retry"_s.arg(segment(id)), {},
                      reason.isEmpty() ? QJsonObject() : withReason(reason), context, std::move(done),
                      [](const QJsonObject &o) { return o.value(u"job"_s).toObject(); });
}

void AdminApi::removeMember(const QString &conversationId, const QString &userId, const QString &reason,
                            QObject *context, Callback<NoContent> done)
{
    call<NoContent>("DELETE", u"/api/admin/conversations/%1/members/%2"_s.arg(segment(conversationId), segment(userId)),
                    {}, withReason(reason), context, std::move(done), [](const QJsonObject &) { return NoContent{}; });
}

void AdminApi::audit(const AuditQuery &query, QObject *context, Callback<Page<AuditEntry>> done)
{
    QUrlQuery q;
    if (!query.actor.isEmpty())
        q.addQueryItem(u"actor"_s, query.actor);
    if (!query.target.isEmpty())
        q.addQueryItem(u"target"_s, query.target);
    if (!query.action.isEmpty())
        q.addQueryItem(u"action"_s, query.action);
    // '+' of a time zone would read as a space in a query: always UTC with 'Z'.
    if (query.from.isValid())
        q.addQueryItem(u"from"_s, query.from.toUTC().toString(Qt::ISODateWithMs));
    if (query.to.isValid())
        q.addQueryItem(u"to"_s, query.to.toUTC().toString(Qt::ISODateWithMs));
    addCursor(q, query.limit, query.cursor);
    call<Page<AuditEntry>>("GET", u"/api/admin/audit"_s, q, {}, context, std::move(done),
                           [](const QJsonObject &o) { return pageOf<AuditEntry>(o, u"entries"_s); });
}

void AdminApi::presence(QObject *context, Callback<PresenceSnapshot> done)
{
    call<PresenceSnapshot>("GET", u"/api/admin/presence"_s, {}, {}, context, std::move(done),
                           [](const QJsonObject &o) { return PresenceSnapshot::fromJson(o); });
}

void AdminApi::metrics(QObject *context, Callback<MetricsSample> done)
{
    call<MetricsSample>("GET", u"/api/admin/metrics"_s, {}, {}, context, std::move(done),
                        [](const QJsonObject &o) { return MetricsSample::fromJson(o); });
}

void AdminApi::resolveUser(const QString &nameOrId, QObject *context, Callback<AdminUser> done)
{
    QPointer<AdminApi> self(this);
    searchUsers(UserQuery{nameOrId, 100, {}}, context,
                [self, nameOrId, context, done](const ApiResult<Page<AdminUser>> &r) {
        if (!r) {
            done(ApiResult<AdminUser>(r.error(), r.json()));
            return;
        }
        for (const AdminUser &u : r->items) {
            if (u.username.compare(nameOrId, Qt::CaseInsensitive) == 0) {
                done(ApiResult<AdminUser>(u, QJsonObject{{u"user"_s, u.json}}));
                return;
            }
        }
        bool numeric = false;
        nameOrId.toULongLong(&numeric);
        if (numeric && self) {
            self->user(nameOrId, context, [done](const ApiResult<UserDetail> &d) {
                if (d)
                    done(ApiResult<AdminUser>(d->user, QJsonObject{{u"user"_s, d->user.json}}));
                else
                    done(ApiResult<AdminUser>(d.error(), d.json()));
            });
            return;
        }
        done(ApiResult<AdminUser>(ApiError{404, u"not_found"_s, tr("No user is named %1.").arg(nameOrId), {}, 0}));
    });
}

} // namespace Banter::Console
