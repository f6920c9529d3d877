#pragma once

#include <QStringList>

namespace Banter::Console {

// The servers this console logged in to, most recent first, kept in QSettings ("servers/recent"), and the
// username last used with the console ("login/username").
class ServerHistory
{
public:
    static constexpr int MaxEntries = 10;

    static QStringList servers();
    static void remember(const QString &server, const QString &username);
    static QString lastUsername();
};

} // namespace Banter::Console
