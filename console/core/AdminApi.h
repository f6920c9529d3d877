#pragma once

#include "core/AdminTypes.h"
#include "core/ApiError.h"

#include <QObject>
#include <QUrlQuery>

#include <functional>

namespace Banter::Console {

class AdminSession;

// Typed async calls for every route of docs/admin-api.md, through an AdminSession (tokens, refresh, retry).
//
//   api.banUser(id, reason, this, [](const ApiResult<AdminUser> &r) {
//       if (!r) showError(r.error().describe()); else model->updateUser(r.value());
//   });
//
// Every callback is called exactly once (unless `context` died first), on the caller's thread. r.json() is the
// reply body exactly as the server sent it. Reasons are sent as given; the server checks 1-500 characters.
class AdminApi : public QObject
{
    Q_OBJECT
public:
    template <typename T>
    using Callback = std::function<void(const ApiResult<T> &)>;

    explicit AdminApi(AdminSession *session, QObject *parent = nullptr);
    AdminSession *session() const { return m_session; }

    // Users
    void searchUsers(const UserQuery &query, QObject *context, Callback<Page<AdminUser>> done);     // GET /api/admin/users
    void user(const QString &id, QObject *context, Callback<UserDetail> done);                       // GET /api/admin/users/:id
    void suspendUser(const QString &id, const QString &reason, qint64 durationSeconds, QObject *context,
                     Callback<AdminUser> done);
    void banUser(const QString &id, const QString &reason, QObject *context, Callback<AdminUser> done);
    void unbanUser(const QString &id, const QString &reason, QObject *context, Callback<AdminUser> done);
    void logoutUser(const QString &id, const QString &reason, QObject *context, Callback<int> done); // revokedSessions
    void setRole(const QString &id, const QString &role, const QString &reason, QObject *context,
                 Callback<AdminUser> done);

    // Reports
    void reports(const ReportQuery &query, QObject *context, Callback<Page<Report>> done);
    void report(const QString &id, QObject *context, Callback<Report> done);
    void assignReport(const QString &id, QObject *context, Callback<Report> done);
    void resolveReport(const QString &id, const QString &action, const QString &reason, QObject *context,
                       Callback<Report> done);
    void dismissReport(const QString &id, const QString &reason, QObject *context, Callback<Report> done);

    // Messages and conversations (a message stays a JSON object: the chat API's shape plus removed fields)
    // {message, versions:[{version, content, replacedAt}]}: an edited message's earlier versions, oldest first.
    void messageHistory(const QString &id, QObject *context, Callback<QJsonObject> done); // GET /api/admin/messages/:id/history
    void hideMessage(const QString &id, const QString &reason, QObject *context, Callback<QJsonObject> done);
    void deleteMessage(const QString &id, const QString &reason, QObject *context, Callback<QJsonObject> done);
    // DELETE /api/admin/media/:id (audited as media.remove)
    void removeMedia(const QString &id, const QString &reason, QObject *context, Callback<NoContent> done);
    void removeMember(const QString &conversationId, const QString &userId, const QString &reason, QObject *context,
                      Callback<NoContent> done);

    // Audit and live state
    void audit(const AuditQuery &query, QObject *context, Callback<Page<AuditEntry>> done);
    void presence(QObject *context, Callback<PresenceSnapshot> done);
    void metrics(QObject *context, Callback<MetricsSample> done);

    // The job queue (admins only). GET /api/admin/jobs: the jobs (JSON objects, docs/admin-api.md) in one state
    // (dead, pending, running), optionally of one kind.
    void jobs(const QString &state, const QString &kind, int limit, QObject *context, Callback<QJsonArray> done);
    // POST /api/admin/jobs/:id/retry (audited as job.retry): the job, pending again. reason may be empty.
    void retryJob(const QString &id, const QString &reason, QObject *context, Callback<QJsonObject> done);

    // Resolves a username (exact, case-insensitive, via the user search) or, failing that, an all-digit id to
    // a user. Error not_found when neither matches.
    void resolveUser(const QString &nameOrId, QObject *context, Callback<AdminUser> done);

private:
    template <typename T>
    void call(const QByteArray &method, const QString &path, const QUrlQuery &query, const QJsonObject &body,
              QObject *context, Callback<T> done, std::function<T(const QJsonObject &)> parse);
    // The moderation routes /api/admin/users/:id/<action> and /api/admin/reports/:id/<action> all answer with
    // the changed user or report, which callers put back into their models.
    void changeUser(const QByteArray &method, const QString &id, const QString &action, const QJsonObject &body,
                    QObject *context, Callback<AdminUser> done);
    void changeReport(const QString &id, const QString &action, const QJsonObject &body, QObject *context,
                      Callback<Report> done);

    AdminSession *m_session;
};

} // namespace Banter::Console
