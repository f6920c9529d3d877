#pragma once

#include <QCoreApplication>
#include <QStringList>

namespace Banter::Console {

// `banter-console reports list [--state open] | show ID | assign ID | resolve ID --action A --reason R |
//  dismiss ID --reason R`.
class ReportsCommand
{
    Q_DECLARE_TR_FUNCTIONS(ReportsCommand)

public:
    static int run(const QStringList &arguments); // argv[0], the action, its arguments
};

} // namespace Banter::Console
