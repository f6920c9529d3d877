#include "core/AdminTypes.h"

using namespace Qt::StringLiterals;

namespace Banter::Console {

QDateTime parseTimestamp(const QJsonValue &v)
{
    if (!v.isString())
        return {};
    QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
    return t.isValid() ? t.toUTC() : t;
}

QString idString(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isDouble())
        return QString::number(v.toInteger());
    return {};
}

UserRef UserRef::fromJson(const QJsonValue &v)
{
    const QJsonObject o = v.toObject();
    return {idString(o.value(u"id"_s)), o.value(u"username"_s).toString()};
}

AdminUser AdminUser::fromJson(const QJsonValue &v)
{
    const QJsonObject o = v.toObject();
    AdminUser u;
    u.id = idString(o.value(u"id"_s));
    u.username = o.value(u"username"_s).toString();
    u.displayName = o.value(u"displayName"_s).toString();
    u.role = o.value(u"role"_s).toString();
    u.state = o.value(u"state"_s).toString();
    u.suspendedUntil = parseTimestamp(o.value(u"suspendedUntil"_s));
    u.banReason = o.value(u"banReason"_s).toString();
    u.online = o.value(u"online"_s).toBool();
    u.lastSeen = parseTimestamp(o.value(u"lastSeen"_s));
    u.createdAt = parseTimestamp(o.value(u"createdAt"_s));
    u.json = o;
    return u;
}

Connection Connection::fromJson(const QJsonValue &v)
{
    const QJsonObject o = v.toObject();
    Connection c;
    c.id = idString(o.value(u"id"_s));
    c.clientAddress = o.value(u"clientAddress"_s).toString();
    c.userAgent = o.value(u"userAgent"_s).toString();
    c.connectedSince = parseTimestamp(o.value(u"connectedSince"_s));
    c.lastActivity = parseTimestamp(o.value(u"lastActivity"_s));
    c.json = o;
    return c;
}

DeviceSession DeviceSession::fromJson(const QJsonValue &v)
{
    const QJsonObject o = v.toObject();
    DeviceSession s;
    s.id = idString(o.value(u"id"_s));
    s.userAgent = o.value(u"userAgent"_s).toString();
    s.clientAddress = o.value(u"clientAddress"_s).toString();
    s.createdAt = parseTimestamp(o.value(u"createdAt"_s));
    s.lastUsedAt = parseTimestamp(o.value(u"lastUsedAt"_s));
    s.revoked = o.value(u"revoked"_s).toBool();
    return s;
}

Report Report::fromJson(const QJsonValue &v)
{
    const QJsonObject o = v.toObject();
    Report r;
    r.id = idString(o.value(u"id"_s));
    r.state = o.value(u"state"_s).toString();
    r.reason = o.value(u"reason"_s).toString();
    r.createdAt = parseTimestamp(o.value(u"createdAt"_s));
    r.reporter = UserRef::fromJson(o.value(u"reporter"_s));
    r.reportedUser = UserRef::fromJson(o.value(u"reportedUser"_s));
    r.messageId = idString(o.value(u"messageId"_s));
    r.message = o.value(u"message"_s).toObject();
    r.context = o.value(u"context"_s).toArray();
    r.assignee = UserRef::fromJson(o.value(u"assignee"_s));
    if (o.value(u"resolution"_s).isObject()) {
        const QJsonObject res = o.value(u"resolution"_s).toObject();
        r.resolution = ReportResolution{res.value(u"action"_s).toString(), res.value(u"reason"_s).toString(),
                                        parseTimestamp(res.value(u"at"_s)), UserRef::fromJson(res.value(u"by"_s))};
    }
    if (o.value(u"group"_s).isObject())
        r.group = GroupInfo::fromJson(o.value(u"group"_s));
    r.json = o;
    return r;
}

