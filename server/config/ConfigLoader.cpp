#include "config/ConfigLoader.h"

#include "http/CorsPolicy.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSettings>
#include <QUrl>

#include <algorithm>
#include <functional>

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

using Apply = std::function<Result<void>(ServerConfig &, const QString &)>;

struct Option
{
    const char *flag;      // --flag
    const char *iniKey;    // section/key in the --config file
    const char *envVar;    // BANTER_*
    const char *valueName; // shown by --help
    const char *help;
    Apply apply;
};

Error invalid(const char *key, const QString &why)
{
    return makeError(u"invalid_config", QStringLiteral("%1: %2").arg(QLatin1StringView(key), why));
}

Result<qint64> parseInt(const char *key, const QString &value, qint64 min, qint64 max)
{
    bool ok = false;
    const qint64 n = value.trimmed().toLongLong(&ok);
    if (!ok || n < min || n > max)
        return invalid(key, QStringLiteral("expected an integer from %1 to %2, got \"%3\"").arg(min).arg(max).arg(value));
    return n;
}

Result<bool> parseBool(const char *key, const QString &value)
{
    const QString v = value.trimmed().toLower();
    if (v == "1"_L1 || v == "true"_L1 || v == "yes"_L1 || v == "on"_L1)
        return true;
    if (v == "0"_L1 || v == "false"_L1 || v == "no"_L1 || v == "off"_L1)
        return false;
    return invalid(key, QStringLiteral("expected true or false, got \"%1\"").arg(value));
}

// Any integer setting, whatever the field's integral type; min/max fit the field.
template <typename T>
Apply intOption(const char *key, T ServerConfig::*field, qint64 min, qint64 max)
{
    return [=](ServerConfig &c, const QString &v) -> Result<void> {
        auto n = parseInt(key, v, min, max);
        if (!n)
            return n.error();
        c.*field = static_cast<T>(n.value());
        return {};
    };
}

Apply boolOption(const char *key, bool ServerConfig::*field)
{
    return [=](ServerConfig &c, const QString &v) -> Result<void> {
        auto b = parseBool(key, v);
        if (!b)
            return b.error();
        c.*field = b.value();
        return {};
    };
}

