#include "core/HealthMonitor.h"

namespace Banter::Console {

HealthMonitor::HealthMonitor(QNetworkAccessManager *network, QObject *parent)
    : QObject(parent), m_probe(network)
{
    m_timer.setInterval(2000);
    connect(&m_timer, &QTimer::timeout, this, &HealthMonitor::poll);
    connect(&m_probe, &HealthProbe::finished, this, [this](const HealthStatus &status) {
        m_busy = false;
        m_last = status;
        m_hasStatus = true;
        emit statusChanged(status);
    });
}

void HealthMonitor::setServer(const QUrl &server)
{
    m_server = server;
    m_hasStatus = false;
    poll();
    m_timer.start();
}

void HealthMonitor::poll()
{
    if (m_busy || !m_server.isValid())
        return;
    m_busy = true;
    m_probe.probe(m_server, 3000);
}

QString HealthMonitor::describe(const HealthStatus &status)
{
    switch (status.state) {
    case HealthStatus::State::Ready:
        return tr("Ready (schema version %1)").arg(status.schemaVersion);
    case HealthStatus::State::NotReady:
        return tr("Not ready: %1").arg(status.detail);
    case HealthStatus::State::Unreachable:
        return tr("Unreachable: %1").arg(status.detail);
    }
    return {};
}

} // namespace Banter::Console
