// banterd: composes the daemon from Banter::Server and runs it. All logic lives in the library.
#include "app/AdminBootstrap.h"
#include "app/AppLog.h"
#include "app/Daemon.h"
#include "app/LogHandler.h"
#include "app/UnixSignalWatcher.h"
#include "config/ConfigLoader.h"
#include "crypto/CryptoService.h"
#include "crypto/KeyStore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QtCrypto>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace Banter::Server;

static int fail(const QString &message, int code = 1)
{
    std::fprintf(stderr, "banterd: %s\n", qPrintable(message));
    return code;
}

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"banterd"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(BANTER_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(u"Banter real-time chat server"_s);
    parser.addHelpOption();
    parser.addVersionOption();
    ConfigLoader::addOptions(parser);
    parser.addOption({u"rotate-keys"_s, u"Add a new token signing key and data key to the key file, then exit."_s});
    parser.addOption({u"create-admin"_s,
                      u"Create user NAME with the admin role (or promote an existing one), then exit. The password is "
                      "prompted for on a terminal, else read as one line from stdin."_s,
                      u"name"_s});
    parser.process(app);

    auto config = ConfigLoader::load(parser, QProcessEnvironment::systemEnvironment());
    if (!config)
        return fail(config.error().message, 2);
    LogHandler::install(config->logFormat, config->logRules);

    QCA::Initializer qcaInit;
    if (auto supported = CryptoService::checkSupport(); !supported)
        return fail(supported.error().message);
    CryptoService crypto;
    auto keys = KeyStore::loadOrCreate(config->keyFile, crypto);
    if (!keys)
        return fail(keys.error().message);
    if (parser.isSet(u"rotate-keys"_s)) {
        if (auto rotated = keys->rotate(crypto); !rotated)
            return fail(rotated.error().message);
        std::printf("added token key %s and data key %s to %s\n", qPrintable(keys->currentTokenKey().id),
                    qPrintable(keys->currentDataKey().id), qPrintable(keys->path()));
        return 0;
    }

    if (parser.isSet(u"create-admin"_s)) {
        const QString name = parser.value(u"create-admin"_s);
        auto password = AdminBootstrap::readPassword();
        if (!password)
            return fail(password.error().message, 2);
        auto hasher = PasswordHasher::create(crypto, {config->argon2MemoryKiB, config->argon2Iterations, 1});
        if (!hasher)
            return fail(hasher.error().message);
        auto admin = AdminBootstrap::run(ConnectionFactory(config->databaseUrl), hasher.value(), name, password.value());
        if (!admin)
            return fail(admin.error().message);
        std::printf("%s admin %s (user id %lld)\n", admin->created ? "created" : "promoted existing user to",
                    qPrintable(name), admin->userId);
        return 0;
    }

    // Installed before start() so a SIGTERM during start-up is queued, not fatal.
    UnixSignalWatcher signalWatcher;
    Daemon daemon(config.value(), crypto, keys.value());
    if (auto started = daemon.start(); !started)
        return fail(started.error().message);

    QObject::connect(&signalWatcher, &UnixSignalWatcher::terminationRequested, &daemon, &Daemon::stop);
    QObject::connect(&daemon, &Daemon::stopped, &app, [] { QCoreApplication::exit(0); });
    return app.exec();
}
