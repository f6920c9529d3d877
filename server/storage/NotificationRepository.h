#pragma once

#include "storage/DbSession.h"

#include <QDateTime>
#include <QHash>
#include <QSet>
#include <QJsonObject>

#include <optional>

namespace Banter::Server {

// A row of `notifications` (migration 017).
struct StoredNotification
{
    qint64 id = 0;
    qint64 userId = 0;
    QString kind; // mention, reply, reaction, message, group.added, report.resolved
    qint64 conversationId = 0;
    qint64 messageId = 0;
    qint64 actorId = 0;
    qint64 reportId = 0;
    int count = 1;
    QDateTime createdAt;
    QDateTime readAt; // null: unread
};

// One notification to make: `count` events of the same kind for one user (message and reaction coalesce).
struct NewNotification
{
    qint64 userId = 0;
    QString kind;
    qint64 conversationId = 0;
    qint64 messageId = 0;
    qint64 actorId = 0;
    qint64 reportId = 0;
    int count = 1;
};

// A conversation member as the notification fan-out sees them (notify/fanout_members).
struct FanoutMember
{
    qint64 conversationId = 0;
    qint64 userId = 0;
    QString username; // lower case, for @mentions
    qint64 visibleFrom = 0;
    QString level; // all, mentions, none
    bool muted = false;
    bool push = true;
    QString quietFrom; // empty: no quiet hours
    QString quietTo;
    QString quietTz;
};

// What a push shows: conversations' type and title, people's display names.
struct PushContext
{
    QHash<qint64, std::pair<QString, QString>> conversations; // id → (type, title)
    QHash<qint64, QString> names;                             // user id → display name
};

// notifications and push_windows (migration 017), and the reads the fan-out and push delivery make. insert() runs in the caller's transaction (the fan-out job's,
// a report resolution's).
class NotificationRepository
{
public:
    explicit NotificationRepository(DbSession &session) : m_session(session) {}

    // Inserts the notifications; `message` and `reaction` ones fold into an unread one of the same user and
    // conversation (message) or message (reaction). The rows as they are now.
    Result<QList<StoredNotification>> insert(const QList<NewNotification> &notifications);
    // Newest first, below the id `before` (0: from the top); limit + 1 rows to tell whether more follow.
    Result<QList<StoredNotification>> list(qint64 userId, bool unreadOnly, qint64 before, int limit);
    Result<qint64> unreadCount(qint64 userId);
    // False: not the user's notification.
    Result<bool> markRead(qint64 userId, qint64 id);
    // The ids marked read: all unread ones, or those up to upTo.
    Result<QList<qint64>> markAllRead(qint64 userId, std::optional<qint64> upTo);
    // Of these (user, conversation) pairs, those that may push now (their push window opened).
    Result<QList<std::pair<qint64, qint64>>> openPushWindows(const QList<std::pair<qint64, qint64>> &pairs,
                                                             qint64 windowMs);
    // Every member of these conversations, with their settings.
    Result<QList<FanoutMember>> fanoutMembers(const QList<qint64> &conversations);
    // (blocker, blocked) pairs where the blocked one is among actors.
    Result<QSet<std::pair<qint64, qint64>>> blocksOfActors(const QList<qint64> &actors);
    Result<PushContext> pushContext(const QSet<qint64> &conversations, const QSet<qint64> &users);
    // Of these users, those who want message text in pushes.
    Result<QSet<qint64>> previewsOf(const QSet<qint64> &users);
    // The retention sweep: removes up to limit notifications older than days; the number removed.
    Result<qint64> purge(int days, int limit);

private:
    DbSession &m_session;
};

} // namespace Banter::Server