const std::vector<Option> &options()
{
    static const std::vector<Option> table = {
        {"address", "server/address", "BANTER_ADDRESS", "ip", "Address to listen on (default 127.0.0.1).",
         [](ServerConfig &c, const QString &v) -> Result<void> {
             QHostAddress a;
             if (!a.setAddress(v.trimmed()))
                 return invalid("address", QStringLiteral("not an IP address: \"%1\"").arg(v));
             c.address = a;
             return {};
         }},
        {"port", "server/port", "BANTER_PORT", "port", "TCP port for REST and WebSocket (default 8080; 0 picks one).",
         intOption("port", &ServerConfig::port, 0, 65535)},
        {"database-url", "database/url", "BANTER_DATABASE_URL", "url",
         "PostgreSQL URL: postgres://user:password@host:port/database (required).",
         [](ServerConfig &c, const QString &v) -> Result<void> {
             const QUrl url(v.trimmed(), QUrl::StrictMode);
             if (!url.isValid() || (url.scheme() != "postgres"_L1 && url.scheme() != "postgresql"_L1)
                 || url.host().isEmpty() || url.path().size() < 2)
                 return invalid("database-url", u"expected postgres://user:password@host:port/database"_s);
             c.databaseUrl = url;
             return {};
         }},
        {"database-connections", "database/connections", "BANTER_DATABASE_CONNECTIONS", "n",
         "Database connections, one thread each (default 4).", intOption("database-connections", &ServerConfig::databaseConnections, 1, 64)},
        {"data-dir", "server/data-dir", "BANTER_DATA_DIR", "dir", "Directory for the key file (default ./var/banterd).",
         [](ServerConfig &c, const QString &v) -> Result<void> {
             if (v.trimmed().isEmpty())
                 return invalid("data-dir", u"must not be empty"_s);
             c.dataDir = QDir::cleanPath(QDir::current().absoluteFilePath(v.trimmed()));
             return {};
         }},
        {"key-file", "security/key-file", "BANTER_KEY_FILE", "file",
         "Secret key file, created with mode 0600 on first start (default DATA_DIR/keys.json).",
         [](ServerConfig &c, const QString &v) -> Result<void> {
             if (v.trimmed().isEmpty())
                 return invalid("key-file", u"must not be empty"_s);
             c.keyFile = QDir::cleanPath(QDir::current().absoluteFilePath(v.trimmed()));
             return {};
         }},
        {"log-format", "log/format", "BANTER_LOG_FORMAT", "text|json", "Log format (default text).",
         [](ServerConfig &c, const QString &v) -> Result<void> {
             if (v == "text"_L1)
                 c.logFormat = LogFormat::Text;
             else if (v == "json"_L1)
                 c.logFormat = LogFormat::Json;
             else
                 return invalid("log-format", QStringLiteral("expected text or json, got \"%1\"").arg(v));
             return {};
         }},
        {"log-rules", "log/rules", "BANTER_LOG_RULES", "rules",
         "Qt logging rules, e.g. \"banter.http.debug=true\".",
         [](ServerConfig &c, const QString &v) -> Result<void> {
             c.logRules = v;
             return {};
         }},
        {"dev", "server/dev", "BANTER_DEV", "bool", "Development mode: error details in 500 responses.",
         boolOption("dev", &ServerConfig::devMode)},
        {"reuse-port", "server/reuse-port", "BANTER_REUSE_PORT", "bool",
         "Share the port with other banterd processes on this host (SO_REUSEPORT; the kernel spreads new "
         "connections over them; run them with --bus). Default false.",
         boolOption("reuse-port", &ServerConfig::reusePort)},
        {"bus", "cluster/bus", "BANTER_BUS", "url",
         "Run as one node of several: fan-out, presence and revocation across nodes over Valkey or Redis pub/sub, "
         "e.g. redis://127.0.0.1:6379 (default none: a single node, in-process). See docs/deploy.md.",
         [](ServerConfig &c, const QString &v) -> Result<void> {
             const QUrl url(v.trimmed(), QUrl::StrictMode);
             if (!url.isValid() || url.scheme() != "redis"_L1 || url.host().isEmpty() || !url.userInfo().isEmpty()
                 || (!url.path().isEmpty() && url.path() != "/"_L1))
                 return invalid("bus", u"expected redis://HOST:PORT"_s);
             c.busHost = url.host();
             c.busPort = quint16(url.port(6379));
             return {};
         }},
        {"node-name", "cluster/node-name", "BANTER_NODE_NAME", "name",
         "This node's name in a cluster, shown in the admin presence view (default: the host name).",
         [](ServerConfig &c, const QString &v) -> Result<void> {
             static const QRegularExpression valid(u"^[A-Za-z0-9_-]{1,64}$"_s);
             if (!valid.match(v.trimmed()).hasMatch())
                 return invalid("node-name", u"1 to 64 letters, digits, '_' or '-'"_s);
             c.nodeName = v.trimmed();
             return {};
         }},
        {"accept-emitter", "cluster/accept-emitter", "BANTER_ACCEPT_EMITTER", "bool",
         "With --bus: deliver what other programs publish with @socket.io/redis-emitter to user:<id> and "
         "conversation:<id> rooms (default false; docs/deploy.md lists what is accepted).",
         boolOption("accept-emitter", &ServerConfig::acceptEmitter)},
        {"max-body-bytes", "http/max-body-bytes", "BANTER_MAX_BODY_BYTES", "bytes",
         "Largest accepted request body (default 1048576).",
         intOption("max-body-bytes", &ServerConfig::maxBodyBytes, 1024, 64 * 1024 * 1024)},
        {"http-head-timeout-ms", "http/head-timeout-ms", "BANTER_HTTP_HEAD_TIMEOUT_MS", "ms",
         "A request's head must arrive within this of its first byte, else 408 (default 10000).",
         intOption("http-head-timeout-ms", &ServerConfig::httpHeadTimeoutMs, 100, 600000)},
        {"http-idle-timeout-ms", "http/idle-timeout-ms", "BANTER_HTTP_IDLE_TIMEOUT_MS", "ms",
         "A keep-alive connection (or a request body) silent this long is closed (default 30000).",
         intOption("http-idle-timeout-ms", &ServerConfig::httpIdleTimeoutMs, 100, 3600000)},
        {"http-body-memory-bytes", "http/body-memory-bytes", "BANTER_HTTP_BODY_MEMORY_BYTES", "bytes",
         "Request bodies being received at once, all connections together; past it 503 (default 67108864).",
         intOption("http-body-memory-bytes", &ServerConfig::httpBodyMemoryBytes, 1024, 1024 * 1024 * 1024)},
        {"http-rate-limit", "http/rate-limit", "BANTER_HTTP_RATE_LIMIT", "n",
         "HTTP requests per second per client address (default 200).",
         intOption("http-rate-limit", &ServerConfig::httpRateLimitPerSecond, 1, 1000000)},
        {"argon2-memory-kib", "security/argon2-memory-kib", "BANTER_ARGON2_MEMORY_KIB", "KiB",
         "Argon2id memory per password hash (default 19456 = 19 MiB).",
         intOption("argon2-memory-kib", &ServerConfig::argon2MemoryKiB, 8, 4 * 1024 * 1024)},
        {"argon2-iterations", "security/argon2-iterations", "BANTER_ARGON2_ITERATIONS", "n",
         "Argon2id passes (default 2).",
         intOption("argon2-iterations", &ServerConfig::argon2Iterations, 1, 100)},
        {"password-hash-threads", "security/password-hash-threads", "BANTER_PASSWORD_HASH_THREADS", "n",
         "Threads hashing passwords (default 2).",
         intOption("password-hash-threads", &ServerConfig::passwordHashThreads, 1, 64)},
        {"auth-rate-limit", "security/auth-rate-limit", "BANTER_AUTH_RATE_LIMIT", "n",
         "Register/login requests per second per client address, burst 4x (default 5).",
         intOption("auth-rate-limit", &ServerConfig::authRatePerAddress, 1, 1000000)},
        {"login-rate-limit", "security/login-rate-limit", "BANTER_LOGIN_RATE_LIMIT", "n",
         "Login attempts per second per account, burst 5x (default 1).",
         intOption("login-rate-limit", &ServerConfig::loginRatePerAccount, 1, 1000000)},
        {"user-rate-limit", "http/user-rate-limit", "BANTER_USER_RATE_LIMIT", "n",
         "Authenticated requests per second per user, burst 2x (default 50).",
         intOption("user-rate-limit", &ServerConfig::userRateLimitPerSecond, 1, 1000000)},
        {"shutdown-grace-ms", "server/shutdown-grace-ms", "BANTER_SHUTDOWN_GRACE_MS", "ms",
         "How long shutdown waits for in-flight requests (default 10000).",
         intOption("shutdown-grace-ms", &ServerConfig::shutdownGraceMs, 0, 600000)},
        {"max-connections-per-address", "server/max-connections-per-address", "BANTER_MAX_CONNECTIONS_PER_ADDRESS", "n",
         "Open connections (HTTP and WebSocket) per client address (default 512).",
         intOption("max-connections-per-address", &ServerConfig::maxConnectionsPerAddress, 1, 1000000)},
        {"max-connections", "server/max-connections", "BANTER_MAX_CONNECTIONS", "n",
         "Open connections in all (default 19000; the process may hold 20,000 files).",
         intOption("max-connections", &ServerConfig::maxConnections, 1, 1000000)},
        {"socket-threads", "realtime/threads", "BANTER_SOCKET_THREADS", "n",
         "Event-loop threads for WebSocket connections (default 0 = one per core).",
         intOption("socket-threads", &ServerConfig::socketThreads, 0, 64)},
        {"socket-event-rate", "realtime/event-rate", "BANTER_SOCKET_EVENT_RATE", "n",
         "Events per second per socket, burst 2x (default 50).",
         intOption("socket-event-rate", &ServerConfig::socketEventRate, 1, 1000000)},
        {"max-payload-bytes", "realtime/max-payload-bytes", "BANTER_MAX_PAYLOAD_BYTES", "bytes",
         "Largest WebSocket frame / Socket.IO packet (default 65536).",
         intOption("max-payload-bytes", &ServerConfig::maxPayloadBytes, 1024, 16 * 1024 * 1024)},
        {"ping-interval-ms", "realtime/ping-interval-ms", "BANTER_PING_INTERVAL_MS", "ms",
         "Engine.IO heartbeat interval (default 25000).",
         intOption("ping-interval-ms", &ServerConfig::pingIntervalMs, 100, 3600000)},
        {"ping-timeout-ms", "realtime/ping-timeout-ms", "BANTER_PING_TIMEOUT_MS", "ms",
         "A peer that does not answer a ping within this is dropped (default 20000).",
         intOption("ping-timeout-ms", &ServerConfig::pingTimeoutMs, 100, 3600000)},
        {"pending-auth-ms", "realtime/pending-auth-ms", "BANTER_PENDING_AUTH_MS", "ms",
         "A socket must authenticate within this (default 10000).",
         intOption("pending-auth-ms", &ServerConfig::pendingAuthMs, 100, 3600000)},
        {"typing-timeout-ms", "realtime/typing-timeout-ms", "BANTER_TYPING_TIMEOUT_MS", "ms",
         "A typing indicator nobody refreshes ends after this (default 6000).",
         intOption("typing-timeout-ms", &ServerConfig::typingTimeoutMs, 100, 600000)},
        {"max-message-chars", "chat/max-message-chars", "BANTER_MAX_MESSAGE_CHARS", "n",
         "Longest message content in characters (default 4000).",
         intOption("max-message-chars", &ServerConfig::maxMessageChars, 1, 1000000)},
        {"max-group-members", "chat/max-group-members", "BANTER_MAX_GROUP_MEMBERS", "n",
         "Most members of a group (default 1000).",
         intOption("max-group-members", &ServerConfig::maxGroupMembers, 2, 100000)},
        {"public-url", "server/public-url", "BANTER_PUBLIC_URL", "url",
         "The URL clients reach this server at, for links it hands out (default http://ADDRESS:PORT).",
         [](ServerConfig &c, const QString &v) -> Result<void> {
             const QUrl url(v.trimmed(), QUrl::StrictMode);
             if (!url.isValid() || (url.scheme() != "http"_L1 && url.scheme() != "https"_L1) || url.host().isEmpty()
                 || url.hasQuery() || url.hasFragment())
                 return invalid("public-url", u"expected http(s)://host[:port][/path]"_s);
             c.publicUrl = url;
             return {};
         }},
        {"allowed-origins", "http/allowed-origins", "BANTER_ALLOWED_ORIGINS", "list",
         "Web origins allowed to call the API and open sockets from a browser, comma-separated "
         "(https://chat.example.com,...; '*' only with --dev). Default none: no CORS headers, Origin not checked.",
         [](ServerConfig &c, const QString &v) -> Result<void> {
             QStringList origins;
             for (const QString &o : v.split(u',', Qt::SkipEmptyParts))
                 origins.append(o.trimmed());
             if (const auto bad = CorsPolicy::invalidEntry(origins))
                 return invalid("allowed-origins", u"not an origin (scheme://host[:port]): "_s + *bad);
             c.allowedOrigins = origins;
             return {};
         }},
        {"metrics-address", "metrics/address", "BANTER_METRICS_ADDRESS", "host:port",
         "Also serve Prometheus metrics (GET /metrics) without a token on this address, e.g. 127.0.0.1:9464 "
         "(default off).",
         [](ServerConfig &c, const QString &v) -> Result<void> {
             const QString t = v.trimmed();
             const qsizetype colon = t.lastIndexOf(u':');
             bool ok = false;
             const uint port = colon > 0 ? t.sliced(colon + 1).toUInt(&ok) : 0;
             QString host = colon > 0 ? t.first(colon) : QString();
             if (host.startsWith(u'[') && host.endsWith(u']'))
                 host = host.sliced(1, host.size() - 2);
             const QHostAddress address(host);
             if (!ok || port == 0 || port > 65535 || address.isNull())
                 return invalid("metrics-address", u"expected IP:PORT, e.g. 127.0.0.1:9464"_s);
             c.metricsAddress = address;
             c.metricsPort = quint16(port);
             return {};
         }},
        {"metrics-token", "metrics/token", "BANTER_METRICS_TOKEN", "secret",
         "A bearer token that unlocks GET /metrics on the public port (at least 16 characters; default none: "
         "/metrics is not served there). Prefer the environment or the INI file to a flag.",
         [](ServerConfig &c, const QString &v) -> Result<void> {
             if (v.trimmed().size() < 16)
                 return invalid("metrics-token", u"at least 16 characters"_s);
             c.metricsToken = v.trimmed().toUtf8();
             return {};
         }},
        {"max-upload-bytes", "media/max-upload-bytes", "BANTER_MAX_UPLOAD_BYTES", "bytes",
         "Largest file in one upload request, and largest tus PATCH (default 26214400).",
         intOption("max-upload-bytes", &ServerConfig::maxUploadBytes, 1024, 1024LL * 1024 * 1024)},
        {"max-resumable-upload-bytes", "media/max-resumable-upload-bytes", "BANTER_MAX_RESUMABLE_UPLOAD_BYTES", "bytes",
         "Largest file uploaded with tus (default 1073741824).",
         intOption("max-resumable-upload-bytes", &ServerConfig::maxResumableUploadBytes, 1024, 1LL << 40)},
        {"media-quota-bytes", "media/quota-bytes", "BANTER_MEDIA_QUOTA_BYTES", "bytes",
         "Media each user may hold, uploads in progress included (default 1073741824).",
         intOption("media-quota-bytes", &ServerConfig::mediaQuotaBytes, 0, 1LL << 50)},
        {"upload-idle-seconds", "media/upload-idle-seconds", "BANTER_UPLOAD_IDLE_SECONDS", "s",
         "A tus upload nobody adds to is removed after this (default 3600).",
         intOption("upload-idle-seconds", &ServerConfig::uploadIdleSeconds, 1, 30LL * 24 * 3600)},
        {"unattached-media-seconds", "media/unattached-seconds", "BANTER_UNATTACHED_MEDIA_SECONDS", "s",
         "An upload no message carries is removed after this (default 86400).",
         intOption("unattached-media-seconds", &ServerConfig::unattachedMediaSeconds, 1, 365LL * 24 * 3600)},
        {"max-open-uploads", "media/max-open-uploads", "BANTER_MAX_OPEN_UPLOADS", "n",
         "Resumable (tus) uploads in progress per user (default 20).",
         intOption("max-open-uploads", &ServerConfig::maxOpenUploads, 1, 100000)},
        {"media-sweep-ms", "media/sweep-ms", "BANTER_MEDIA_SWEEP_MS", "ms",
         "How often expired uploads and unused files are removed (default 60000).",
         intOption("media-sweep-ms", &ServerConfig::mediaSweepMs, 100, 3600000)},
        {"writer-threads", "chat/writer-threads", "BANTER_WRITER_THREADS", "n",
         "Message writer threads (database connections), each storing batches (default 2).",
         intOption("writer-threads", &ServerConfig::writerThreads, 1, 32)},
        {"writer-batch", "chat/writer-batch", "BANTER_WRITER_BATCH", "n",
         "Most messages stored per transaction (default 256).",
         intOption("writer-batch", &ServerConfig::writerBatch, 1, 10000)},
        {"writer-one-statement", "chat/writer-one-statement", "BANTER_WRITER_ONE_STATEMENT", "bool",
         "Store a batch of plain new messages in one statement, not an eight-round-trip transaction (default true; "
         "false to compare, see BENCHMARKS.md).",
         boolOption("writer-one-statement", &ServerConfig::writerOneStatement)},
        {"search-index-share", "chat/search-index-share", "BANTER_SEARCH_INDEX_SHARE", "percent",
         "Most of its time the search indexer spends working through a backlog (default 25).",
         intOption("search-index-share", &ServerConfig::searchIndexShare, 1, 100)},
        {"job-threads", "jobs/threads", "BANTER_JOB_THREADS", "n",
         "Job queue threads (database connections) running background jobs: notifications, pushes (default 2; 0: this "
         "node runs none, other nodes on the database do).",
         intOption("job-threads", &ServerConfig::jobThreads, 0, 32)},
        {"job-retry-base-ms", "jobs/retry-base-ms", "BANTER_JOB_RETRY_BASE_MS", "ms",
         "The first pause before a failed job runs again; it doubles with every attempt, with jitter, up to 600 "
         "times this or 10 minutes (default 1000).",
         intOption("job-retry-base-ms", &ServerConfig::jobRetryBaseMs, 1, 60000)},
        {"notification-retention-days", "notifications/retention-days", "BANTER_NOTIFICATION_RETENTION_DAYS", "days",
         "Notifications older than this are removed (default 90).",
         intOption("notification-retention-days", &ServerConfig::notificationRetentionDays, 1, 3650)},
        {"notify-part-members", "notifications/part-members", "BANTER_NOTIFY_PART_MEMBERS", "n",
         "A notification fan-out to more members than this (a big group) is split into jobs of about this many, "
         "each a short transaction (default 250; 0: never split).",
         intOption("notify-part-members", &ServerConfig::notifyPartMembers, 0, 100000)},
        {"vapid-subject", "notifications/vapid-subject", "BANTER_VAPID_SUBJECT", "uri",
         "Where push services can reach this server's operator, sent with every Web Push (RFC 8292 \"sub\"): "
         "a mailto: or https: URI (default mailto:postmaster@<host name>).",
         [](ServerConfig &c, const QString &v) -> Result<void> {
             const QString t = v.trimmed();
             const QUrl url(t, QUrl::StrictMode);
             if (t.size() > 200 || !url.isValid()
                 || !((url.scheme() == u"mailto"_s && t.contains(u'@')) || (url.scheme() == u"https"_s && !url.host().isEmpty())))
                 return invalid("vapid-subject", u"a mailto: or https: URI"_s);
             c.vapidSubject = t;
             return {};
         }},
        {"oidc-redirects", "oidc/redirects", "BANTER_OIDC_REDIRECTS", "list",
         "Where the OpenID Connect code flow may hand tokens to: comma-separated absolute URLs, each allowed "
         "exactly as written (https, or http to loopback; no query, no fragment). Default none: "
         "/api/auth/oidc/<name>/start refuses every redirect.",
         [](ServerConfig &c, const QString &v) -> Result<void> {
             QStringList urls;
             for (const QString &entry : v.split(u',', Qt::SkipEmptyParts)) {
                 const QUrl url(entry.trimmed(), QUrl::StrictMode);
                 const bool loopback = url.host() == "127.0.0.1"_L1 || url.host() == "::1"_L1 || url.host() == "localhost"_L1;
                 if (!url.isValid() || url.host().isEmpty() || url.hasQuery() || url.hasFragment() || !url.userInfo().isEmpty()
                     || !(url.scheme() == "https"_L1 || (url.scheme() == "http"_L1 && loopback)))
                     return invalid("oidc-redirects", u"not an https URL (or http to loopback) without query and fragment: "_s
                                                          + entry.trimmed());
                 urls.append(url.toString(QUrl::FullyEncoded));
             }
             c.oidcRedirects = urls;
             return {};
         }},
        {"oidc-jwks-refresh-ms", "oidc/jwks-refresh-ms", "BANTER_OIDC_JWKS_REFRESH_MS", "ms",
         "Least time between two fetches of a provider's JWKS caused by tokens naming an unknown key (default 10000).",
         intOption("oidc-jwks-refresh-ms", &ServerConfig::oidcJwksRefreshMs, 0, 3600000)},
    };
    return table;
}

