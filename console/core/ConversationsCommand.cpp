#include "core/ConversationsCommand.h"

#include "core/CliContext.h"

using namespace Qt::StringLiterals;

namespace Banter::Console {

int ConversationsCommand::run(const QStringList &arguments)
{
    const QString action = arguments.value(1);
    if (action != u"remove-member"_s)
        return CliContext::rejectAction(action, tr("Usage: banter-console conversations remove-member CONVERSATION_ID USER --reason R"),
                                        tr("Unknown action: %1").arg(action));
    const QStringList rest = CliContext::withoutSubcommand(arguments);
    CliContext ctx;
    QCommandLineParser p;
    p.addOption({u"reason"_s, tr("Why (1-500 characters; written to the audit log)."), u"text"_s});
    if (int code = ctx.parse(p, rest, u"conversations remove-member CONVERSATION_ID USER --reason R"_s,
                             tr("Removes a user (name or id) from a conversation; their sockets stop getting it."), 2, 2);
        code >= 0)
        return code;
    const QString reason = p.value(u"reason"_s);
    if (reason.isEmpty())
        return ctx.usage(tr("--reason is required."));
    if (int code = ctx.login(); code != 0)
        return code;
    const QString conversationId = ctx.positional().at(0);
    AdminUser user;
    if (int code = ctx.findUser(ctx.positional().at(1), user); code != CliContext::Ok)
        return code;
    const auto r = ctx.wait<NoContent>([&](AdminApi &api, QObject *c, AdminApi::Callback<NoContent> done) {
        api.removeMember(conversationId, user.id, reason, c, done);
    });
    if (!r)
        return ctx.fail(r.error());
    return ctx.done(QJsonObject{{u"ok"_s, true}, {u"conversationId"_s, conversationId}, {u"userId"_s, user.id}},
                    {tr("%1 was removed from conversation %2.").arg(user.username, conversationId)});
}

} // namespace Banter::Console
