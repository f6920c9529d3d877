#pragma once

#include <QCoreApplication>
#include <QStringList>

namespace Banter::Console {

// `banter-console jobs [--failed] [--kind K] [--limit N]` lists the job queue's pending jobs (with --failed: the
// dead ones, with their last error); `banter-console jobs --retry ID [--reason R]` runs a dead job again
// (audited as job.retry). Admins only.
class JobsCommand
{
    Q_DECLARE_TR_FUNCTIONS(JobsCommand)

public:
    static int run(const QStringList &arguments);
};

} // namespace Banter::Console
