#include "core/MetricsCommand.h"

#include "core/AdminLiveFeed.h"
#include "core/CliContext.h"

using namespace Qt::StringLiterals;

namespace Banter::Console {

namespace {
QString line(const MetricsSample &m)
{
    return MetricsCommand::tr("%1\tconnections %2\tonline %3\tmessages in %4/s\tdeliveries out %5/s\tdb batch %6 ms")
        .arg(m.at.toString(Qt::ISODateWithMs))
        .arg(m.connections)
        .arg(m.onlineUsers)
        .arg(m.messagesIn, 0, 'f', 1)
        .arg(m.deliveriesOut, 0, 'f', 1)
        .arg(m.dbBatchMs, 0, 'f', 2);
}
} // namespace

int MetricsCommand::run(const QStringList &arguments)
{
    CliContext ctx;
    QCommandLineParser p;
    if (int code = ctx.parse(p, arguments, u"metrics [--json] [--follow]"_s,
                             tr("Shows the server's per-second metrics."), 0, 0, true);
        code >= 0)
        return code;
    if (int code = ctx.login(); code != 0)
        return code;
    if (!ctx.follow()) {
        const auto r = ctx.wait<MetricsSample>(
            [](AdminApi &api, QObject *c, AdminApi::Callback<MetricsSample> done) { api.metrics(c, done); });
        if (!r)
            return ctx.fail(r.error());
        return ctx.done(r.json(), {line(r.value())});
    }
    AdminLiveFeed feed(&ctx.session());
    QObject::connect(&feed, &AdminLiveFeed::metrics, &ctx, [&ctx](const MetricsSample &m) {
        if (ctx.json())
            ctx.outJson(m.json);
        else
            ctx.out(line(m));
    });
    ctx.startFeed(feed);
    return ctx.runUntilInterrupted();
}

} // namespace Banter::Console
