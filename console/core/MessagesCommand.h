#pragma once

#include <QCoreApplication>
#include <QStringList>

namespace Banter::Console {

class CliContext;

// `banter-console messages hide ID --reason R | delete ID --reason R | history ID | delete-media ID --reason R`.
class MessagesCommand
{
    Q_DECLARE_TR_FUNCTIONS(MessagesCommand)

public:
    static int run(const QStringList &arguments); // argv[0], the action, its arguments

private:
    static int history(const QStringList &arguments);
    static int deleteMedia(const QStringList &arguments);
    // `messages ACTION ID --reason R`: parses, then logs in. -1 when ctx is ready (id and reason set), else the
    // exit code.
    static int withReason(CliContext &ctx, const QStringList &arguments, const QString &description, QString &id,
                          QString &reason);
};

} // namespace Banter::Console
