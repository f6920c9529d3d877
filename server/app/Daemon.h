#pragma once

#include "config/ServerConfig.h"
#include "crypto/CryptoService.h"
#include "crypto/KeyStore.h"

#include <banter/Result.h>

#include <QObject>

#include <memory>

class QHttpServer;

namespace Banter::Server {

struct AuthSettings;
class ApiRouter;
class MetricsRoutes;
struct ServerMetrics;
class CorsPolicy;
class AuthService;
class PasswordHashPool;
class UserService;
class DbExecutor;
class HealthService;
class LimitedTcpServer;
class ChatService;
class GroupService;
class PushSubscriptionService;
class E2eeService;
class NotificationSettingsService;
class NotificationService;
class NotificationFanout;
class PushDelivery;
class PushSender;
class FileBlobStore;
class WorkerPool;
class OidcProviders;
class OidcService;
class MediaService;
class MediaJanitor;
class EventRouter;
class MessageSealer;
class MessageWriter;
class PresenceService;
class SocketGateway;
class LocalBus;
class ClusterBus;
class ClusterPresence;
class ClusterCatchUp;
class EventReplay;
class SocketHub;
class TypingTracker;
class ReceiptService;
class SearchIndexer;
class JobRunner;
class JobAdminService;
class SearchService;
class AdminService;
class ConnectionRegistry;
class MetricsSampler;

// Composes banterd from its parts and owns them: database threads, services, HTTP edge.
// start() runs the start-up checks and listens; stop() drains in-flight requests and shuts down.
class Daemon : public QObject
{
    Q_OBJECT
public:
    Daemon(ServerConfig config, CryptoService crypto, KeyStore keys, QObject *parent = nullptr);
    ~Daemon() override;

    Result<void> start();
    quint16 port() const;
    void stop();

signals:
    void stopped();

private:
    AuthSettings authSettings() const;
    void finishStop();
    Result<void> startCluster(); // --bus: the Valkey bus, cluster presence and the catch-up
    QString nodeName() const; // --node-name, else the host name
    QString publicUrl() const; // --public-url, else http://ADDRESS:PORT
    QByteArray nodeId() const; // the name and a random suffix: this process on the bus
    QByteArray prometheusText() const; // GET /metrics
    void renderJobMetrics(QByteArray &out) const;

    ServerConfig m_config;
    CryptoService m_crypto;
    KeyStore m_keys;
    std::unique_ptr<ServerMetrics> m_counters; // first: everything below may count into it
    std::unique_ptr<DbExecutor> m_db;
    std::unique_ptr<HealthService> m_health;
    std::unique_ptr<PasswordHashPool> m_hashes;
    std::unique_ptr<LocalBus> m_bus; // before the hub that publishes to it and the gateway whose workers subscribe
    std::unique_ptr<ClusterBus> m_cluster; // with --bus: what the hub publishes to, on top of m_bus
    std::unique_ptr<ClusterPresence> m_clusterPresence;
    std::unique_ptr<SocketHub> m_hub;
    std::unique_ptr<PresenceService> m_presence; // before ChatService, which reads it
    std::unique_ptr<AuthService> m_auth;
    std::unique_ptr<UserService> m_users;
    std::unique_ptr<MessageSealer> m_sealer;
    std::unique_ptr<TypingTracker> m_typing;
    std::unique_ptr<ReceiptService> m_receipts;
    std::unique_ptr<SearchService> m_search;
    std::unique_ptr<SearchIndexer> m_indexer;
    std::unique_ptr<NotificationFanout> m_fanout; // before m_jobs, whose threads run it
    std::unique_ptr<PushSender> m_pushSender;     // likewise
    std::unique_ptr<PushDelivery> m_pushDelivery; // likewise
    std::unique_ptr<JobRunner> m_jobs;
    std::unique_ptr<JobAdminService> m_jobAdmin;
    std::unique_ptr<MessageWriter> m_writer;
    std::unique_ptr<ChatService> m_chat;
    std::unique_ptr<GroupService> m_groups;
    std::unique_ptr<PushSubscriptionService> m_push;
    std::unique_ptr<E2eeService> m_e2ee;
    std::unique_ptr<NotificationSettingsService> m_notificationSettings;
    std::unique_ptr<NotificationService> m_notifications;
    std::unique_ptr<FileBlobStore> m_blobs;
    std::unique_ptr<WorkerPool> m_mediaWorkers;
    std::unique_ptr<MediaService> m_media;
    std::unique_ptr<MediaJanitor> m_mediaJanitor;
    std::unique_ptr<WorkerPool> m_oidcWorkers; // the blocking fetches and ID-token checks of sign-in with providers
    std::unique_ptr<OidcProviders> m_oidcProviders;
    std::unique_ptr<OidcService> m_oidc;
    std::unique_ptr<ConnectionRegistry> m_registry;
    std::unique_ptr<AdminService> m_admin;
    std::unique_ptr<EventRouter> m_events;
    std::unique_ptr<CorsPolicy> m_cors; // outlives m_http and m_gateway, which use it
    std::unique_ptr<QHttpServer> m_http;
    std::unique_ptr<ApiRouter> m_router;
    std::unique_ptr<SocketGateway> m_gateway;
    std::unique_ptr<MetricsSampler> m_metrics;
    std::unique_ptr<MetricsRoutes> m_metricsRoutes;
    std::unique_ptr<EventReplay> m_replay;
    std::unique_ptr<ClusterCatchUp> m_catchUp;
    LimitedTcpServer *m_tcp = nullptr;
    bool m_stopping = false;
};

} // namespace Banter::Server
