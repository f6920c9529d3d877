#include "ui/Labels.h"

#include <QLocale>

using namespace Qt::StringLiterals;

namespace Banter::Console {

QString Labels::role(const QString &role)
{
    if (role == "user"_L1)
        return tr("User");
    if (role == "moderator"_L1)
        return tr("Moderator");
    if (role == "admin"_L1)
        return tr("Admin");
    return role;
}

QString Labels::groupRole(const QString &role)
{
    if (role == "owner"_L1)
        return tr("Owner");
    if (role == "admin"_L1)
        return tr("Group admin");
    if (role == "member"_L1)
        return tr("Member");
    return role;
}

QString Labels::groupMembers(const QList<GroupMemberRef> &members)
{
    QStringList parts;
    for (const GroupMemberRef &m : members)
        parts << tr("%1 (%2)").arg(m.username, groupRole(m.role));
    return parts.join(u", "_s);
}

QString Labels::userState(const QString &state)
{
    if (state == "active"_L1)
        return tr("Active");
    if (state == "suspended"_L1)
        return tr("Suspended");
    if (state == "banned"_L1)
        return tr("Banned");
    return state;
}

QString Labels::reportState(const QString &state)
{
    if (state == "open"_L1)
        return tr("Open");
    if (state == "assigned"_L1)
        return tr("Assigned");
    if (state == "resolved"_L1)
        return tr("Resolved");
    if (state == "dismissed"_L1)
        return tr("Dismissed");
    return state;
}

QStringList Labels::auditActions()
{
    return {u"user.suspend"_s,   u"user.ban"_s,       u"user.unban"_s,         u"user.logout"_s,
            u"user.role"_s,      u"user.create_admin"_s, u"report.assign"_s,   u"report.resolve"_s,
            u"report.dismiss"_s, u"message.hide"_s,   u"message.delete"_s,     u"conversation.remove_member"_s,
            u"media.remove"_s,   u"job.retry"_s,      u"oidc.sign_in"_s,       u"oidc.link"_s,
            u"oidc.unlink"_s};
}

QString Labels::auditAction(const QString &action)
{
    if (action == "user.suspend"_L1)
        return tr("Suspend user");
    if (action == "user.ban"_L1)
        return tr("Ban user");
    if (action == "user.unban"_L1)
        return tr("Unban user");
    if (action == "user.logout"_L1)
        return tr("Force logout");
    if (action == "user.role"_L1)
        return tr("Change role");
    if (action == "user.create_admin"_L1)
        return tr("Create admin");
    if (action == "report.assign"_L1)
        return tr("Assign report");
    if (action == "report.resolve"_L1)
        return tr("Resolve report");
    if (action == "report.dismiss"_L1)
        return tr("Dismiss report");
    if (action == "message.hide"_L1)
        return tr("Hide message");
    if (action == "message.delete"_L1)
        return tr("Delete message");
    if (action == "conversation.remove_member"_L1)
        return tr("Remove member");
    if (action == "media.remove"_L1)
        return tr("Delete media");
    if (action == "job.retry"_L1)
        return tr("Retry job");
    if (action == "oidc.sign_in"_L1)
        return tr("Sign in with a provider");
    if (action == "oidc.link"_L1)
        return tr("Link a provider");
    if (action == "oidc.unlink"_L1)
        return tr("Unlink a provider");
    return action;
}

QString Labels::auditTarget(const QString &typeAndId)
{
    const qsizetype space = typeAndId.indexOf(u' ');
    const QString type = space < 0 ? typeAndId : typeAndId.left(space);
    const QString rest = space < 0 ? QString() : typeAndId.mid(space);
    if (type == "user"_L1)
        return tr("User") + rest;
    if (type == "report"_L1)
        return tr("Report") + rest;
    if (type == "message"_L1)
        return tr("Message") + rest;
    if (type == "conversation"_L1)
        return tr("Conversation") + rest;
    return typeAndId;
}

QString Labels::time(const QDateTime &at)
{
    if (!at.isValid())
        return u"-"_s;
    return QLocale().toString(at.toLocalTime(), QLocale::ShortFormat);
}

QString Labels::duration(qint64 seconds)
{
    if (seconds % 86400 == 0)
        return count(seconds / 86400, tr("1 day"), tr("%1 days"));
    if (seconds % 3600 == 0)
        return count(seconds / 3600, tr("1 hour"), tr("%1 hours"));
    return count(seconds / 60, tr("1 minute"), tr("%1 minutes"));
}

QString Labels::count(qint64 n, const QString &one, const QString &many)
{
    return n == 1 ? one : many.arg(QLocale().toString(n));
}

QString Labels::orNone(const QString &text)
{
    return text.isEmpty() ? tr("(none)") : text;
}

} // namespace Banter::Console
