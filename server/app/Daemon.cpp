#include "app/Daemon.h"

#include "app/AppLog.h"
#include "app/DatabaseBootstrap.h"
#include "http/ApiRouter.h"
#include "http/AccountRoutes.h"
#include "http/OidcRoutes.h"
#include "http/AdminRoutes.h"
#include "http/ChatRoutes.h"
#include "http/E2eeRoutes.h"
#include "http/GroupRoutes.h"
#include "http/NotificationRoutes.h"
#include "http/MediaRoutes.h"
#include "http/HealthRoutes.h"
#include "http/LimitedTcpServer.h"
#include "http/MetricsRoutes.h"
#include "metrics/ProcessStats.h"
#include "metrics/ServerMetrics.h"
#include "http/StaticRoutes.h"
#include "crypto/MessageSealer.h"
#include "http/CorsPolicy.h"
#include "http/CorsRoutes.h"
#include "realtime/ChatSocketHandlers.h"
#include "realtime/ConnectionRegistry.h"
#include "realtime/MetricsSampler.h"
#include "realtime/EventRouter.h"
#include "realtime/SocketGateway.h"
#include "realtime/SocketHub.h"
#include "bus/ClusterBus.h"
#include "bus/ClusterPresence.h"
#include "bus/LocalBus.h"
#include "realtime/ClusterCatchUp.h"
#include "service/EventReplay.h"
#include "service/AdminService.h"
#include "service/AuthService.h"
#include "service/OidcProviders.h"
#include "service/OidcService.h"
#include "service/ChatService.h"
#include "service/GroupService.h"
#include "service/MediaJanitor.h"
#include "service/MediaService.h"
#include "service/WorkerPool.h"
#include "storage/FileBlobStore.h"
#include "service/MessageWriter.h"
#include "service/PresenceService.h"
#include "service/TypingTracker.h"
#include "service/ReceiptService.h"
#include "service/SearchIndexer.h"
#include "service/JobAdminService.h"
#include "service/JobRunner.h"
#include "service/NotificationFanout.h"
#include "service/NotificationService.h"
#include "service/E2eeService.h"
#include "service/PushDelivery.h"
#include "service/PushSender.h"
#include "http/JobRoutes.h"
#include "service/SearchService.h"
#include "service/HealthService.h"
#include "service/PasswordHashPool.h"
#include "service/UserService.h"
#include "storage/DbExecutor.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QSysInfo>
#include <QHttpServer>
#include <QThread>
#include <QTimer>

#include <sys/socket.h>

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

// What a multipart/form-data body may carry beyond the file itself (boundaries, part headers).
constexpr qint64 MultipartSlackBytes = 64 * 1024;

} // namespace

Daemon::Daemon(ServerConfig config, CryptoService crypto, KeyStore keys, QObject *parent)
    : QObject(parent), m_config(std::move(config)), m_crypto(crypto), m_keys(std::move(keys))
{
}

Daemon::~Daemon()
{
    if (m_clusterPresence)
        m_clusterPresence->stop();
    if (m_cluster)
        m_cluster->stop(); // its threads call into the catch-up, the presence mirror and the workers
    if (m_mediaWorkers)
        m_mediaWorkers->shutdown();
    if (m_oidcWorkers)
        m_oidcWorkers->shutdown();
    // Writers and database threads may still announce to the socket workers: stop them first.
    if (m_indexer)
        m_indexer->stop();
    if (m_jobs)
        m_jobs->stop();
    if (m_writer)
        m_writer->shutdown();
    if (m_db)
        m_db->shutdown();
    if (m_gateway)
        m_gateway->stopThreads();
}

AuthSettings Daemon::authSettings() const
{
    AuthSettings settings; // token lifetimes and the 2FA failure limit keep their defaults
    settings.authRatePerAddress = m_config.authRatePerAddress;
    settings.authRatePerAccount = m_config.loginRatePerAccount;
    return settings;
}