// oidc/<name>/<field>: the three settings of a provider. Names are what routes carry (/api/auth/oidc/<name>).
bool isOidcName(const QString &name)
{
    static const QRegularExpression valid(u"^[a-z0-9]{1,32}$"_s);
    return valid.match(name).hasMatch();
}

Result<void> setOidc(ServerConfig &c, const QString &name, const QString &field, const QString &value)
{
    if (!isOidcName(name))
        return invalid("oidc", QStringLiteral("provider name \"%1\": 1-32 of a-z, 0-9").arg(name.left(40)));
    auto it = std::find_if(c.oidcProviders.begin(), c.oidcProviders.end(),
                           [&](const OidcProviderConfig &p) { return p.name == name; });
    if (it == c.oidcProviders.end()) {
        c.oidcProviders.append(OidcProviderConfig{name, {}, {}, {}});
        it = c.oidcProviders.end() - 1;
    }
    const QString v = value.trimmed();
    if (field == "issuer"_L1)
        it->issuer = v;
    else if (field == "client-id"_L1)
        it->clientId = v;
    else if (field == "client-secret"_L1)
        it->clientSecret = v;
    else
        return invalid("oidc", QStringLiteral("unknown setting oidc/%1/%2 (issuer, client-id, client-secret)").arg(name, field.left(40)));
    return {};
}

