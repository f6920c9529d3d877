#pragma once

#include <QCoreApplication>
#include <QStringList>

namespace Banter::Console {

// `banter-console users search Q | show NAME | suspend NAME --for 7d --reason R | ban NAME --reason R |
//  unban NAME --reason R | logout NAME --reason R | role NAME ROLE --reason R` (NAME: a username or an id).
class UsersCommand
{
    Q_DECLARE_TR_FUNCTIONS(UsersCommand)

public:
    static int run(const QStringList &arguments); // argv[0], the action, its arguments
};

} // namespace Banter::Console
