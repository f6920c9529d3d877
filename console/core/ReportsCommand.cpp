#include "core/ReportsCommand.h"

#include "core/CliContext.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace Banter::Console {

namespace {
QString summary(const Report &r)
{
    QString line = ReportsCommand::tr("#%1\t%2\t%3 reported by %4: %5")
                       .arg(r.id, r.state, r.reportedUser.username, r.reporter.username, r.reason);
    if (!r.assignee.isNull())
        line += ReportsCommand::tr("\tassigned to %1").arg(r.assignee.username);
    if (r.resolution)
        line += ReportsCommand::tr("\t%1 by %2: %3").arg(r.resolution->action, r.resolution->by.username, r.resolution->reason);
    return line;
}

QString messageLine(const QJsonObject &m, const QString &reportedId)
{
    const QString id = idString(m.value(u"id"_s));
    const QString content = m.value(u"content"_s).isString() ? m.value(u"content"_s).toString()
                                                             : ReportsCommand::tr("(removed)");
    return ReportsCommand::tr("%1 [%2] seq %3 from %4: %5")
        .arg(id == reportedId ? u"  >"_s : u"   "_s, id)
        .arg(m.value(u"seq"_s).toInteger())
        .arg(idString(m.value(u"senderId"_s)), content);
}

int list(const QStringList &args)
{
    CliContext ctx;
    QCommandLineParser p;
    p.addOption({u"state"_s, ReportsCommand::tr("open, assigned, resolved or dismissed (default: open and assigned)."), u"state"_s});
    p.addOption({u"limit"_s, ReportsCommand::tr("How many (default 50)."), u"n"_s, u"50"_s});
    p.addOption({u"cursor"_s, ReportsCommand::tr("Continue after a previous page (its nextCursor)."), u"cursor"_s});
    if (int code = ctx.parse(p, args, u"reports list [--state open]"_s, ReportsCommand::tr("Lists reports, oldest first."), 0, 0); code >= 0)
        return code;
    const QString state = p.value(u"state"_s);
    if (!state.isEmpty() && state != u"open"_s && state != u"assigned"_s && state != u"resolved"_s && state != u"dismissed"_s)
        return ctx.usage(ReportsCommand::tr("--state is one of open, assigned, resolved, dismissed."));
    if (int code = ctx.login(); code != 0)
        return code;
    const ReportQuery q{state, p.value(u"limit"_s).toInt(), p.value(u"cursor"_s)};
    const auto r = ctx.wait<Page<Report>>(
        [&](AdminApi &api, QObject *c, AdminApi::Callback<Page<Report>> done) { api.reports(q, c, done); });
    if (!r)
        return ctx.fail(r.error());
    QStringList lines;
    for (const Report &rep : r->items)
        lines << summary(rep);
    if (r->items.isEmpty())
        lines << ReportsCommand::tr("No reports.");
    if (!r->nextCursor.isEmpty())
        lines << ReportsCommand::tr("More: --cursor %1").arg(r->nextCursor);
    return ctx.done(r.json(), lines);
}

int act(const QString &action, const QStringList &args)
{
    CliContext ctx;
    QCommandLineParser p;
    QString synopsis;
    QString description;
    if (action == u"show"_s) {
        synopsis = u"reports show ID"_s;
        description = ReportsCommand::tr("Shows a report with the reported message and its context.");
    } else if (action == u"assign"_s) {
        synopsis = u"reports assign ID"_s;
        description = ReportsCommand::tr("Assigns a report to yourself.");
    } else {
        p.addOption({u"reason"_s, ReportsCommand::tr("Why (1-500 characters; written to the audit log)."), u"text"_s});
        if (action == u"resolve"_s) {
            p.addOption({u"action"_s, ReportsCommand::tr("What was done (1-100 characters), e.g. banned, message_removed, warned."), u"action"_s});
            synopsis = u"reports resolve ID --action A --reason R"_s;
            description = ReportsCommand::tr("Closes a report as resolved.");
        } else {
            synopsis = u"reports dismiss ID --reason R"_s;
            description = ReportsCommand::tr("Closes a report without action.");
        }
    }
    if (int code = ctx.parse(p, args, synopsis, description, 1, 1); code >= 0)
        return code;
    const QString reason = p.value(u"reason"_s);
    const QString resolution = p.value(u"action"_s);
    if ((action == u"resolve"_s || action == u"dismiss"_s) && reason.isEmpty())
        return ctx.usage(ReportsCommand::tr("--reason is required."));
    if (action == u"resolve"_s && resolution.isEmpty())
        return ctx.usage(ReportsCommand::tr("--action is required."));
    if (int code = ctx.login(); code != 0)
        return code;
    const QString id = ctx.positional().at(0);
    const auto r = ctx.wait<Report>([&](AdminApi &api, QObject *c, AdminApi::Callback<Report> done) {
        if (action == u"show"_s)
            api.report(id, c, done);
        else if (action == u"assign"_s)
            api.assignReport(id, c, done);
        else if (action == u"resolve"_s)
            api.resolveReport(id, resolution, reason, c, done);
        else
            api.dismissReport(id, reason, c, done);
    });
    if (!r)
        return ctx.fail(r.error());
    QStringList lines{summary(r.value())};
    if (action == u"show"_s) {
        lines << ReportsCommand::tr("Created %1").arg(r->createdAt.toString(Qt::ISODateWithMs));
        if (!r->context.isEmpty()) {
            for (const QJsonValue &m : r->context)
                lines << messageLine(m.toObject(), r->messageId);
        } else if (!r->message.isEmpty()) {
            lines << messageLine(r->message, r->messageId);
        }
    }
    return ctx.done(r.json(), lines);
}

QString actionsUsage()
{
    return ReportsCommand::tr(
        "Usage: banter-console reports ACTION ... (--help after an action for its options)\n"
        "Actions: list [--state open], show ID, assign ID, resolve ID --action A --reason R, dismiss ID --reason R");
}
} // namespace

int ReportsCommand::run(const QStringList &arguments)
{
    const QString action = arguments.value(1);
    const QStringList rest = CliContext::withoutSubcommand(arguments);
    if (action == u"list"_s)
        return list(rest);
    if (action == u"show"_s || action == u"assign"_s || action == u"resolve"_s || action == u"dismiss"_s)
        return act(action, rest);
    return CliContext::rejectAction(action, actionsUsage(), tr("Unknown action: %1").arg(action));
}

} // namespace Banter::Console
