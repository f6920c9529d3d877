#pragma once

#include "service/NotificationEvents.h"
#include "service/Principal.h"
#include "storage/DbExecutor.h"
#include "storage/NotificationRepository.h"

#include <QFuture>
#include <QJsonObject>
#include <QObject>
#include <QTimer>

#include <chrono>

namespace Banter::Server {

struct NotificationPage
{
    QList<StoredNotification> notifications;
    qint64 unreadCount = 0;
    QString nextCursor; // empty: no more
};

struct NotificationReadResult
{
    qint64 marked = 0;
    qint64 unreadCount = 0;
};

// The in-app notification list (issue #12): GET /api/notifications, PUT /api/notifications/:id/read, POST
// /api/notifications/read {upTo?}; reads are announced to the user's devices (notification:read). Every
// sweepInterval it removes notifications older than retentionDays (--notification-retention-days), in batches of
// PurgeBatch, one transaction each, until none is left (a busy server makes far more than one batch an hour). The notifications themselves are made by NotificationFanout (and report resolution).
class NotificationService : public QObject
{
    Q_OBJECT
public:
    static constexpr int DefaultLimit = 50;
    static constexpr int MaxLimit = 200;
    static constexpr int PurgeBatch = 10000;

    NotificationService(DbExecutor &db, NotificationEvents &events, int retentionDays,
                        std::chrono::milliseconds sweepInterval, QObject *parent = nullptr);

    // query: unread=true|false, limit=1..200, cursor (from nextCursor).
    QFuture<Result<NotificationPage>> list(const Principal &caller, const QString &unread, const QString &limit,
                                           const QString &cursor);
    QFuture<Result<bool>> markRead(const Principal &caller, const QString &id);
    // body: {} (all) or {upTo: id}.
    QFuture<Result<NotificationReadResult>> markAllRead(const Principal &caller, const QJsonObject &body);
    // One sweep now (the timer calls it); a sweep under way makes this a no-op. swept() when it has finished.
    void sweep();

signals:
    // A sweep finished: how many notifications it removed (0 included); failed when a batch failed.
    void swept(qint64 removed, bool failed);

private:
    void purgeBatch();

    DbExecutor &m_db;
    NotificationEvents &m_events;
    int m_retentionDays;
    QTimer m_timer;
    bool m_sweeping = false;
    qint64 m_removed = 0;
};

} // namespace Banter::Server
