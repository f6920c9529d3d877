#pragma once

#include <QStringList>

namespace Banter::Console {

// `banter-console health --server URL [--json]`: exit 0 when ready, 1 when not ready, 2 when unreachable,
// 64 on a usage error. Needs no display.
class HealthCommand
{
public:
    static int run(const QStringList &arguments);
};

} // namespace Banter::Console
