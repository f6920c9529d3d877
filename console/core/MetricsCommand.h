#pragma once

#include <QCoreApplication>
#include <QStringList>

namespace Banter::Console {

// `banter-console metrics [--json] [--follow]`: the latest per-second sample; --follow prints one per second.
class MetricsCommand
{
    Q_DECLARE_TR_FUNCTIONS(MetricsCommand)

public:
    static int run(const QStringList &arguments);
};

} // namespace Banter::Console
