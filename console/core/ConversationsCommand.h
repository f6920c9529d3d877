#pragma once

#include <QCoreApplication>
#include <QStringList>

namespace Banter::Console {

// `banter-console conversations remove-member CONVERSATION_ID USER --reason R` (USER: a username or an id).
class ConversationsCommand
{
    Q_DECLARE_TR_FUNCTIONS(ConversationsCommand)

public:
    static int run(const QStringList &arguments); // argv[0], the action, its arguments
};

} // namespace Banter::Console
