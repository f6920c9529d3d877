#include "storage/SqlFiles.h"

#include <QFile>
#include <QHash>
#include <QMutex>

using namespace Qt::StringLiterals;

namespace Banter::Server {

QString SqlFiles::query(const QString &name)
{
    static QMutex mutex;
    static QHash<QString, QString> cache;
    QMutexLocker lock(&mutex);
    if (auto it = cache.constFind(name); it != cache.constEnd())
        return *it;
    QFile file(u":/sql/queries/"_s + name + u".sql"_s);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing SQL resource %s", qPrintable(name)); // a packaging error, caught by every test
    // Whole-line "--" comments are dropped: Qt's placeholder parser knows quotes but not comments, so an
    // apostrophe in a comment would hide every :placeholder after it.
    QStringList lines;
    for (const QString &line : QString::fromUtf8(file.readAll()).split(u'\n'))
        if (!line.trimmed().startsWith("--"_L1))
            lines.append(line);
    const QString text = lines.join(u'\n');
    cache.insert(name, text);
    return text;
}

} // namespace Banter::Server
