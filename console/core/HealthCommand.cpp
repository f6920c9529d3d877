#include "core/HealthCommand.h"

#include "core/HealthMonitor.h"

#include <banter/HealthProbe.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace Banter::Console {

int HealthCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate("HealthCommand", "Checks whether a Banter server is ready."));
    parser.addHelpOption();
    parser.addOption({u"server"_s, QCoreApplication::translate("HealthCommand", "Server URL (default $BANTER_SERVER or http://127.0.0.1:8080)."), u"url"_s});
    parser.addOption({u"json"_s, QCoreApplication::translate("HealthCommand", "Print the result as JSON.")});
    parser.addOption({u"timeout"_s, QCoreApplication::translate("HealthCommand", "Seconds to wait (default 5)."), u"s"_s, u"5"_s});
    parser.addOption({u"lang"_s, QCoreApplication::translate("HealthCommand", "Language (e.g. de)."), u"code"_s});
    if (!parser.parse(arguments)) {
        std::fprintf(stderr, "%s\n", qPrintable(parser.errorText()));
        return 64;
    }
    if (parser.isSet(u"help"_s)) {
        std::printf("%s", qPrintable(parser.helpText()));
        return 0;
    }
    QString serverText = parser.value(u"server"_s);
    if (serverText.isEmpty())
        serverText = qEnvironmentVariable("BANTER_SERVER", u"http://127.0.0.1:8080"_s);
    const QUrl server = QUrl::fromUserInput(serverText);
    if (!server.isValid() || (server.scheme() != "http"_L1 && server.scheme() != "https"_L1)) {
        std::fprintf(stderr, "%s\n", qPrintable(QCoreApplication::translate("HealthCommand", "Invalid server URL: %1").arg(serverText)));
        return 64;
    }

    QNetworkAccessManager network;
    HealthProbe probe(&network);
    HealthStatus result;
    QEventLoop loop;
    QObject::connect(&probe, &HealthProbe::finished, &loop, [&](const HealthStatus &status) {
        result = status;
        loop.quit();
    });
    probe.probe(server, parser.value(u"timeout"_s).toInt() * 1000);
    loop.exec();

    const int code = result.state == HealthStatus::State::Ready ? 0 : result.state == HealthStatus::State::NotReady ? 1 : 2;
    if (parser.isSet(u"json"_s)) {
        const char *state = code == 0 ? "ready" : code == 1 ? "not_ready" : "unreachable";
        const QJsonObject o{{u"server"_s, server.toString()}, {u"state"_s, QLatin1StringView(state)},
                            {u"alive"_s, result.alive}, {u"detail"_s, result.detail},
                            {u"version"_s, result.serverVersion}, {u"schemaVersion"_s, result.schemaVersion}};
        std::printf("%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
    } else {
        std::printf("%s: %s\n", qPrintable(server.toString()), qPrintable(HealthMonitor::describe(result)));
    }
    return code;
}

} // namespace Banter::Console
