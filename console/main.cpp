// banter-console: the admin window, or with a subcommand a headless tool for scripts.
#include "core/AdminApi.h"
#include "core/AdminLiveFeed.h"
#include "core/AdminSession.h"
#include "core/CommandDispatcher.h"
#include "core/HealthCommand.h"
#include "core/HealthMonitor.h"
#include "core/Language.h"
#include "ui/LoginDialog.h"
#include "ui/MainWindow.h"
#include "ui/ScreenshotTour.h"

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

// The window's options; --help and --version print them without opening a window (or needing a display).
static void describeWindow(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QCoreApplication::translate("main", "Banter admin console. Without a command it opens the window; commands for scripts: %1")
                                         .arg(CommandDispatcher::commandNames().join(u", "_s)));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption({u"server"_s, QCoreApplication::translate("main", "Server to log in to (default $BANTER_SERVER, else the last one used)."), u"url"_s});
    parser.addOption({u"user"_s, QCoreApplication::translate("main", "Username to log in with (default $BANTER_USER); with the password in $BANTER_PASSWORD it logs in at once."), u"name"_s});
    parser.addOption({u"lang"_s, QCoreApplication::translate("main", "Language (e.g. de)."), u"code"_s});
    parser.addOption({u"screenshot-dir"_s, QCoreApplication::translate("main", "Log in (--server, --user, $BANTER_PASSWORD), save a picture of each page into DIR, then quit."), u"dir"_s});
}

// The window: log in (dialog, or --user with the password in BANTER_PASSWORD), then the pages.
static int runWindow(QApplication &app)
{
    QCommandLineParser parser;
    describeWindow(parser);
    parser.process(app);

    const QString password = qEnvironmentVariable("BANTER_PASSWORD");
    const QString username = parser.isSet(u"user"_s) ? parser.value(u"user"_s) : qEnvironmentVariable("BANTER_USER");
    const QString server = parser.isSet(u"server"_s) ? parser.value(u"server"_s) : qEnvironmentVariable("BANTER_SERVER");
    const QString shots = parser.value(u"screenshot-dir"_s);
    if (!shots.isEmpty() && (username.isEmpty() || password.isEmpty())) {
        std::fprintf(stderr, "%s\n", qPrintable(QCoreApplication::translate("main", "--screenshot-dir needs --user and $BANTER_PASSWORD")));
        return 64;
    }

    QNetworkAccessManager network;
    AdminSession session(&network);
    AdminApi api(&session);
    AdminLiveFeed feed(&session);
    HealthMonitor health(&network);
    MainWindow window(&session, &api, &feed, &health);
    window.show();
    window.start();
    LoginDialog *login = window.loginDialog();
    if (login && !server.isEmpty())
        login->setServer(server);
    if (login && !username.isEmpty())
        login->setUsername(username);

    if (!shots.isEmpty()) {
        auto *tour = new ScreenshotTour(&window, shots, &window);
        QObject::connect(tour, &ScreenshotTour::finished, &app, [](const QString &error) {
            if (!error.isEmpty())
                std::fprintf(stderr, "banter-console: %s\n", qPrintable(error));
            QCoreApplication::exit(error.isEmpty() ? 0 : 1);
        });
        QTimer::singleShot(0, tour, [tour, password] { tour->start(password); });
    } else if (login && !username.isEmpty() && !password.isEmpty()) {
        login->setPassword(password);
        login->submit();
    }
    return app.exec();
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

    for (const QString &a : std::as_const(args)) {
        if (a == "-h"_L1 || a == "--help"_L1 || a == "--help-all"_L1 || a == "-v"_L1 || a == "--version"_L1) {
            QCoreApplication app(argc, argv);
            identify();
            Language::install(app, Language::fromArguments(args));
            QCommandLineParser parser;
            describeWindow(parser);
            parser.process(app); // prints and exits
            return 0;
        }
    }

    QApplication app(argc, argv);
    identify();
    Language::install(app, Language::fromArguments(args));
    return runWindow(app);
}
