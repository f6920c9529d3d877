#include "ui/ServerHistory.h"

#include <QSettings>

using namespace Qt::StringLiterals;

namespace Banter::Console {

QStringList ServerHistory::servers()
{
    QSettings settings;
    QStringList list = settings.value(u"servers/recent"_s).toStringList();
    // Consoles before the login dialog kept only the last URL.
    const QString legacy = settings.value(u"server/url"_s).toString();
    if (!legacy.isEmpty() && !list.contains(legacy))
        list.append(legacy);
    if (list.isEmpty())
        list.append(u"http://127.0.0.1:8080"_s);
    return list;
}

void ServerHistory::remember(const QString &server, const QString &username)
{
    QSettings settings;
    QStringList list = settings.value(u"servers/recent"_s).toStringList();
    list.removeAll(server);
    list.prepend(server);
    while (list.size() > MaxEntries)
        list.removeLast();
    settings.setValue(u"servers/recent"_s, list);
    settings.setValue(u"server/url"_s, server);
    settings.setValue(u"login/username"_s, username);
}

QString ServerHistory::lastUsername()
{
    return QSettings().value(u"login/username"_s).toString();
}

} // namespace Banter::Console
