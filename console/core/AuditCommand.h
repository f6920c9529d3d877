#pragma once

#include <QCoreApplication>
#include <QStringList>

namespace Banter::Console {

// `banter-console audit [--actor NAME|ID] [--action A] [--target ID] [--from T] [--to T] [--limit N] [--follow]`:
// the audit log, newest first; --follow then prints new entries as they are written.
class AuditCommand
{
    Q_DECLARE_TR_FUNCTIONS(AuditCommand)

public:
    static int run(const QStringList &arguments);
};

} // namespace Banter::Console