// After every source is read: presets, then the checks that need --dev.
Result<void> finishOidc(ServerConfig &c)
{
    for (OidcProviderConfig &p : c.oidcProviders) {
        const QByteArray issuerKey = "oidc/" + p.name.toLatin1() + "/issuer";
        const QByteArray clientKey = "oidc/" + p.name.toLatin1() + "/client-id";
        if (p.issuer.isEmpty() && p.name == "google"_L1)
            p.issuer = u"https://accounts.google.com"_s;
        if (p.issuer.isEmpty() && p.name == "facebook"_L1)
            p.issuer = u"https://www.facebook.com"_s;
        if (p.clientId.isEmpty())
            return invalid(clientKey.constData(), u"required for every configured provider"_s);
        if (p.clientId.size() > 512 || p.clientSecret.size() > 512)
            return invalid(clientKey.constData(), u"at most 512 characters (the secret too)"_s);
        if (p.issuer.isEmpty())
            return invalid(issuerKey.constData(), u"required (only google and facebook have a preset)"_s);
        const QUrl url(p.issuer, QUrl::StrictMode);
        const bool loopback = url.host() == "127.0.0.1"_L1 || url.host() == "::1"_L1;
        if (!url.isValid() || url.host().isEmpty() || url.hasQuery() || url.hasFragment() || !url.userInfo().isEmpty())
            return invalid(issuerKey.constData(), u"expected https://host[:port][/path]"_s);
        if (url.scheme() != "https"_L1 && !(c.devMode && url.scheme() == "http"_L1 && loopback))
            return invalid(issuerKey.constData(), u"must be https (http://127.0.0.1 only with --dev)"_s);
    }
    return {};
}