Result<void> Daemon::start()
{
    const ConnectionFactory factory(m_config.databaseUrl);
    auto schema = DatabaseBootstrap::run(factory);
    if (!schema)
        return makeError(schema.error().code, u"database: "_s + schema.error().message);
    qCInfo(lcApp) << "database" << factory.describe() << "ready at schema version" << schema.value();

    m_db = std::make_unique<DbExecutor>(factory, m_config.databaseConnections);
    m_health = std::make_unique<HealthService>(*m_db, schema.value());
    auto hasher = PasswordHasher::create(m_crypto, {m_config.argon2MemoryKiB, m_config.argon2Iterations, 1});
    if (!hasher)
        return makeError(hasher.error().code, u"argon2: "_s + hasher.error().message);
    m_hashes = std::make_unique<PasswordHashPool>(hasher.value(), m_config.passwordHashThreads, 64);
    m_counters = std::make_unique<ServerMetrics>();
    m_bus = std::make_unique<LocalBus>();
    EventBus *bus = m_bus.get();
    if (!m_config.busHost.isEmpty()) {
        m_cluster = std::make_unique<ClusterBus>(*m_bus, m_config.busHost, m_config.busPort, nodeId(),
                                                 m_config.acceptEmitter);
        m_clusterPresence = std::make_unique<ClusterPresence>(
            *m_cluster, [this] { return m_registry ? m_registry->userIds() : QList<qint64>{}; });
        bus = m_cluster.get();
    }
    m_hub = std::make_unique<SocketHub>(*bus);
    m_presence = std::make_unique<PresenceService>(*m_db, *m_hub, m_clusterPresence.get());
    m_hub->setMetrics(m_counters.get());
    m_auth = std::make_unique<AuthService>(*m_db, *m_hashes, m_crypto, m_keys, authSettings(), *m_hub, *this);
    m_users = std::make_unique<UserService>(*m_db);
    m_sealer = std::make_unique<MessageSealer>(m_crypto, m_keys);
    m_typing = std::make_unique<TypingTracker>(*m_hub, std::chrono::milliseconds(m_config.typingTimeoutMs));
    WriterLimits writerLimits;
    writerLimits.maxGroupMembers = m_config.maxGroupMembers;
    WriterSettings writerSettings;
    writerSettings.threads = m_config.writerThreads;
    writerSettings.maxBatch = m_config.writerBatch;
    writerSettings.limits = writerLimits;
    writerSettings.batchLatency = &m_counters->dbBatch;
    writerSettings.sharedDatabase = !m_config.busHost.isEmpty(); // a cluster: other nodes' writers too
    writerSettings.oneStatement = m_config.writerOneStatement;
    // The job runner exists (not started) before the writer, which wakes it when it enqueues fan-out jobs.
    JobRunnerSettings jobSettings;
    jobSettings.threads = m_config.jobThreads;
    jobSettings.node = QString::fromUtf8(nodeId());
    jobSettings.backoffBase = std::chrono::milliseconds(m_config.jobRetryBaseMs);
    jobSettings.backoffCap = std::min(std::chrono::milliseconds(10 * 60 * 1000), jobSettings.backoffBase * 600);
    m_jobs = std::make_unique<JobRunner>(factory, jobSettings);
    writerSettings.online = [presence = m_presence.get()](qint64 userId) { return presence->isOnline(userId); };
    writerSettings.jobsQueued = [jobs = m_jobs.get()] { jobs->wake(); };
    m_writer = std::make_unique<MessageWriter>(factory, *m_sealer, *m_hub, writerSettings);
    ChatLimits chatLimits;
    chatLimits.maxMessageChars = m_config.maxMessageChars;
    chatLimits.maxMembers = m_config.maxGroupMembers;
    m_chat = std::make_unique<ChatService>(*m_db, *m_writer, *m_sealer, *m_typing, *m_hub, *m_presence, chatLimits);
    GroupSettings groupSettings;
    groupSettings.publicUrl = [this] { return publicUrl(); };
    m_groups = std::make_unique<GroupService>(*m_db, *m_writer, *m_chat, m_crypto, groupSettings);
    PushSettings pushSettings;
    pushSettings.devMode = m_config.devMode;
    m_push = std::make_unique<PushSubscriptionService>(*m_db, m_crypto, m_keys, *m_sealer, pushSettings);
    m_notificationSettings = std::make_unique<NotificationSettingsService>(*m_db);
    m_e2ee = std::make_unique<E2eeService>(*m_db, *m_hub, E2eeSettings{});
    m_blobs = std::make_unique<FileBlobStore>(m_config.dataDir + u"/media"_s, m_crypto, m_keys);
    if (auto r = m_blobs->prepare(m_cluster != nullptr); !r)
        return makeError(r.error().code, u"media directory: "_s + r.error().message);
    m_mediaWorkers = std::make_unique<WorkerPool>(u"media"_s, 2);
    MediaSettings media;
    media.maxUploadBytes = m_config.maxUploadBytes;
    media.maxResumableBytes = m_config.maxResumableUploadBytes;
    media.quotaBytes = m_config.mediaQuotaBytes;
    media.uploadIdleSeconds = m_config.uploadIdleSeconds;
    media.unattachedSeconds = m_config.unattachedMediaSeconds;
    media.maxOpenUploads = m_config.maxOpenUploads;
    m_media = std::make_unique<MediaService>(*m_db, *m_mediaWorkers, *m_blobs, m_crypto, *m_sealer, media);
    m_mediaJanitor = std::make_unique<MediaJanitor>(*m_db, *m_blobs, media, std::chrono::milliseconds(m_config.mediaSweepMs));
    m_receipts = std::make_unique<ReceiptService>(*m_db, *m_hub, ReceiptSettings{});
    m_search = std::make_unique<SearchService>(*m_db, *m_sealer, SearchTokens(m_keys.searchKey().secret));
    m_indexer = std::make_unique<SearchIndexer>(factory, *m_sealer, SearchTokens(m_keys.searchKey().secret),
                                                SearchIndexerSettings{m_config.searchIndexShare});
    m_notifications = std::make_unique<NotificationService>(*m_db, *m_hub, m_config.notificationRetentionDays,
                                                             std::chrono::hours(1));
    FanoutSettings fanoutSettings;
    fanoutSettings.partMembers = m_config.notifyPartMembers;
    m_fanout = std::make_unique<NotificationFanout>(
        *m_sealer, [presence = m_presence.get()](qint64 userId) { return presence->isOnline(userId); }, *m_hub,
        fanoutSettings);
    // Handlers of the job kinds are registered here, before start().
    m_jobs->registerHandler(QString::fromLatin1(NotificationFanout::Kind),
                            [fanout = m_fanout.get()](DbSession &db, const QJsonObject &payload) { return fanout->run(db, payload); });
    PushSenderSettings senderSettings;
    senderSettings.subject = !m_config.vapidSubject.isEmpty()
                                 ? m_config.vapidSubject
                                 : u"mailto:postmaster@"_s + QSysInfo::machineHostName();
    senderSettings.allowPrivateAddresses = m_config.devMode;
    m_pushSender = std::make_unique<PushSender>(m_keys.vapidKeyPair(), senderSettings);
    m_pushDelivery = std::make_unique<PushDelivery>(*m_sealer, *m_pushSender);
    m_jobs->registerBatchHandler(QString::fromLatin1(NotificationFanout::PushKind), 50,
                                 [delivery = m_pushDelivery.get()](DbSession &db, const QList<JobRecord> &jobs) {
                                     return delivery->run(db, jobs);
                                 });
    m_jobs->start();
    m_registry = std::make_unique<ConnectionRegistry>(*m_hub, m_cluster ? nodeName() : QString());
    if (m_clusterPresence) {
        m_clusterPresence->setLocalSnapshot([this] { return m_registry->localSnapshot(); },
                                            [this] { return m_registry->version(); },
                                            [this] { return m_registry->watchers(); });
        m_registry->setClusterView(
            {[this](const QJsonObject &local) { return m_clusterPresence->withOtherNodes(local); },
             [this] { return m_clusterPresence->freshViewFromAnyThread(); },
             [this] { return m_clusterPresence->viewWanted(); }});
    }
    OidcSettings oidc;
    for (const OidcProviderConfig &p : std::as_const(m_config.oidcProviders))
        oidc.providers.append(OidcProviderSettings{p.name, p.issuer, p.clientId, p.clientSecret});
    oidc.redirects = m_config.oidcRedirects;
    oidc.devMode = m_config.devMode;
    oidc.publicUrl = [this] { return publicUrl(); };
    oidc.jwksRefreshInterval = std::chrono::milliseconds(m_config.oidcJwksRefreshMs);
    oidc.ratePerAddress = m_config.authRatePerAddress;
    m_oidcWorkers = std::make_unique<WorkerPool>(u"oidc"_s, 2, 200);
    m_oidcProviders = std::make_unique<OidcProviders>(oidc.providers, OidcHttp(oidc.devMode, oidc.timeout),
                                                      oidc.jwksRefreshInterval);
    m_oidc = std::make_unique<OidcService>(*m_db, *m_oidcWorkers, *m_oidcProviders, *m_auth, m_crypto, m_keys, *m_hub,
                                           oidc, *this);
    if (!oidc.providers.isEmpty())
        qCInfo(lcApp) << "sign-in with OpenID Connect providers:" << m_oidcProviders->names().join(u", "_s);
    m_admin = std::make_unique<AdminService>(*m_db, *m_writer, *m_sealer, *m_presence, *m_hub, *m_hub, *m_registry, *m_hub);
    m_jobAdmin = std::make_unique<JobAdminService>(*m_db, *m_hub, [this] { m_jobs->wake(); });
    m_events = std::make_unique<EventRouter>();
    ChatSocketHandlers::registerOn(*m_events, *m_chat, *m_typing, *m_receipts, *m_hub);

    m_http = std::make_unique<QHttpServer>();
    m_router = std::make_unique<ApiRouter>(
        *m_http, RouterLimits{m_config.maxBodyBytes, m_config.maxUploadBytes + MultipartSlackBytes,
                              m_config.httpRateLimitPerSecond, m_config.userRateLimitPerSecond,
                                m_config.devMode});
    m_router->setAuthenticator(m_auth.get());
    m_router->setMetrics(m_counters.get());
    m_cors = std::make_unique<CorsPolicy>(m_config.allowedOrigins);
    m_router->setCors(m_cors.get());
    HealthRoutes::registerOn(*m_router, *m_health);
    AccountRoutes::registerOn(*m_router, *m_auth, *m_users);
    OidcRoutes::registerOn(*m_router, *m_oidc);
    ChatRoutes::registerOn(*m_router, *m_chat, *m_receipts, *m_search);
    E2eeRoutes::registerOn(*m_router, *m_e2ee);
    GroupRoutes::registerOn(*m_router, *m_groups);
    NotificationRoutes::registerOn(*m_router, *m_notifications, *m_notificationSettings, *m_push);
    MediaRoutes::registerOn(*m_router, *m_media, *m_mediaWorkers);
    StaticRoutes::registerOn(*m_http, *m_router);

    RealtimeSettings realtime;
    realtime.threads = m_config.socketThreads > 0 ? m_config.socketThreads : qMax(1, QThread::idealThreadCount());
    realtime.pingIntervalMs = m_config.pingIntervalMs;
    realtime.pingTimeoutMs = m_config.pingTimeoutMs;
    realtime.maxPayloadBytes = m_config.maxPayloadBytes;
    realtime.eventsPerSecond = m_config.socketEventRate;
    realtime.pendingAuthMs = m_config.pendingAuthMs;
    realtime.maxConnections = m_config.maxConnections;
    realtime.metrics = m_counters.get();
    if (m_cluster)
        realtime.sidPrefix = nodeName() + u'.';
    HttpLimits httpLimits;
    httpLimits.maxBodyBytes = m_config.maxBodyBytes;
    httpLimits.maxMediaBodyBytes = m_config.maxUploadBytes + MultipartSlackBytes;
    httpLimits.headTimeoutMs = m_config.httpHeadTimeoutMs;
    httpLimits.idleTimeoutMs = m_config.httpIdleTimeoutMs;
    httpLimits.bodyMemoryBytes = m_config.httpBodyMemoryBytes;
    m_tcp = new LimitedTcpServer(m_config.maxConnectionsPerAddress, m_config.maxConnections, httpLimits, m_http.get());
    m_gateway = std::make_unique<SocketGateway>(*m_http, *m_tcp, *m_cors, realtime, *m_events, *m_auth, *m_presence,
                                                *m_bus, *m_registry);
    CorsRoutes::install(*m_http, *m_cors); // after every route: its OPTIONS catch-all comes last
    m_metrics = std::make_unique<MetricsSampler>(*m_gateway, *m_registry, *m_presence, *m_writer, *m_hub, *m_jobs);
    m_metricsRoutes = std::make_unique<MetricsRoutes>(*m_http, m_config.metricsToken, [this] { return prometheusText(); });
    if (!m_config.metricsAddress.isNull()) {
        QString error;
        if (!m_metricsRoutes->listen(m_config.metricsAddress, m_config.metricsPort, &error))
            return makeError(u"listen_failed", QStringLiteral("metrics address %1:%2: %3")
                                                   .arg(m_config.metricsAddress.toString()).arg(m_config.metricsPort).arg(error));
        qCInfo(lcApp).noquote() << QStringLiteral("metrics on http://%1:%2/metrics")
                                       .arg(m_config.metricsAddress.toString()).arg(m_config.metricsPort);
    }
    if (auto r = startCluster(); !r)
        return r;
    AdminRoutes::registerOn(*m_router, *m_admin, [this] { return m_registry->freshSnapshot(this); },
                            [this] { return m_metrics->latest(); });
    JobRoutes::registerOn(*m_router, *m_jobAdmin);

    // A held long-poll is silent until the next ping: with an idle timeout shorter than the ping interval the HTTP
    // guard closes it first, and polling clients see their poll fail (WebSocket clients are not affected).
    if (m_config.pingIntervalMs >= m_config.httpIdleTimeoutMs)
        qCWarning(lcApp) << "--ping-interval-ms" << m_config.pingIntervalMs << "is not below --http-idle-timeout-ms"
                         << m_config.httpIdleTimeoutMs << ": held long-polling requests will be closed as idle";
    // Qt's default backlog is 50: a burst of new connections (long-polling clients open one per request)
    // overflowed it, and the kernel's dropped SYNs came back after TCP's 1 s retry as a tail of the ack latency.
    m_tcp->setListenBacklogSize(SOMAXCONN);
    if (m_config.reusePort ? !m_tcp->listenSharingPort(m_config.address, m_config.port, SOMAXCONN)
                           : !m_tcp->listen(m_config.address, m_config.port))
        return makeError(u"listen_failed", QStringLiteral("cannot listen on %1:%2: %3")
                                               .arg(m_config.address.toString()).arg(m_config.port)
                                               .arg(m_config.reusePort ? u"see the log"_s : m_tcp->errorString()));
    if (!m_http->bind(m_tcp))
        return makeError(u"listen_failed", u"cannot attach the HTTP server to its socket"_s);
    qCInfo(lcApp).noquote() << QStringLiteral("listening on http://%1:%2").arg(m_config.address.toString()).arg(port());
    QStringList own{QStringLiteral("http://%1:%2").arg(m_config.address.toString()).arg(port())};
    if (m_config.address.isLoopback())
        own.append(QStringLiteral("http://localhost:%1").arg(port()));
    if (!m_config.publicUrl.isEmpty())
        own.append(m_config.publicUrl.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment)
                       .toString(QUrl::StripTrailingSlash));
    m_cors->allowOwn(own);
    return {};
}

