#pragma once

#include <QCoreApplication>
#include <QStringList>

namespace Banter::Console {

// The headless subcommands (no display, QCoreApplication): `banter-console COMMAND [ACTION] ...`.
// health, presence, metrics, users, reports, messages, conversations, audit. Exit codes: 0 ok, 1 the server
// refused the action (4xx), 2 unreachable or 5xx, 3 authentication failed, 64 usage (health: see HealthCommand).
class CommandDispatcher
{
    Q_DECLARE_TR_FUNCTIONS(CommandDispatcher)

public:
    static QStringList commandNames();
    // arguments: the whole argv; arguments[1] is the command.
    static int run(const QStringList &arguments);
};

} // namespace Banter::Console
