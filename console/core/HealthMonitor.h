#pragma once

#include <banter/HealthProbe.h>

#include <QObject>
#include <QTimer>
#include <QUrl>

class QNetworkAccessManager;

namespace Banter::Console {

// Polls a server's health and readiness every few seconds and reports changes; no widgets.
class HealthMonitor : public QObject
{
    Q_OBJECT
public:
    explicit HealthMonitor(QNetworkAccessManager *network, QObject *parent = nullptr);

    void setServer(const QUrl &server);
    QUrl server() const { return m_server; }
    void setInterval(int ms) { m_timer.setInterval(ms); }
    const HealthStatus &lastStatus() const { return m_last; }
    bool hasStatus() const { return m_hasStatus; }

    // "Ready", "Not ready: ...", "Unreachable: ..." in the user's language.
    static QString describe(const HealthStatus &status);

signals:
    void statusChanged(const Banter::HealthStatus &status);

private:
    void poll();

    HealthProbe m_probe;
    QTimer m_timer;
    QUrl m_server;
    HealthStatus m_last;
    bool m_hasStatus = false;
    bool m_busy = false;
};

} // namespace Banter::Console
