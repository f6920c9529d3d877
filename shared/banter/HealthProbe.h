#pragma once

#include <QObject>
#include <QUrl>

class QNetworkAccessManager;

namespace Banter {

// What a server said about itself: alive (/healthz) and ready (/readyz), or why it could not be asked.
struct HealthStatus
{
    enum class State { Ready, NotReady, Unreachable };
    State state = State::Unreachable;
    bool alive = false;
    QString detail;        // readiness reason from the server, or the network error
    QString serverVersion; // from /healthz
    int schemaVersion = 0; // from /readyz
};

// Asks a banterd for /healthz and /readyz. Used by the console's window and its headless `health` command.
class HealthProbe : public QObject
{
    Q_OBJECT
public:
    explicit HealthProbe(QNetworkAccessManager *network, QObject *parent = nullptr);

    void probe(const QUrl &server, int timeoutMs = 5000);

signals:
    void finished(const Banter::HealthStatus &status);

private:
    QNetworkAccessManager *m_network;
};

} // namespace Banter