QString Daemon::nodeName() const
{
    if (!m_config.nodeName.isEmpty())
        return m_config.nodeName;
    // The host name, as --node-name would accept it (it starts every sid; the load balancer matches on it).
    QString name = QSysInfo::machineHostName().section(u'.', 0, 0).left(64);
    for (QChar &c : name)
        if (!(c.isLetterOrNumber() && c.unicode() < 128) && c != u'_' && c != u'-')
            c = u'-';
    return name.isEmpty() ? u"node"_s : name;
}

QByteArray Daemon::nodeId() const
{
    // Unique per process: a node that restarts under the same name is a new node; the old one is reaped.
    return nodeName().toUtf8() + '#' + QByteArray::number(QRandomGenerator::system()->generate() & 0xffffff, 16);
}

Result<void> Daemon::startCluster()
{
    if (!m_cluster)
        return {};
    m_replay = std::make_unique<EventReplay>(*m_db, *m_sealer);
    m_catchUp = std::make_unique<ClusterCatchUp>(*m_cluster, *m_replay, *m_hub, *m_registry);
    ClusterBus::Hooks hooks;
    hooks.presence = [this](qint64 userId, bool online) { m_clusterPresence->remoteTransition(userId, online); };
    hooks.snapshotWanted = [this] { m_clusterPresence->snapshotWantedLater(); };
    hooks.resubscribed = [this](qint64 lostAtMs) {
        m_catchUp->resubscribedLater(lostAtMs);
        m_clusterPresence->reloadLater();
    };
    m_cluster->setHooks(std::move(hooks));
    m_cluster->start();
    m_clusterPresence->start();
    m_catchUp->start();
    qCInfo(lcApp).noquote() << "cluster node" << m_cluster->node() << "on the bus" << m_cluster->link().describe();
    return {};
}

