#include "core/PresenceCommand.h"

#include "core/AdminLiveFeed.h"
#include "core/CliContext.h"

using namespace Qt::StringLiterals;

namespace Banter::Console {

namespace {
QString connectionLine(const Connection &c)
{
    return PresenceCommand::tr("  %1\t%2\t%3\tsince %4")
        .arg(c.id, c.clientAddress, c.userAgent, c.connectedSince.toString(Qt::ISODateWithMs));
}

QStringList snapshotLines(const PresenceSnapshot &s)
{
    QStringList lines{PresenceCommand::tr("%1 users online, %2 connections").arg(s.onlineUsers).arg(s.connections)};
    for (const PresenceUser &u : s.users) {
        lines << PresenceCommand::tr("%1 (%2): %3 connection(s)").arg(u.username, u.userId).arg(u.connections.size());
        for (const Connection &c : u.connections)
            lines << connectionLine(c);
    }
    return lines;
}
} // namespace

int PresenceCommand::run(const QStringList &arguments)
{
    CliContext ctx;
    QCommandLineParser p;
    if (int code = ctx.parse(p, arguments, u"presence [--json] [--follow]"_s,
                             tr("Shows who is online, with their connections."), 0, 0, true);
        code >= 0)
        return code;
    if (int code = ctx.login(); code != 0)
        return code;
    if (!ctx.follow()) {
        const auto r = ctx.wait<PresenceSnapshot>(
            [](AdminApi &api, QObject *c, AdminApi::Callback<PresenceSnapshot> done) { api.presence(c, done); });
        if (!r)
            return ctx.fail(r.error());
        return ctx.done(r.json(), snapshotLines(r.value()));
    }

    AdminLiveFeed feed(&ctx.session());
    QObject::connect(&feed, &AdminLiveFeed::rawEvent, &ctx, [&ctx](const QString &name, const QJsonObject &data) {
        if (ctx.json() && name.startsWith(u"presence:"_s))
            ctx.outJson({{u"event"_s, name}, {u"data"_s, data}});
    });
    if (!ctx.json()) {
        QObject::connect(&feed, &AdminLiveFeed::snapshot, &ctx, [&ctx](const PresenceSnapshot &s) {
            for (const QString &line : snapshotLines(s))
                ctx.out(line);
        });
        QObject::connect(&feed, &AdminLiveFeed::presenceConnected, &ctx,
                         [&ctx](const QString &userId, const QString &username, const Connection &c) {
            ctx.out(tr("+ %1 (%2) connected").arg(username, userId));
            ctx.out(connectionLine(c));
        });
        QObject::connect(&feed, &AdminLiveFeed::presenceDisconnected, &ctx,
                         [&ctx](const QString &userId, const QString &connectionId) {
            ctx.out(tr("- user %1: connection %2 closed").arg(userId, connectionId));
        });
    }
    ctx.startFeed(feed);
    return ctx.runUntilInterrupted();
}

} // namespace Banter::Console
