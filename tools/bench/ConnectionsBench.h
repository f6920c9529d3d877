#pragma once

#include "BenchPlan.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>
#include <QTimer>

#include <memory>

class BenchSetup;
class LeanSocketPool;

// --connections N: how many idle sockets a server holds, and what each costs it. Setup over REST (BenchSetup)
// makes groups of --members users; every user connects --devices sockets with its one access token, so
// ceil(N / (devices * members)) groups and N rounded up to a whole group. The sockets live on a LeanSocketPool
// (raw epoll, a few dozen bytes each), --connect-concurrency handshakes at a time. Once every socket has connected
// or given up, "holding N sockets" goes to stderr (scripts wait for that line), the sockets stay idle for --hold
// seconds answering pings, then a probe: each group's first member sends one message from its first socket, and
// every other socket of every member of the group must receive it exactly once within 15 s.
// Exit code 0 only when every socket connected, none was lost, every probe was acked ok and delivered exactly
// once; 1 otherwise; 2 when setup failed.
class ConnectionsBench : public QObject
{
    Q_OBJECT
public:
    explicit ConnectionsBench(const BenchOptions &options, QObject *parent = nullptr);
    ~ConnectionsBench() override;
    void start();

signals:
    void finished(int exitCode);

private:
    enum class Phase { Setup, Connecting, Holding, Probing, Done };

    void onSetupFinished(const QString &error);
    void poll();
    void startProbe();
    void finish();
    void abort(const QString &message);
    QJsonObject report() const;
    static QString text(const QJsonObject &report);

    BenchPlan m_plan;
    BenchSetup *m_setup = nullptr;
    std::unique_ptr<LeanSocketPool> m_pool;
    Phase m_phase = Phase::Setup;
    QElapsedTimer m_clock; // restarted at each phase
    QTimer m_poll;
    qint64 m_lastProgressMs = 0;
    double m_setupSeconds = 0, m_connectSeconds = 0, m_holdSeconds = 0;
    qint64 m_connectStartedAtMs = 0, m_connectEndedAtMs = 0; // wall clock, so a script can merge several drivers
    qint64 m_probeExpected = 0;
    int m_probesSent = 0;
    qint64 m_probeQuietSinceMs = -1;
    QJsonObject m_probe;
    QJsonObject m_problems;
    qint64 m_clientRssKiB = 0;
};
