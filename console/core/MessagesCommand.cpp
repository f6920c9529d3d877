#include "core/MessagesCommand.h"

#include "core/CliContext.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace Banter::Console {

int MessagesCommand::run(const QStringList &arguments)
{
    const QString action = arguments.value(1);
    if (action == u"history"_s)
        return history(arguments);
    if (action == u"delete-media"_s)
        return deleteMedia(arguments);
    if (action != u"hide"_s && action != u"delete"_s)
        return CliContext::rejectAction(action, tr("Usage: banter-console messages hide|delete ID --reason R | history ID | delete-media ID --reason R"),
                                        tr("Unknown action: %1").arg(action));
    const QString description = action == u"hide"_s
                                    ? tr("Hides a message from everybody; its content is kept for the audit.")
                                    : tr("Deletes a message: its content is erased.");
    CliContext ctx;
    QString id, reason;
    if (int code = withReason(ctx, arguments, description, id, reason); code >= 0)
        return code;
    const auto r = ctx.wait<QJsonObject>([&](AdminApi &api, QObject *c, AdminApi::Callback<QJsonObject> done) {
        if (action == u"hide"_s)
            api.hideMessage(id, reason, c, done);
        else
            api.deleteMessage(id, reason, c, done);
    });
    if (!r)
        return ctx.fail(r.error());
    return ctx.done(r.json(), {action == u"hide"_s ? tr("Message %1 is hidden.").arg(id) : tr("Message %1 is deleted.").arg(id)});
}

int MessagesCommand::withReason(CliContext &ctx, const QStringList &arguments, const QString &description,
                                QString &id, QString &reason)
{
    const QStringList rest = CliContext::withoutSubcommand(arguments);
    QCommandLineParser p;
    p.addOption({u"reason"_s, tr("Why (1-500 characters; written to the audit log)."), u"text"_s});
    if (int code = ctx.parse(p, rest, u"messages %1 ID --reason R"_s.arg(arguments.value(1)), description, 1, 1); code >= 0)
        return code;
    reason = p.value(u"reason"_s);
    if (reason.isEmpty())
        return ctx.usage(tr("--reason is required."));
    if (int code = ctx.login(); code != 0)
        return code;
    id = ctx.positional().at(0);
    return -1;
}

int MessagesCommand::deleteMedia(const QStringList &arguments)
{
    CliContext ctx;
    QString id, reason;
    if (int code = withReason(ctx, arguments,
                              tr("Deletes an uploaded file (a message's attachment): nobody can download it any more."),
                              id, reason);
        code >= 0)
        return code;
    const auto r = ctx.wait<NoContent>([&](AdminApi &api, QObject *c, AdminApi::Callback<NoContent> done) {
        api.removeMedia(id, reason, c, done);
    });
    if (!r)
        return ctx.fail(r.error());
    return ctx.done(QJsonObject{{u"deleted"_s, id}}, {tr("Media %1 is deleted.").arg(id)});
}

int MessagesCommand::history(const QStringList &arguments)
{
    const QStringList rest = CliContext::withoutSubcommand(arguments);
    CliContext ctx;
    QCommandLineParser p;
    if (int code = ctx.parse(p, rest, u"messages history ID"_s,
                             tr("Shows a message and the earlier versions of its text, oldest first."), 1, 1);
        code >= 0)
        return code;
    if (int code = ctx.login(); code != 0)
        return code;
    const QString id = ctx.positional().at(0);
    const auto r = ctx.wait<QJsonObject>([&](AdminApi &api, QObject *c, AdminApi::Callback<QJsonObject> done) {
        api.messageHistory(id, c, done);
    });
    if (!r)
        return ctx.fail(r.error());
    const QJsonObject message = r.value().value(u"message"_s).toObject();
    const QJsonArray versions = r.value().value(u"versions"_s).toArray();
    QStringList lines;
    lines << tr("Message %1, now: %2").arg(id, message.value(u"content"_s).isNull() ? tr("(removed)")
                                                                                  : message.value(u"content"_s).toString());
    if (versions.isEmpty())
        lines << tr("No earlier versions.");
    for (const QJsonValue &v : versions) {
        const QJsonObject o = v.toObject();
        lines << tr("Version %1, replaced at %2: %3")
                     .arg(o.value(u"version"_s).toInt())
                     .arg(o.value(u"replacedAt"_s).toString(),
                          o.value(u"content"_s).isNull() ? tr("(does not open)") : o.value(u"content"_s).toString());
    }
    return ctx.done(r.value(), lines);
}

} // namespace Banter::Console