GroupInfo GroupInfo::fromJson(const QJsonValue &v)
{
    const QJsonObject o = v.toObject();
    GroupInfo g;
    g.id = idString(o.value(u"id"_s));
    g.title = o.value(u"title"_s).toString();
    g.role = o.value(u"role"_s).toString();
    for (const QJsonValue &m : o.value(u"members"_s).toArray()) {
        const QJsonObject member = m.toObject();
        g.members.append({idString(member.value(u"id"_s)), member.value(u"username"_s).toString(),
                          member.value(u"role"_s).toString()});
    }
    return g;
}

UserDetail UserDetail::fromJson(const QJsonObject &o)
{
    UserDetail d;
    d.user = AdminUser::fromJson(o.value(u"user"_s));
    for (const QJsonValue &s : o.value(u"sessions"_s).toArray())
        d.sessions.append(DeviceSession::fromJson(s));
    for (const QJsonValue &c : o.value(u"connections"_s).toArray())
        d.connections.append(Connection::fromJson(c));
    for (const QJsonValue &r : o.value(u"reports"_s).toArray())
        d.reports.append(Report::fromJson(r));
    d.conversationCount = o.value(u"conversationCount"_s).toInt();
    for (const QJsonValue &g : o.value(u"groups"_s).toArray())
        d.groups.append(GroupInfo::fromJson(g));
    return d;
}

AuditEntry AuditEntry::fromJson(const QJsonValue &v)
{
    const QJsonObject o = v.toObject();
    AuditEntry e;
    e.id = idString(o.value(u"id"_s));
    e.at = parseTimestamp(o.value(u"at"_s));
    e.actor = UserRef::fromJson(o.value(u"actor"_s));
    e.action = o.value(u"action"_s).toString();
    e.targetType = o.value(u"targetType"_s).toString();
    e.targetId = idString(o.value(u"targetId"_s));
    e.reason = o.value(u"reason"_s).toString();
    e.details = o.value(u"details"_s).toObject();
    e.json = o;
    return e;
}

bool AuditQuery::matches(const AuditEntry &e) const
{
    if (!actor.isEmpty() && e.actor.id != actor)
        return false;
    if (!target.isEmpty() && e.targetId != target)
        return false;
    if (!action.isEmpty() && e.action != action)
        return false;
    if (from.isValid() && e.at < from)
        return false;
    if (to.isValid() && e.at > to)
        return false;
    return true;
}

MetricsSample MetricsSample::fromJson(const QJsonValue &v)
{
    const QJsonObject o = v.toObject();
    MetricsSample m;
    m.at = parseTimestamp(o.value(u"at"_s));
    m.connections = o.value(u"connections"_s).toInteger();
    m.onlineUsers = o.value(u"onlineUsers"_s).toInteger();
    m.messagesIn = o.value(u"messagesIn"_s).toDouble();
    m.deliveriesOut = o.value(u"deliveriesOut"_s).toDouble();
    m.dbBatchMs = o.value(u"dbBatchMs"_s).toDouble();
    m.jobsDepth = o.value(u"jobsDepth"_s).toInteger();
    m.jobsOldestSeconds = o.value(u"jobsOldestSeconds"_s).toDouble();
    m.jobsDead = o.value(u"jobsDead"_s).toInteger();
    m.jobsDone = o.value(u"jobsDone"_s).toDouble();
    m.jobsFailed = o.value(u"jobsFailed"_s).toDouble();
    m.json = o;
    return m;
}

PresenceSnapshot PresenceSnapshot::fromJson(const QJsonObject &o)
{
    PresenceSnapshot s;
    const QJsonObject totals = o.value(u"totals"_s).toObject();
    s.connections = totals.value(u"connections"_s).toInteger();
    s.onlineUsers = totals.value(u"onlineUsers"_s).toInteger();
    const QJsonArray users = o.value(u"users"_s).toArray();
    s.users.reserve(users.size());
    for (const QJsonValue &v : users) {
        const QJsonObject u = v.toObject();
        PresenceUser p{idString(u.value(u"userId"_s)), u.value(u"username"_s).toString(), {}};
        for (const QJsonValue &c : u.value(u"connections"_s).toArray())
            p.connections.append(Connection::fromJson(c));
        s.users.append(std::move(p));
    }
    return s;
}

} // namespace Banter::Console
