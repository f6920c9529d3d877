#pragma once

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

namespace Banter::Console {

// Plain data for what docs/admin-api.md sends, parsed leniently (a missing field stays empty/0, ids given as
// numbers become strings). Each keeps the object it came from in `json`, for detail views and --json output.
// Timestamps are UTC QDateTimes (invalid when absent or null).

struct UserRef // {id, username}; the audit actor of `banterd --create-admin` is {username:"system"}
{
    QString id;
    QString username;
    bool isNull() const { return id.isEmpty() && username.isEmpty(); }
    static UserRef fromJson(const QJsonValue &v);
};

struct AdminUser
{
    QString id;
    QString username;
    QString displayName;
    QString role;  // "user" | "moderator" | "admin"
    QString state; // "active" | "suspended" | "banned"
    QDateTime suspendedUntil;
    QString banReason;
    bool online = false;
    QDateTime lastSeen;
    QDateTime createdAt;
    QJsonObject json;
    static AdminUser fromJson(const QJsonValue &v);
};

struct Connection // one socket of a user
{
    QString id;
    QString clientAddress;
    QString userAgent;
    QDateTime connectedSince;
    QDateTime lastActivity;
    QJsonObject json;
    static Connection fromJson(const QJsonValue &v);
};

struct DeviceSession // a login of the user (GET /api/admin/users/:id)
{
    QString id;
    QString userAgent;
    QString clientAddress;
    QDateTime createdAt;
    QDateTime lastUsedAt;
    bool revoked = false;
    static DeviceSession fromJson(const QJsonValue &v);
};

struct ReportResolution
{
    QString action;
    QString reason;
    QDateTime at;
    UserRef by;
};

struct GroupMemberRef
{
    QString id;
    QString username;
    QString role; // "owner" | "admin" | "member"
};

// A group with its members and their roles (GET /api/admin/users/:id, report details).
struct GroupInfo
{
    QString id;
    QString title;
    QString role; // the user's role in it (user details); empty in reports
    QList<GroupMemberRef> members;
    static GroupInfo fromJson(const QJsonValue &v);
};

struct Report
{
    QString id;
    QString state; // "open" | "assigned" | "resolved" | "dismissed"
    QString reason;
    QDateTime createdAt;
    UserRef reporter;
    UserRef reportedUser;
    QString messageId;
    QJsonObject message;  // empty when null
    QJsonArray context;   // messages around it
    UserRef assignee;     // null when unassigned
    std::optional<ReportResolution> resolution;
    std::optional<GroupInfo> group; // the group the message was sent in
    QJsonObject json;
    bool isClosed() const { return state == QLatin1StringView("resolved") || state == QLatin1StringView("dismissed"); }
    static Report fromJson(const QJsonValue &v);
};

struct UserDetail // GET /api/admin/users/:id
{
    AdminUser user;
    QList<DeviceSession> sessions;
    QList<Connection> connections;
    QList<Report> reports;
    int conversationCount = 0;
    QList<GroupInfo> groups;
    static UserDetail fromJson(const QJsonObject &o);
};

struct AuditEntry
{
    QString id;
    QDateTime at;
    UserRef actor;
    QString action; // "user.ban", "report.resolve", ...
    QString targetType;
    QString targetId;
    QString reason;
    QJsonObject details;
    QJsonObject json;
    static AuditEntry fromJson(const QJsonValue &v);
};

struct MetricsSample // one second
{
    QDateTime at;
    qint64 connections = 0;
    qint64 onlineUsers = 0;
    double messagesIn = 0;
    double deliveriesOut = 0;
    double dbBatchMs = 0;
    // The job queue: jobs waiting or running, the oldest one's age, dead jobs (all nodes); jobs finished and
    // failed runs in that second (this node).
    qint64 jobsDepth = 0;
    double jobsOldestSeconds = 0;
    qint64 jobsDead = 0;
    double jobsDone = 0;
    double jobsFailed = 0;
    QJsonObject json;
    static MetricsSample fromJson(const QJsonValue &v);
};

struct PresenceUser
{
    QString userId;
    QString username;
    QList<Connection> connections;
};

struct PresenceSnapshot
{
    qint64 connections = 0; // totals as the server counted them
    qint64 onlineUsers = 0;
    QList<PresenceUser> users;
    static PresenceSnapshot fromJson(const QJsonObject &o);
};

// A page of a cursor-paged list; nextCursor is empty on the last page.
template <typename T>
struct Page
{
    QList<T> items;
    QString nextCursor;
};

struct UserQuery
{
    QString q;
    int limit = 50;
    QString cursor;
};

struct ReportQuery
{
    QString state; // empty: open and assigned
    int limit = 50;
    QString cursor;
};

struct AuditQuery
{
    QString actor;  // user id
    QString target; // target id
    QString action; // e.g. "user.ban"
    QDateTime from;
    QDateTime to;
    int limit = 100;
    QString cursor;
    bool matches(const AuditEntry &e) const; // the filter part (not the paging), for live entries
};

// ISO 8601 UTC with milliseconds, as the server writes it; invalid for empty/null.
QDateTime parseTimestamp(const QJsonValue &v);
// A string id, also when the JSON holds a number; empty for null/absent.
QString idString(const QJsonValue &v);

} // namespace Banter::Console

Q_DECLARE_METATYPE(Banter::Console::AdminUser)
Q_DECLARE_METATYPE(Banter::Console::Connection)
Q_DECLARE_METATYPE(Banter::Console::Report)
Q_DECLARE_METATYPE(Banter::Console::AuditEntry)
Q_DECLARE_METATYPE(Banter::Console::MetricsSample)
Q_DECLARE_METATYPE(Banter::Console::PresenceSnapshot)