QByteArray Daemon::prometheusText() const
{
    QByteArray out;
    out.reserve(16 * 1024);
    m_counters->render(out);
    const int polling = m_gateway->pollingSessions();
    renderGaugeHeader(out, "banter_connections", "Open Socket.IO connections, by transport.");
    // Two counts read one after the other: a session upgrading or ending in between must not make this negative.
    renderSample(out, "banter_connections", qMax(0, m_gateway->connectionCount() - polling),
                 labelSet({{"transport", "websocket"}}));
    renderSample(out, "banter_connections", polling, labelSet({{"transport", "polling"}}));
    renderGauge(out, "banter_online_users", "Users with at least one connected device.", m_presence->onlineUsers());
    renderGauge(out, "banter_writer_queue_depth", "Commands waiting for the message writer.", m_writer->queued());
    renderGauge(out, "banter_http_requests_in_flight", "REST requests being handled.", m_router->inFlight());
    const auto stats = m_writer->stats();
    renderHeader(out, "banter_messages_stored_total", "Messages committed since start.", "counter");
    renderSample(out, "banter_messages_stored_total", double(stats.messages));
    renderHeader(out, "banter_writer_batches_total",
                 "Message writer batches committed, by path: one_statement (plain new messages, one round trip) or "
                 "transaction; refused counts one-statement tries the database turned down (redone in a transaction).",
                 "counter");
    renderSample(out, "banter_writer_batches_total", double(stats.oneStatement), labelSet({{"path", "one_statement"}}));
    renderSample(out, "banter_writer_batches_total", double(stats.batches - stats.oneStatement),
                 labelSet({{"path", "transaction"}}));
    renderSample(out, "banter_writer_batches_total", double(stats.oneStatementRefused), labelSet({{"path", "refused"}}));
    renderHeader(out, "banter_packets_delivered_total", "Packets written to sockets by fan-out since start.", "counter");
    renderSample(out, "banter_packets_delivered_total", double(m_gateway->deliveries()));
    if (m_cluster) {
        const auto bus = m_cluster->stats();
        renderGauge(out, "banter_bus_connected", "1 while this node is subscribed to the cluster bus.",
                    m_cluster->link().subscriberConnected() ? 1 : 0);
        renderHeader(out, "banter_bus_published_total", "Messages this node published on the cluster bus.", "counter");
        renderSample(out, "banter_bus_published_total", double(m_cluster->link().published()));
        renderHeader(out, "banter_bus_dropped_total", "Messages not published: the bus was unreachable or refused them.", "counter");
        renderSample(out, "banter_bus_dropped_total", double(m_cluster->link().dropped()));
        renderHeader(out, "banter_bus_received_total", "Fan-out batches received from other nodes.", "counter");
        renderSample(out, "banter_bus_received_total", double(bus.received));
        renderHeader(out, "banter_bus_duplicates_total", "Packets not delivered again (their log position was).", "counter");
        renderSample(out, "banter_bus_duplicates_total", double(bus.duplicates));
        renderHeader(out, "banter_bus_replayed_total", "Packets delivered from the database after a gap on the bus.", "counter");
        renderSample(out, "banter_bus_replayed_total", double(bus.replayed));
        renderHeader(out, "banter_bus_emitter_total", "@socket.io/redis-emitter messages, by outcome.", "counter");
        renderSample(out, "banter_bus_emitter_total", double(bus.emitted), labelSet({{"outcome", "delivered"}}));
        renderSample(out, "banter_bus_emitter_total", double(bus.emitterRefused), labelSet({{"outcome", "refused"}}));
    }
    renderJobMetrics(out);
    renderGauge(out, "process_resident_memory_bytes", "Resident memory size in bytes.", double(ProcessStats::residentBytes()));
    renderGauge(out, "process_open_fds", "Open file descriptors.", ProcessStats::openFiles());
    return out;
}

