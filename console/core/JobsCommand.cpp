#include "core/JobsCommand.h"

#include "core/CliContext.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace Banter::Console {

namespace {
QString line(const QJsonObject &job)
{
    QString text = JobsCommand::tr("%1\t%2\t%3\t%4\tattempts %5/%6\tdue %7")
                       .arg(job.value(u"id"_s).toString(), job.value(u"kind"_s).toString(),
                            job.value(u"key"_s).toString(), job.value(u"state"_s).toString())
                       .arg(job.value(u"attempts"_s).toInt())
                       .arg(job.value(u"maxAttempts"_s).toInt())
                       .arg(job.value(u"runAt"_s).toString());
    if (const QJsonValue error = job.value(u"lastError"_s); error.isString())
        text += u'\t' + JobsCommand::tr("last error: %1").arg(error.toString());
    return text;
}
} // namespace

int JobsCommand::run(const QStringList &arguments)
{
    CliContext ctx;
    QCommandLineParser p;
    p.addOption({u"failed"_s, tr("Dead jobs (out of attempts), with their last error, instead of pending ones.")});
    p.addOption({u"kind"_s, tr("Only jobs of this kind."), u"kind"_s});
    p.addOption({u"limit"_s, tr("How many (default 50)."), u"n"_s, u"50"_s});
    p.addOption({u"retry"_s, tr("Runs this dead job again (written to the audit log)."), u"id"_s});
    p.addOption({u"reason"_s, tr("With --retry: why (at most 500 characters; written to the audit log)."), u"text"_s});
    if (int code = ctx.parse(p, arguments, u"jobs [--failed] [--kind K] [--retry ID]"_s,
                             tr("Shows the job queue's pending or dead jobs, or runs a dead job again (admins only)."), 0, 0);
        code >= 0)
        return code;
    if (p.isSet(u"retry"_s) && p.isSet(u"failed"_s))
        return ctx.usage(tr("--retry and --failed do not go together."));
    bool limitOk = false;
    const int limit = p.value(u"limit"_s).toInt(&limitOk);
    if (!limitOk || limit < 1 || limit > 500)
        return ctx.usage(tr("--limit takes a number from 1 to 500."));
    if (int code = ctx.login(); code != 0)
        return code;

    if (p.isSet(u"retry"_s)) {
        const QString id = p.value(u"retry"_s);
        const QString reason = p.value(u"reason"_s);
        const auto r = ctx.wait<QJsonObject>([&](AdminApi &api, QObject *c, AdminApi::Callback<QJsonObject> done) {
            api.retryJob(id, reason, c, done);
        });
        if (!r)
            return ctx.fail(r.error());
        return ctx.done(r.json(), {tr("Job %1 (%2) will run again.").arg(id, r.value().value(u"kind"_s).toString())});
    }

    const QString state = p.isSet(u"failed"_s) ? u"dead"_s : u"pending"_s;
    const auto r = ctx.wait<QJsonArray>([&](AdminApi &api, QObject *c, AdminApi::Callback<QJsonArray> done) {
        api.jobs(state, p.value(u"kind"_s), limit, c, done);
    });
    if (!r)
        return ctx.fail(r.error());
    QStringList lines;
    for (const QJsonValue &v : r.value())
        lines << line(v.toObject());
    if (r.value().isEmpty())
        lines << (p.isSet(u"failed"_s) ? tr("No dead jobs.") : tr("No pending jobs."));
    return ctx.done(r.json(), lines);
}

} // namespace Banter::Console
