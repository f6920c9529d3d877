#include "core/AuditCommand.h"

#include "core/AdminLiveFeed.h"
#include "core/CliContext.h"

#include <QJsonDocument>
#include <QSet>

using namespace Qt::StringLiterals;

namespace Banter::Console {

namespace {
QString line(const AuditEntry &e)
{
    QString text = AuditCommand::tr("%1\t%2\t%3\t%4 %5\t%6")
                       .arg(e.at.toString(Qt::ISODateWithMs), e.actor.username.isEmpty() ? e.actor.id : e.actor.username,
                            e.action, e.targetType, e.targetId, e.reason);
    if (!e.details.isEmpty())
        text += u'\t' + QString::fromUtf8(QJsonDocument(e.details).toJson(QJsonDocument::Compact));
    return text;
}

QDateTime parseTime(const QString &text)
{
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(text, Qt::ISODate);
    return t;
}
} // namespace

int AuditCommand::run(const QStringList &arguments)
{
    CliContext ctx;
    QCommandLineParser p;
    p.addOption({u"actor"_s, tr("Only entries by this user (name or id)."), u"user"_s});
    p.addOption({u"action"_s, tr("Only this action, e.g. user.ban, report.resolve."), u"action"_s});
    p.addOption({u"target"_s, tr("Only entries about this target id."), u"id"_s});
    p.addOption({u"from"_s, tr("Only entries at or after this time (ISO 8601)."), u"time"_s});
    p.addOption({u"to"_s, tr("Only entries at or before this time (ISO 8601)."), u"time"_s});
    p.addOption({u"limit"_s, tr("How many (default 100)."), u"n"_s, u"100"_s});
    p.addOption({u"cursor"_s, tr("Continue after a previous page (its nextCursor)."), u"cursor"_s});
    if (int code = ctx.parse(p, arguments, u"audit [--actor NAME] [--action A] [--follow]"_s,
                             tr("Shows the audit log, newest first."), 0, 0, true);
        code >= 0)
        return code;
    AuditQuery query;
    query.action = p.value(u"action"_s);
    query.target = p.value(u"target"_s);
    query.limit = p.value(u"limit"_s).toInt();
    query.cursor = p.value(u"cursor"_s);
    if (p.isSet(u"from"_s) && !(query.from = parseTime(p.value(u"from"_s))).isValid())
        return ctx.usage(tr("--from takes an ISO 8601 time, e.g. 2026-11-22T05:00:00Z."));
    if (p.isSet(u"to"_s) && !(query.to = parseTime(p.value(u"to"_s))).isValid())
        return ctx.usage(tr("--to takes an ISO 8601 time, e.g. 2026-11-22T05:00:00Z."));
    if (int code = ctx.login(); code != 0)
        return code;
    if (p.isSet(u"actor"_s)) {
        AdminUser actor;
        if (int code = ctx.findUser(p.value(u"actor"_s), actor); code != CliContext::Ok)
            return code;
        query.actor = actor.id;
    }

    const auto fetch = [&ctx, &query] {
        return ctx.wait<Page<AuditEntry>>(
            [&query](AdminApi &api, QObject *c, AdminApi::Callback<Page<AuditEntry>> done) { api.audit(query, c, done); });
    };
    if (!ctx.follow()) {
        const auto r = fetch();
        if (!r)
            return ctx.fail(r.error());
        QStringList lines;
        for (const AuditEntry &e : r->items)
            lines << line(e);
        if (r->items.isEmpty())
            lines << tr("No entries.");
        if (!r->nextCursor.isEmpty())
            lines << tr("More: --cursor %1").arg(r->nextCursor);
        return ctx.done(r.json(), lines);
    }

    // Live first, then the page: nothing written in between is missed; ids keep anything from showing twice.
    // Text output is chronological (the page reversed, then new entries below it).
    AdminLiveFeed feed(&ctx.session());
    QSet<QString> seen;
    QList<AuditEntry> early;
    bool pagePrinted = false;
    const auto print = [&](const AuditEntry &e) {
        if (seen.contains(e.id) || !query.matches(e))
            return;
        seen.insert(e.id);
        if (ctx.json())
            ctx.outJson({{u"event"_s, u"audit:entry"_s}, {u"data"_s, QJsonObject{{u"entry"_s, e.json}}}});
        else
            ctx.out(line(e));
    };
    QObject::connect(&feed, &AdminLiveFeed::auditEntry, &ctx, [&](const AuditEntry &e) {
        if (pagePrinted)
            print(e);
        else
            early.append(e);
    });
    QObject::connect(&feed, &AdminLiveFeed::connectedChanged, &ctx, [&](bool connected) {
        if (!connected || pagePrinted)
            return;
        const auto r = fetch();
        if (!r) {
            ctx.stopWith(ctx.fail(r.error()));
            return;
        }
        if (ctx.json()) {
            ctx.outJson(r.json());
            for (const AuditEntry &e : r->items)
                seen.insert(e.id);
        } else {
            for (auto it = r->items.crbegin(); it != r->items.crend(); ++it)
                print(*it);
        }
        pagePrinted = true;
        for (const AuditEntry &e : std::as_const(early))
            print(e);
        early.clear();
    });
    ctx.startFeed(feed);
    return ctx.runUntilInterrupted();
}

} // namespace Banter::Console
