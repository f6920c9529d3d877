// banter-console: the admin window, or with a subcommand a headless tool for scripts.
#include "core/CommandDispatcher.h"
#include "core/HealthCommand.h"
#include "core/HealthMonitor.h"
#include "core/Language.h"
#include "ui/MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QNetworkAccessManager>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace Banter::Console;

static void identify()
{
    QCoreApplication::setOrganizationName(u"Banter"_s);
    QCoreApplication::setApplicationName(u"banter-console"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(BANTER_VERSION));
}

int main(int argc, char *argv[])
{
    QStringList args;
    for (int i = 0; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);
    const QString subcommand = args.size() > 1 && !args[1].startsWith(u'-') ? args[1] : QString();

    if (!subcommand.isEmpty()) {
        QCoreApplication app(argc, argv);
        identify();
        Language::install(app, Language::fromArguments(args));
        return CommandDispatcher::run(args);
    }

    QApplication app(argc, argv);
    identify();
    Language::install(app, Language::fromArguments(args));
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate("main", "Banter admin console. Commands: health"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption({u"server"_s, QCoreApplication::translate("main", "Server to connect to."), u"url"_s});
    parser.addOption({u"lang"_s, QCoreApplication::translate("main", "Language (e.g. de)."), u"code"_s});
    parser.addOption({u"screenshot"_s, QCoreApplication::translate("main", "Save a screenshot of the window to FILE once connected, then quit."), u"file"_s});
    parser.process(app);

    QNetworkAccessManager network;
    MainWindow window(&network);
    window.show();
    if (parser.isSet(u"server"_s))
        window.connectTo(QUrl::fromUserInput(parser.value(u"server"_s)));
    if (parser.isSet(u"screenshot"_s)) {
        const QString file = parser.value(u"screenshot"_s);
        QObject::connect(window.monitor(), &HealthMonitor::statusChanged, &window, [&window, file] {
            QTimer::singleShot(300, &window, [&window, file] {
                window.grab().save(file);
                QCoreApplication::quit();
            });
        });
    }
    return app.exec();
}
