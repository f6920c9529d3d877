#pragma once

#include <QCoreApplication>
#include <QStringList>

namespace Banter::Console {

// `banter-console presence [--json] [--follow]`: who is online with which connections; --follow then prints
// every connect/disconnect as it happens (JSON lines {"event","data"} with --json).
class PresenceCommand
{
    Q_DECLARE_TR_FUNCTIONS(PresenceCommand)

public:
    static int run(const QStringList &arguments);
};

} // namespace Banter::Console
