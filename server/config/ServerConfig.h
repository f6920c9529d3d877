#pragma once

#include <QHostAddress>
#include <QString>
#include <QUrl>

namespace Banter::Server {

enum class LogFormat { Text, Json };

// Every setting banterd runs with, validated. Built by ConfigLoader; read-only afterwards.
struct ServerConfig
{
    QHostAddress address{QHostAddress::LocalHost};
    quint16 port = 8080;
    QUrl databaseUrl;
    int databaseConnections = 4;
    QString dataDir;
    QString keyFile;
    LogFormat logFormat = LogFormat::Text;
    QString logRules;
    bool devMode = false;
    qint64 maxBodyBytes = 1024 * 1024;
    int httpRateLimitPerSecond = 200; // per client address
    int userRateLimitPerSecond = 50;  // per authenticated user, burst 2x
    int shutdownGraceMs = 10000;
    quint32 argon2MemoryKiB = 19456;
    quint32 argon2Iterations = 2;
    int passwordHashThreads = 2;
    int authRatePerAddress = 5;  // auth requests per second per client address (burst x4)
    int loginRatePerAccount = 1; // login attempts per second per account (burst x5)
};

} // namespace Banter::Server
