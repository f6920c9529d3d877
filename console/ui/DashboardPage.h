#pragma once

#include <banter/HealthProbe.h>

#include <QHash>
#include <QWidget>

class QGridLayout;
class QLabel;

namespace Banter::Console {

class HealthMonitor;
class MetricsChart;
class MetricsHistory;

// The server at a glance: current totals from the latest metrics sample, the server's health, and charts of
// connections and messages per second over the minutes MetricsHistory holds.
class DashboardPage : public QWidget
{
    Q_OBJECT
public:
    DashboardPage(MetricsHistory *history, HealthMonitor *health, QWidget *parent = nullptr);

    QString totalText(int column) const; // the tile of a MetricsHistory column, for tests
    MetricsChart *connectionsChart() const { return m_connectionsChart; }
    MetricsChart *messagesChart() const { return m_messagesChart; }

private:
    void showJobs();
    QLabel *addTile(QGridLayout *grid, int position, int column, const QString &caption);
    void showLatest();
    void showHealth(const Banter::HealthStatus &status);

    MetricsHistory *m_history;
    HealthMonitor *m_health;
    QHash<int, QLabel *> m_tiles;
    QLabel *m_server;
    QLabel *m_serverState;
    QLabel *m_jobs; // the job queue, one line under the tiles (more tiles would widen the window)
    MetricsChart *m_connectionsChart;
    MetricsChart *m_messagesChart;
};

} // namespace Banter::Console
