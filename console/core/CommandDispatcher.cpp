#include "core/CommandDispatcher.h"

#include "core/AuditCommand.h"
#include "core/CliContext.h"
#include "core/ConversationsCommand.h"
#include "core/HealthCommand.h"
#include "core/JobsCommand.h"
#include "core/MessagesCommand.h"
#include "core/MetricsCommand.h"
#include "core/PresenceCommand.h"
#include "core/ReportsCommand.h"
#include "core/UsersCommand.h"

#include <cstdio>

using namespace Qt::StringLiterals;

namespace Banter::Console {

QStringList CommandDispatcher::commandNames()
{
    return {u"health"_s, u"presence"_s, u"metrics"_s, u"users"_s, u"reports"_s, u"messages"_s, u"conversations"_s, u"audit"_s, u"jobs"_s};
}

int CommandDispatcher::run(const QStringList &arguments)
{
    const QString command = arguments.value(1);
    const QStringList rest = CliContext::withoutSubcommand(arguments);
    if (command == u"health"_s)
        return HealthCommand::run(rest);
    if (command == u"presence"_s)
        return PresenceCommand::run(rest);
    if (command == u"metrics"_s)
        return MetricsCommand::run(rest);
    if (command == u"users"_s)
        return UsersCommand::run(rest);
    if (command == u"reports"_s)
        return ReportsCommand::run(rest);
    if (command == u"messages"_s)
        return MessagesCommand::run(rest);
    if (command == u"conversations"_s)
        return ConversationsCommand::run(rest);
    if (command == u"audit"_s)
        return AuditCommand::run(rest);
    if (command == u"jobs"_s)
        return JobsCommand::run(rest);
    std::fprintf(stderr, "%s\n", qPrintable(tr("Unknown command: %1 (commands: %2)").arg(command, commandNames().join(u", "_s))));
    return 64;
}

} // namespace Banter::Console
