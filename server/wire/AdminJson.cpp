#include "wire/AdminJson.h"

#include "wire/ChatJson.h"
#include "wire/GroupJson.h"

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

QJsonValue timeOrNull(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(ChatJson::timestamp(t)) : QJsonValue();
}

QJsonValue person(qint64 id, const QString &name)
{
    return id ? QJsonValue(QJsonObject{{u"id"_s, QString::number(id)}, {u"username"_s, name}}) : QJsonValue();
}

} // namespace

QJsonObject AdminJson::account(const AccountView &v)
{
    const AccountRecord &a = v.account;
    return {{u"id"_s, QString::number(a.id)},
            {u"username"_s, a.username},
            {u"displayName"_s, a.displayName},
            {u"role"_s, roleName(a.role)},
            {u"state"_s, accountStateName(a.state)},
            {u"suspendedUntil"_s, a.state == AccountState::Suspended ? timeOrNull(a.suspendedUntil) : QJsonValue()},
            {u"banReason"_s, a.banReason.isEmpty() ? QJsonValue() : QJsonValue(a.banReason)},
            {u"online"_s, v.online},
            {u"lastSeen"_s, timeOrNull(a.lastSeen)},
            {u"createdAt"_s, timeOrNull(a.createdAt)}};
}

QJsonObject AdminJson::connection(const ConnectionView &c)
{
    QJsonObject o{{u"id"_s, connectionId(c.node, c.id)},
                  {u"clientAddress"_s, c.clientAddress},
                  {u"userAgent"_s, c.userAgent},
                  {u"connectedSince"_s, timeOrNull(c.connectedSince)},
                  {u"lastActivity"_s, timeOrNull(c.lastActivity)}};
    if (!c.node.isEmpty())
        o.insert(u"node"_s, c.node);
    return o;
}

QString AdminJson::connectionId(const QString &node, quint64 id)
{
    return node.isEmpty() ? QString::number(id) : node + u':' + QString::number(id);
}

QJsonObject AdminJson::details(const AccountDetails &d)
{
    QJsonArray sessions;
    for (const DeviceSession &s : d.sessions)
        sessions.append(QJsonObject{{u"id"_s, s.id},
                                    {u"userAgent"_s, s.userAgent},
                                    {u"clientAddress"_s, s.clientAddress},
                                    {u"createdAt"_s, timeOrNull(s.createdAt)},
                                    {u"lastUsedAt"_s, timeOrNull(s.lastUsedAt)},
                                    {u"revoked"_s, s.revoked}});
    QJsonArray connections;
    for (const ConnectionView &c : d.connections)
        connections.append(connection(c));
    QJsonArray reports;
    for (const ReportView &r : d.reports)
        reports.append(report(r));
    QJsonArray groups;
    for (const GroupRecord &g : d.groups)
        groups.append(GroupJson::group(g, true));
    return {{u"user"_s, account(d.account)},
            {u"sessions"_s, sessions},
            {u"connections"_s, connections},
            {u"reports"_s, reports},
            {u"conversationCount"_s, d.conversationCount},
            {u"groups"_s, groups}};
}

QJsonObject AdminJson::report(const ReportView &v)
{
    const ReportDetails &r = v.report;
    QJsonValue resolution;
    if (r.resolvedAt.isValid())
        resolution = QJsonObject{{u"action"_s, r.resolutionAction.isEmpty() ? QJsonValue() : QJsonValue(r.resolutionAction)},
                                 {u"reason"_s, r.resolutionReason},
                                 {u"at"_s, timeOrNull(r.resolvedAt)},
                                 {u"by"_s, person(r.resolvedById, r.resolvedByName)}};
    return {{u"id"_s, QString::number(r.id)},
            {u"state"_s, r.state},
            {u"reason"_s, r.reason},
            {u"createdAt"_s, timeOrNull(r.createdAt)},
            {u"reporter"_s, person(r.reporterId, r.reporterName)},
            {u"reportedUser"_s, person(r.reportedUserId, r.reportedUserName)},
            {u"messageId"_s, r.messageId ? QJsonValue(QString::number(*r.messageId)) : QJsonValue()},
            {u"message"_s, v.message ? QJsonValue(ChatJson::message(*v.message)) : QJsonValue()},
            {u"context"_s, ChatJson::messages(v.context)},
            {u"assignee"_s, person(r.assigneeId, r.assigneeName)},
            {u"resolution"_s, resolution},
            {u"group"_s, v.group ? QJsonValue(GroupJson::group(*v.group, true)) : QJsonValue()}};
}

QJsonObject AdminJson::auditEntry(const AuditEntry &e)
{
    return {{u"id"_s, QString::number(e.id)},
            {u"at"_s, ChatJson::timestamp(e.at)},
            {u"actor"_s, QJsonObject{{u"id"_s, e.actorId ? QJsonValue(QString::number(e.actorId)) : QJsonValue()},
                                     {u"username"_s, e.actorName.isEmpty() ? u"system"_s : e.actorName}}},
            {u"action"_s, e.action},
            {u"targetType"_s, e.targetType},
            {u"targetId"_s, e.targetId},
            {u"reason"_s, e.reason},
            {u"details"_s, e.details}};
}

} // namespace Banter::Server