Result<void> applyOidcAssignment(ServerConfig &c, const QString &assignment)
{
    // NAME/FIELD=VALUE
    const qsizetype eq = assignment.indexOf(u'=');
    const QString path = eq < 0 ? QString() : assignment.first(eq).trimmed();
    const QStringList parts = path.split(u'/');
    if (eq < 0 || parts.size() != 2)
        return invalid("oidc", u"expected --oidc NAME/FIELD=VALUE, e.g. google/client-id=1234.apps.googleusercontent.com"_s);
    return setOidc(c, parts[0], parts[1], assignment.sliced(eq + 1));
}

// QSettings reads an unquoted "a,b" as a list: here it is one comma-separated value, as a flag would give it.
QString iniValue(const QSettings &ini, const char *key)
{
    const QVariant raw = ini.value(QLatin1StringView(key));
    return raw.typeId() == QMetaType::QStringList ? raw.toStringList().join(u',') : raw.toString();
}

} // namespace

void ConfigLoader::addOptions(QCommandLineParser &parser)
{
    parser.addOption({u"config"_s, u"INI file with settings (see resources/banterd.example.ini)."_s, u"file"_s});
    parser.addOption({u"oidc"_s,
                      u"An OpenID Connect provider setting, NAME/FIELD=VALUE with FIELD issuer, client-id or "
                      "client-secret (repeatable; INI oidc/NAME/FIELD, env BANTER_OIDC_NAME_ISSUER, "
                      "..._CLIENT_ID, ..._CLIENT_SECRET). Presets: google, facebook (issuer known)."_s,
                      u"setting"_s});
    for (const Option &o : options()) {
        const QString help = QStringLiteral("%1 [env %2]").arg(QLatin1StringView(o.help), QLatin1StringView(o.envVar));
        if (qstrcmp(o.flag, "dev") == 0)
            parser.addOption({QLatin1StringView(o.flag), help});
        else
            parser.addOption({QLatin1StringView(o.flag), help, QLatin1StringView(o.valueName)});
    }
}

