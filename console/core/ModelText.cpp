#include "core/ModelText.h"

#include <QLocale>

namespace Banter::Console {

QString localTimeText(const QDateTime &time)
{
    return time.isValid() ? QLocale().toString(time.toLocalTime(), QLocale::ShortFormat) : QString();
}

QVariant horizontalHeader(const QStringList &titles, int section, Qt::Orientation orientation, int role)
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= titles.size())
        return {};
    return titles.at(section);
}

QHash<int, QByteArray> withRoleNames(QHash<int, QByteArray> names,
                                     std::initializer_list<std::pair<int, QByteArray>> own)
{
    for (const auto &[role, name] : own)
        names.insert(role, name);
    return names;
}

} // namespace Banter::Console
