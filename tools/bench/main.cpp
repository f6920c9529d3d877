// banter-bench: the benchmark driver behind ./dev bench (see BENCHMARKS.md).
#include "BenchOptions.h"
#include "BenchReport.h"
#include "BenchRunner.h"
#include "ConnectionsBench.h"
#include "SearchBench.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QLoggingCategory>

#include <cstdio>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"banter-bench"_s);

    BenchOptions options;
    const QString problem = BenchOptions::parse(app.arguments(), options);
    if (!problem.isEmpty()) {
        std::fprintf(stderr, "banter-bench: %s\n", qPrintable(problem));
        return 64;
    }

    if (!options.compareFiles.isEmpty()) {
        QList<QJsonObject> reports;
        for (const QString &path : options.compareFiles) {
            QFile f(path);
            const QJsonObject r = f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).object()
                                                               : QJsonObject();
            if (r.isEmpty()) {
                std::fprintf(stderr, "banter-bench: %s is not a --json result\n", qPrintable(path));
                return 64;
            }
            reports.append(r);
        }
        std::fputs(qPrintable(BenchReport::compare(reports)), stdout);
        return 0;
    }

    if (options.connections > 0) {
        ConnectionsBench connections(options);
        QObject::connect(&connections, &ConnectionsBench::finished, &app,
                         [](int code) { QCoreApplication::exit(code); }, Qt::QueuedConnection);
        connections.start();
        return app.exec();
    }

    if (options.searchMessages > 0) {
        SearchBench search(options);
        QObject::connect(&search, &SearchBench::finished, &app, [](int code) { QCoreApplication::exit(code); },
                         Qt::QueuedConnection);
        search.start();
        return app.exec();
    }

    BenchRunner runner(options);
    QObject::connect(&runner, &BenchRunner::finished, &app, [](int code) { QCoreApplication::exit(code); },
                     Qt::QueuedConnection);
    runner.start();
    return app.exec();
}