void Daemon::renderJobMetrics(QByteArray &out) const
{
    // The queue as the runner last read it (every 5 s, on its own thread): /metrics renders on the main thread,
    // which never waits on SQL.
    const QList<JobKindStats> queue = m_jobs->queueStats();
    renderGaugeHeader(out, "banter_jobs_depth", "Jobs pending or running, by kind (all nodes; read every 5 s).");
    for (const JobKindStats &k : queue)
        renderSample(out, "banter_jobs_depth", double(k.depth), labelSet({{"kind", k.kind.toUtf8()}}));
    renderGaugeHeader(out, "banter_jobs_oldest_seconds", "Age of the oldest pending or running job, by kind.");
    for (const JobKindStats &k : queue)
        renderSample(out, "banter_jobs_oldest_seconds", k.oldestSeconds, labelSet({{"kind", k.kind.toUtf8()}}));
    renderGaugeHeader(out, "banter_jobs_dead", "Dead jobs (out of attempts) waiting for an admin, by kind.");
    for (const JobKindStats &k : queue)
        renderSample(out, "banter_jobs_dead", double(k.dead), labelSet({{"kind", k.kind.toUtf8()}}));
    renderHeader(out, "banter_jobs_processed_total",
                 "Job runs finished by this node, by kind and outcome: done, retried (failed, to run again) or dead.",
                 "counter");
    const auto counters = m_jobs->counters();
    for (auto it = counters.cbegin(); it != counters.cend(); ++it) {
        const QByteArray kind = it.key().toUtf8();
        renderSample(out, "banter_jobs_processed_total", double(it->done), labelSet({{"kind", kind}, {"outcome", "done"}}));
        renderSample(out, "banter_jobs_processed_total", double(it->retried), labelSet({{"kind", kind}, {"outcome", "retried"}}));
        renderSample(out, "banter_jobs_processed_total", double(it->dead), labelSet({{"kind", kind}, {"outcome", "dead"}}));
    }
}

