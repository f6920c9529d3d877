// banter-conformance: the server side of the official Engine.IO and Socket.IO protocol test suites, built from
// banterd's transport library (see ConformanceServer). Listens on loopback only.
//   banter-conformance [--port N]     prints "listening on PORT" once ready
#include "ConformanceServer.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("banter-conformance"));
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption port(QStringLiteral("port"), QStringLiteral("TCP port on 127.0.0.1 (0: any free one)."),
                                  QStringLiteral("port"), QStringLiteral("0"));
    parser.addOption(port);
    parser.process(app);

    Banter::Conformance::ConformanceServer server;
    const auto listening = server.listen(QHostAddress::LocalHost, quint16(parser.value(port).toUInt()));
    if (!listening) {
        std::fprintf(stderr, "banter-conformance: %s\n", qPrintable(listening.error().message));
        return 1;
    }
    std::printf("listening on %u\n", unsigned(listening.value()));
    std::fflush(stdout);
    return app.exec();
}
