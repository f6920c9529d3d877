#include "app/LogHandler.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QMutex>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

LogFormat g_format = LogFormat::Text;
QMutex g_mutex;

const char *levelName(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg: return "debug";
    case QtInfoMsg: return "info";
    case QtWarningMsg: return "warning";
    case QtCriticalMsg: return "error";
    case QtFatalMsg: return "fatal";
    }
    return "info";
}

void handle(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    const QString ts = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    const char *category = context.category ? context.category : "default";
    QByteArray line;
    if (g_format == LogFormat::Json) {
        QJsonObject o{{u"ts"_s, ts}, {u"level"_s, QLatin1StringView(levelName(type))},
                      {u"category"_s, QLatin1StringView(category)}, {u"msg"_s, message}};
        line = QJsonDocument(o).toJson(QJsonDocument::Compact);
    } else {
        line = QStringLiteral("%1 %2 [%3] %4").arg(ts, QLatin1StringView(levelName(type)).toString().leftJustified(7),
                                                    QLatin1StringView(category), message).toUtf8();
    }
    line.append('\n');
    QMutexLocker lock(&g_mutex);
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    std::fflush(stderr);
}

} // namespace

void LogHandler::install(LogFormat format, const QString &rules)
{
    g_format = format;
    // Quiet by default: our own categories at info, Qt's at warning.
    QString filter = u"*.debug=false\nbanter.*.info=true"_s;
    if (!rules.isEmpty())
        filter += u'\n' + QString(rules).replace(u';', u'\n');
    QLoggingCategory::setFilterRules(filter);
    qInstallMessageHandler(handle);
}

} // namespace Banter::Server