QString Daemon::publicUrl() const
{
    if (!m_config.publicUrl.isEmpty())
        return m_config.publicUrl.toString(QUrl::StripTrailingSlash);
    const QString host = m_config.address.protocol() == QAbstractSocket::IPv6Protocol
                             ? u'[' + m_config.address.toString() + u']' : m_config.address.toString();
    return QStringLiteral("http://%1:%2").arg(host).arg(port());
}

quint16 Daemon::port() const
{
    return m_tcp ? m_tcp->serverPort() : 0;
}

void Daemon::stop()
{
    if (m_stopping)
        return;
    m_stopping = true;
    qCInfo(lcApp) << "shutting down: no new connections, closing sockets, finishing in-flight requests";
    if (m_tcp)
        m_tcp->close();
    if (m_clusterPresence)
        m_clusterPresence->leave(); // before the sockets close: another node announces this node's users offline
    if (m_gateway) {
        connect(m_gateway.get(), &SocketGateway::stopped, this, &Daemon::finishStop, Qt::SingleShotConnection);
        m_gateway->shutdown(qMin(m_config.shutdownGraceMs, 5000));
    } else {
        finishStop();
    }
}

void Daemon::finishStop()
{
    auto *timer = new QTimer(this);
    auto *elapsed = new QElapsedTimer;
    elapsed->start();
    connect(timer, &QTimer::timeout, this, [this, timer, elapsed] {
        const int pending = m_router ? m_router->inFlight() : 0;
        if (pending > 0 && elapsed->elapsed() < m_config.shutdownGraceMs)
            return;
        if (pending > 0)
            qCWarning(lcApp) << pending << "requests still in flight after the grace period";
        timer->stop();
        delete elapsed;
        if (m_mediaWorkers)
            m_mediaWorkers->shutdown();
        if (m_oidcWorkers)
            m_oidcWorkers->shutdown();
        if (m_indexer)
            m_indexer->stop(); // what it has not indexed yet stays marked for the next start
        if (m_jobs)
            m_jobs->stop(); // finishes the jobs it is running; claimed ones not started are given back
        if (m_writer)
            m_writer->shutdown(); // stores whatever was queued; those senders were acked or will retry
        if (m_catchUp)
            m_catchUp->stop();
        if (m_db)
            m_db->shutdown();
        if (m_cluster)
            m_cluster->stop(); // sends what is queued first
        qCInfo(lcApp) << "database connections closed; bye";
        emit stopped();
    });
    timer->start(20);
}

} // namespace Banter::Server
