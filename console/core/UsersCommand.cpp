#include "core/UsersCommand.h"

#include "core/CliContext.h"

#include <QCoreApplication>
#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace Banter::Console {

namespace {
QString iso(const QDateTime &t)
{
    return t.isValid() ? t.toString(Qt::ISODateWithMs) : UsersCommand::tr("-");
}

QString summary(const AdminUser &u)
{
    QString state = u.state;
    if (u.state == u"suspended"_s)
        state = UsersCommand::tr("suspended until %1").arg(iso(u.suspendedUntil));
    else if (u.state == u"banned"_s && !u.banReason.isEmpty())
        state = UsersCommand::tr("banned (%1)").arg(u.banReason);
    return UsersCommand::tr("%1\t%2\t%3\t%4\t%5\t%6")
        .arg(u.id, u.username, u.displayName, u.role, state, u.online ? UsersCommand::tr("online") : UsersCommand::tr("offline"));
}

int printUser(CliContext &ctx, const ApiResult<AdminUser> &r, const QString &what)
{
    if (!r)
        return ctx.fail(r.error());
    return ctx.done(r.json(), {what.arg(r->username), summary(r.value())});
}

int search(const QStringList &args)
{
    CliContext ctx;
    QCommandLineParser p;
    p.addOption({u"limit"_s, UsersCommand::tr("How many users (1-100, default 50)."), u"n"_s, u"50"_s});
    p.addOption({u"cursor"_s, UsersCommand::tr("Continue after a previous page (its nextCursor)."), u"cursor"_s});
    if (int code = ctx.parse(p, args, u"users search QUERY"_s, UsersCommand::tr("Finds users by username or display name prefix."), 0, 1); code >= 0)
        return code;
    if (int code = ctx.login(); code != 0)
        return code;
    const UserQuery q{ctx.positional().value(0), p.value(u"limit"_s).toInt(), p.value(u"cursor"_s)};
    const auto r = ctx.wait<Page<AdminUser>>(
        [&](AdminApi &api, QObject *c, AdminApi::Callback<Page<AdminUser>> done) { api.searchUsers(q, c, done); });
    if (!r)
        return ctx.fail(r.error());
    QStringList lines;
    for (const AdminUser &u : r->items)
        lines << summary(u);
    if (r->items.isEmpty())
        lines << UsersCommand::tr("No users found.");
    if (!r->nextCursor.isEmpty())
        lines << UsersCommand::tr("More: --cursor %1").arg(r->nextCursor);
    return ctx.done(r.json(), lines);
}

int show(const QStringList &args)
{
    CliContext ctx;
    QCommandLineParser p;
    if (int code = ctx.parse(p, args, u"users show NAME|ID"_s, UsersCommand::tr("Shows a user with sessions, connections and reports."), 1, 1); code >= 0)
        return code;
    if (int code = ctx.login(); code != 0)
        return code;
    AdminUser user;
    if (int code = ctx.findUser(ctx.positional().at(0), user); code != CliContext::Ok)
        return code;
    const auto r = ctx.wait<UserDetail>(
        [&](AdminApi &api, QObject *c, AdminApi::Callback<UserDetail> done) { api.user(user.id, c, done); });
    if (!r)
        return ctx.fail(r.error());
    const UserDetail &d = r.value();
    QStringList lines{summary(d.user),
                      UsersCommand::tr("Created %1, last seen %2, %3 conversations").arg(iso(d.user.createdAt), iso(d.user.lastSeen)).arg(d.conversationCount)};
    lines << UsersCommand::tr("Sessions: %1").arg(d.sessions.size());
    for (const DeviceSession &s : d.sessions)
        lines << UsersCommand::tr("  %1\t%2\t%3\tlast used %4%5").arg(s.id, s.clientAddress, s.userAgent, iso(s.lastUsedAt),
                                                         s.revoked ? UsersCommand::tr("\trevoked") : QString());
    lines << UsersCommand::tr("Connections: %1").arg(d.connections.size());
    for (const Connection &c : d.connections)
        lines << UsersCommand::tr("  %1\t%2\t%3\tsince %4").arg(c.id, c.clientAddress, c.userAgent, iso(c.connectedSince));
    lines << UsersCommand::tr("Reports: %1").arg(d.reports.size());
    for (const Report &rep : d.reports)
        lines << UsersCommand::tr("  #%1\t%2\tby %3: %4").arg(rep.id, rep.state, rep.reporter.username, rep.reason);
    lines << UsersCommand::tr("Groups: %1").arg(d.groups.size());
    for (const GroupInfo &g : d.groups) {
        QStringList members;
        for (const GroupMemberRef &m : g.members)
            members << u"%1 (%2)"_s.arg(m.username, m.role);
        lines << UsersCommand::tr("  %1\t%2\t%3\tmembers: %4").arg(g.id, g.title, g.role, members.join(u", "_s));
    }
    return ctx.done(r.json(), lines);
}

// suspend, ban, unban, logout, role: resolve NAME, then one call.
int moderate(const QString &action, const QStringList &args)
{
    CliContext ctx;
    QCommandLineParser p;
    p.addOption({u"reason"_s, UsersCommand::tr("Why (1-500 characters; written to the audit log)."), u"text"_s});
    QString synopsis = u"users %1 NAME --reason R"_s.arg(action);
    QString description;
    int positional = 1;
    if (action == u"suspend"_s) {
        p.addOption({u"for"_s, UsersCommand::tr("How long: 90s, 15m, 12h, 7d, 2w (60 s to 365 d)."), u"duration"_s});
        synopsis = u"users suspend NAME --for 7d --reason R"_s;
        description = UsersCommand::tr("Suspends a user for a while: sessions revoked, sockets closed at once.");
    } else if (action == u"ban"_s) {
        description = UsersCommand::tr("Bans a user: sessions revoked, sockets closed at once.");
    } else if (action == u"unban"_s) {
        description = UsersCommand::tr("Lifts a ban or a suspension.");
    } else if (action == u"logout"_s) {
        description = UsersCommand::tr("Revokes every session of a user and closes their sockets.");
    } else {
        synopsis = u"users role NAME user|moderator|admin --reason R"_s;
        description = UsersCommand::tr("Changes a user's role (admins only).");
        positional = 2;
    }
    if (int code = ctx.parse(p, args, synopsis, description, positional, positional); code >= 0)
        return code;
    const QString reason = p.value(u"reason"_s);
    if (reason.isEmpty())
        return ctx.usage(UsersCommand::tr("--reason is required."));
    qint64 seconds = 0;
    if (action == u"suspend"_s) {
        const auto duration = CliContext::parseDuration(p.value(u"for"_s));
        if (!duration)
            return ctx.usage(UsersCommand::tr("--for takes a duration such as 90m, 12h or 7d."));
        seconds = *duration;
    }
    const QString role = ctx.positional().value(1);
    if (action == u"role"_s && role != u"user"_s && role != u"moderator"_s && role != u"admin"_s)
        return ctx.usage(UsersCommand::tr("The role is one of user, moderator, admin."));
    if (int code = ctx.login(); code != 0)
        return code;
    AdminUser user;
    if (int code = ctx.findUser(ctx.positional().at(0), user); code != CliContext::Ok)
        return code;
    const QString &id = user.id;

    if (action == u"logout"_s) {
        const auto r = ctx.wait<int>([&](AdminApi &api, QObject *c, AdminApi::Callback<int> done) {
            api.logoutUser(id, reason, c, done);
        });
        if (!r)
            return ctx.fail(r.error());
        return ctx.done(r.json(), {UsersCommand::tr("%1: %n session(s) revoked.", nullptr, r.value()).arg(user.username)});
    }
    const auto r = ctx.wait<AdminUser>([&](AdminApi &api, QObject *c, AdminApi::Callback<AdminUser> done) {
        if (action == u"suspend"_s)
            api.suspendUser(id, reason, seconds, c, done);
        else if (action == u"ban"_s)
            api.banUser(id, reason, c, done);
        else if (action == u"unban"_s)
            api.unbanUser(id, reason, c, done);
        else
            api.setRole(id, role, reason, c, done);
    });
    const QString what = action == u"suspend"_s ? UsersCommand::tr("%1 is suspended.")
                         : action == u"ban"_s   ? UsersCommand::tr("%1 is banned.")
                         : action == u"unban"_s ? UsersCommand::tr("%1 is active again.")
                                                : UsersCommand::tr("%1 has a new role.");
    return printUser(ctx, r, what);
}

QString actionsUsage()
{
    return UsersCommand::tr("Usage: banter-console users ACTION ... (--help after an action for its options)\n"
                            "Actions: search QUERY, show NAME|ID, suspend NAME --for 7d --reason R, ban NAME --reason R,\n"
                            "         unban NAME --reason R, logout NAME --reason R, role NAME ROLE --reason R");
}
} // namespace

int UsersCommand::run(const QStringList &arguments)
{
    const QString action = arguments.value(1);
    const QStringList rest = CliContext::withoutSubcommand(arguments);
    if (action == u"search"_s)
        return search(rest);
    if (action == u"show"_s)
        return show(rest);
    if (action == u"suspend"_s || action == u"ban"_s || action == u"unban"_s || action == u"logout"_s || action == u"role"_s)
        return moderate(action, rest);
    return CliContext::rejectAction(action, actionsUsage(), UsersCommand::tr("Unknown action: %1").arg(action));
}

} // namespace Banter::Console
