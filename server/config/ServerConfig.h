#pragma once

#include <QHostAddress>
#include <QList>
#include <QStringList>
#include <QString>
#include <QUrl>

namespace Banter::Server {

enum class LogFormat { Text, Json };

// One OpenID Connect provider (oidc/<name>/...): its issuer URL (the presets google and facebook have theirs),
// our client id at it, and the client secret for the code flow's token request (empty: a public client, PKCE only).
struct OidcProviderConfig
{
    QString name; // [a-z0-9]{1,32}: in routes (/api/auth/oidc/<name>) and link lists
    QString issuer;
    QString clientId;
    QString clientSecret;
};

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
    bool reusePort = false; // SO_REUSEPORT: several processes accept on one port
    qint64 maxBodyBytes = 1024 * 1024;
    int httpRateLimitPerSecond = 200; // per client address
    int httpHeadTimeoutMs = 10000;
    int httpIdleTimeoutMs = 30000;
    qint64 httpBodyMemoryBytes = 64 * 1024 * 1024;
    int userRateLimitPerSecond = 50;  // per authenticated user, burst 2x
    int shutdownGraceMs = 10000;
    quint32 argon2MemoryKiB = 19456;
    quint32 argon2Iterations = 2;
    int passwordHashThreads = 2;
    int authRatePerAddress = 5;  // auth requests per second per client address (burst x4)
    int loginRatePerAccount = 1; // login attempts per second per account (burst x5)
    int maxConnectionsPerAddress = 512;
    int maxConnections = 19000;  // the process may hold 20,000 files
    // Realtime (Socket.IO)
    int socketThreads = 0; // 0: one per core
    int socketEventRate = 50;
    int maxPayloadBytes = 64 * 1024;
    int pingIntervalMs = 25000;
    int pingTimeoutMs = 20000;
    int pendingAuthMs = 10000;
    int typingTimeoutMs = 6000;
    int maxMessageChars = 4000;
    int maxGroupMembers = 1000;
    // Media
    qint64 maxUploadBytes = 25LL * 1024 * 1024;
    qint64 maxResumableUploadBytes = 1024LL * 1024 * 1024;
    qint64 mediaQuotaBytes = 1024LL * 1024 * 1024;
    qint64 uploadIdleSeconds = 3600;
    qint64 unattachedMediaSeconds = 24 * 3600;
    int mediaSweepMs = 60000;
    int maxOpenUploads = 20;
    QUrl publicUrl; // empty: http://address:port
    QStringList allowedOrigins; // CORS and Origin checks (CorsPolicy); empty: none
    QHostAddress metricsAddress; // null: no metrics listener of its own
    quint16 metricsPort = 0;
    QByteArray metricsToken;     // empty: GET /metrics is not served on the public port
    int writerThreads = 2;
    int writerBatch = 256;
    bool writerOneStatement = true; // OneStatementPath
    int searchIndexShare = 25; // percent of the indexer thread's time while a backlog waits
    int jobThreads = 2; // JobRunner threads (database connections)
    int jobRetryBaseMs = 1000; // JobRunner backoff base
    int notificationRetentionDays = 90;
    int notifyPartMembers = 250; // a bigger fan-out is split into jobs of about this many members (0: never)
    QString vapidSubject; // empty: mailto:postmaster@<host name>
    // Sign-in with OpenID Connect providers
    QList<OidcProviderConfig> oidcProviders;
    QStringList oidcRedirects;     // where the code flow may hand tokens to (exact URLs)
    int oidcJwksRefreshMs = 10000; // least time between two JWKS fetches caused by unknown key ids
    // Cluster
    QString busHost; // empty: the in-process bus (a single node)
    quint16 busPort = 6379;
    QString nodeName; // empty: the host name
    bool acceptEmitter = false; // deliver @socket.io/redis-emitter messages (needs busHost)
};

} // namespace Banter::Server
