#pragma once

#include <banter/HealthProbe.h>

#include <QMainWindow>

class QLabel;
class QLineEdit;
class QNetworkAccessManager;

namespace Banter::Console {

class HealthMonitor;

// The console's window: server URL and its live health and readiness. Only displays; HealthMonitor decides.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QNetworkAccessManager *network, QWidget *parent = nullptr);
    ~MainWindow() override;

    void connectTo(const QUrl &server);
    HealthMonitor *monitor() const { return m_monitor; }

private:
    void showStatus(const Banter::HealthStatus &status);

    HealthMonitor *m_monitor;
    QLineEdit *m_serverEdit;
    QLabel *m_alive;
    QLabel *m_ready;
    QLabel *m_version;
    QLabel *m_checked;
};

} // namespace Banter::Console
