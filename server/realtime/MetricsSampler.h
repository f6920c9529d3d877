#pragma once

#include <QJsonObject>
#include <QObject>
#include <QTimer>

namespace Banter::Server {

class ConnectionRegistry;
class JobRunner;
class MessageWriter;
class PresenceService;
class SocketGateway;
class SocketHub;

// Once a second: connections, online users, messages stored, packets delivered, and the message writer's
// mean batch time in that second, and the job queue (as its runner last read it: depth, oldest age, dead jobs,
// and the jobs this node finished in that second). Pushed to the /admin consoles as `metrics`; the latest sample also
// answers GET /api/admin/metrics. Lives on the main thread.
class MetricsSampler : public QObject
{
    Q_OBJECT
public:
    MetricsSampler(const SocketGateway &gateway, const ConnectionRegistry &registry, const PresenceService &presence,
                   const MessageWriter &writer, SocketHub &hub, const JobRunner &jobs, QObject *parent = nullptr);

    QJsonObject latest() const { return m_latest; }

private:
    void sample();

    const SocketGateway &m_gateway;
    const ConnectionRegistry &m_registry;
    const PresenceService &m_presence;
    const MessageWriter &m_writer;
    SocketHub &m_hub;
    const JobRunner &m_jobs;
    QTimer m_timer;
    quint64 m_messages = 0;
    quint64 m_deliveries = 0;
    quint64 m_batches = 0;
    quint64 m_batchMicros = 0;
    quint64 m_jobsDone = 0;
    quint64 m_jobsFailed = 0;
    QJsonObject m_latest;
};

} // namespace Banter::Server