Result<ServerConfig> ConfigLoader::load(const QCommandLineParser &parser, const QProcessEnvironment &env)
{
    ServerConfig config;
    config.dataDir = QDir::cleanPath(QDir::current().absoluteFilePath(u"var/banterd"_s));

    std::unique_ptr<QSettings> ini;
    if (parser.isSet(u"config"_s)) {
        const QString path = parser.value(u"config"_s);
        if (!QFileInfo(path).isReadable())
            return invalid("config", QStringLiteral("cannot read \"%1\"").arg(path));
        ini = std::make_unique<QSettings>(path, QSettings::IniFormat);
        if (ini->status() != QSettings::NoError)
            return invalid("config", QStringLiteral("\"%1\" is not a valid INI file").arg(path));
        const QStringList known = [] {
            QStringList keys;
            for (const Option &o : options())
                keys << QLatin1StringView(o.iniKey);
            return keys;
        }();
        static const QRegularExpression oidcKey(u"^oidc/([^/]+)/([^/]+)$"_s);
        for (const QString &key : ini->allKeys()) {
            if (oidcKey.match(key).hasMatch())
                continue;
            if (!known.contains(key))
                return invalid("config", QStringLiteral("unknown key \"%1\" in \"%2\"").arg(key, path));
        }
    }

    for (const Option &o : options()) {
        const QString flag = QLatin1StringView(o.flag);
        std::optional<QString> value;
        if (parser.isSet(flag))
            value = qstrcmp(o.flag, "dev") == 0 ? u"true"_s : parser.value(flag);
        else if (env.contains(QLatin1StringView(o.envVar)))
            value = env.value(QLatin1StringView(o.envVar));
        else if (ini && ini->contains(QLatin1StringView(o.iniKey)))
            value = iniValue(*ini, o.iniKey);
        if (!value)
            continue;
        if (auto applied = o.apply(config, *value); !applied)
            return applied.error();
    }

    // OpenID Connect providers: INI, then the environment, then flags (each overriding the one before).
    if (ini) {
        static const QRegularExpression oidcKey(u"^oidc/([^/]+)/([^/]+)$"_s);
        for (const QString &key : ini->allKeys()) {
            const auto m = oidcKey.match(key);
            if (!m.hasMatch())
                continue;
            if (auto r = setOidc(config, m.captured(1), m.captured(2), iniValue(*ini, key.toLatin1().constData())); !r)
                return r.error();
        }
    }
    static const QRegularExpression oidcEnv(u"^BANTER_OIDC_([A-Z0-9]+)_(ISSUER|CLIENT_ID|CLIENT_SECRET)$"_s);
    QStringList envKeys = env.keys();
    envKeys.sort();
    for (const QString &key : std::as_const(envKeys)) {
        const auto m = oidcEnv.match(key);
        if (!m.hasMatch())
            continue;
        const QString field = m.captured(2).toLower().replace(u'_', u'-');
        if (auto r = setOidc(config, m.captured(1).toLower(), field, env.value(key)); !r)
            return r.error();
    }
    for (const QString &assignment : parser.values(u"oidc"_s)) {
        if (auto r = applyOidcAssignment(config, assignment); !r)
            return r.error();
    }
    if (auto r = finishOidc(config); !r)
        return r.error();

    if (config.databaseUrl.isEmpty())
        return invalid("database-url", u"required (flag --database-url, env BANTER_DATABASE_URL or [database] url)"_s);
    if (config.allowedOrigins.contains(u"*"_s) && !config.devMode)
        return invalid("allowed-origins", u"'*' (any origin) is only allowed with --dev"_s);
    if (config.acceptEmitter && config.busHost.isEmpty())
        return invalid("accept-emitter", u"needs --bus (the emitter publishes on the cluster's Valkey)"_s);
    if (config.keyFile.isEmpty())
        config.keyFile = QDir(config.dataDir).filePath(u"keys.json"_s);
    return config;
}

} // namespace Banter::Server
