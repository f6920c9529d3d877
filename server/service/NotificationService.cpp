#include "service/NotificationService.h"

#include "service/ServiceFutures.h"
#include "service/ServiceLog.h"

#include <banter/ErrorCode.h>

#include <QJsonArray>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {


Error invalid(const QString &message)
{
    return makeError(ErrorCode::ValidationFailed, message);
}

} // namespace

NotificationService::NotificationService(DbExecutor &db, NotificationEvents &events, int retentionDays,
                                         std::chrono::milliseconds sweepInterval, QObject *parent)
    : QObject(parent), m_db(db), m_events(events), m_retentionDays(retentionDays)
{
    m_timer.setInterval(sweepInterval);
    connect(&m_timer, &QTimer::timeout, this, &NotificationService::sweep);
    m_timer.start();
}

QFuture<Result<NotificationPage>> NotificationService::list(const Principal &caller, const QString &unread,
                                                            const QString &limitText, const QString &cursor)
{
    bool unreadOnly = false;
    if (unread == u"true"_s || unread == u"1"_s)
        unreadOnly = true;
    else if (!unread.isEmpty() && unread != u"false"_s && unread != u"0"_s)
        return fail<NotificationPage>(invalid(u"unread: true or false"_s));
    int limit = DefaultLimit;
    if (!limitText.isEmpty()) {
        bool ok = false;
        limit = limitText.toInt(&ok);
        if (!ok || limit < 1 || limit > MaxLimit)
            return fail<NotificationPage>(invalid(u"limit: 1 to %1"_s.arg(MaxLimit)));
    }
    qint64 before = 0;
    if (!cursor.isEmpty()) {
        const auto id = parseId(cursor);
        if (!id)
            return fail<NotificationPage>(invalid(u"cursor: a nextCursor this API gave"_s));
        before = *id;
    }
    const qint64 me = caller.userId.toLongLong();
    return m_db.run([me, unreadOnly, limit, before](DbSession &db) -> Result<NotificationPage> {
        NotificationRepository repo(db);
        auto rows = repo.list(me, unreadOnly, before, limit);
        if (!rows)
            return rows.error();
        auto unreadCount = repo.unreadCount(me);
        if (!unreadCount)
            return unreadCount.error();
        NotificationPage page;
        page.notifications = std::move(rows.value());
        page.unreadCount = unreadCount.value();
        if (page.notifications.size() > limit) {
            page.notifications.resize(limit);
            page.nextCursor = QString::number(page.notifications.last().id);
        }
        return page;
    });
}

QFuture<Result<bool>> NotificationService::markRead(const Principal &caller, const QString &id)
{
    const auto target = parseId(id);
    if (!target)
        return fail<bool>(makeError(ErrorCode::NotFound, u"no such notification"_s));
    const qint64 me = caller.userId.toLongLong();
    return m_db.run([this, me, target](DbSession &db) -> Result<bool> {
        auto marked = NotificationRepository(db).markRead(me, *target);
        if (!marked)
            return marked.error();
        if (!marked.value())
            return makeError(ErrorCode::NotFound, u"no such notification"_s);
        m_events.notificationsRead(me, {{u"ids"_s, QJsonArray{QString::number(*target)}}});
        return true;
    });
}

QFuture<Result<NotificationReadResult>> NotificationService::markAllRead(const Principal &caller, const QJsonObject &body)
{
    for (auto it = body.constBegin(); it != body.constEnd(); ++it)
        if (it.key() != u"upTo"_s)
            return fail<NotificationReadResult>(invalid(u"unknown field: "_s + it.key()));
    std::optional<qint64> upTo;
    if (body.contains(u"upTo"_s) && !body.value(u"upTo"_s).isNull()) {
        const QJsonValue v = body.value(u"upTo"_s);
        upTo = v.isString() ? parseId(v.toString()) : (v.isDouble() && v.toInteger() > 0 ? std::optional<qint64>(v.toInteger()) : std::nullopt);
        if (!upTo)
            return fail<NotificationReadResult>(invalid(u"upTo: a notification id"_s));
    }
    const qint64 me = caller.userId.toLongLong();
    return m_db.run([this, me, upTo](DbSession &db) -> Result<NotificationReadResult> {
        NotificationRepository repo(db);
        auto marked = repo.markAllRead(me, upTo);
        if (!marked)
            return marked.error();
        auto unreadCount = repo.unreadCount(me);
        if (!unreadCount)
            return unreadCount.error();
        // Without upTo, the highest id marked: a device's list is read up to there, like the caller's.
        if (!marked.value().isEmpty())
            m_events.notificationsRead(me, {{u"upTo"_s, QString::number(upTo ? *upTo : *std::max_element(marked.value().cbegin(), marked.value().cend()))}});
        return NotificationReadResult{marked.value().size(), unreadCount.value()};
    });
}

void NotificationService::sweep()
{
    if (m_sweeping)
        return;
    m_sweeping = true;
    m_removed = 0;
    purgeBatch();
}

void NotificationService::purgeBatch()
{
    m_db.run([days = m_retentionDays](DbSession &db) -> Result<qint64> { return NotificationRepository(db).purge(days, PurgeBatch); })
        .then(this, [this](const Result<qint64> &r) {
            if (r)
                m_removed += r.value();
            if (r && r.value() >= PurgeBatch) {
                // More may be left: the next batch soon, leaving the database to other work in between.
                QTimer::singleShot(std::chrono::milliseconds(50), this, &NotificationService::purgeBatch);
                return;
            }
            m_sweeping = false;
            if (!r)
                qCWarning(lcService) << "notification retention sweep:" << r.error().message;
            if (m_removed > 0)
                qCInfo(lcService) << "notification retention sweep: removed" << m_removed << "notifications older than"
                                  << m_retentionDays << "days";
            emit swept(m_removed, !r);
        });
}

} // namespace Banter::Server
