#pragma once

#include "BenchPlan.h"
#include "BenchReport.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <memory>
#include <vector>

class BenchSetup;
class BenchWorker;
class WakeProbe;
class QThread;

// The run from start to end: setup over REST, sockets connected on the worker threads, warmup, the measured
// window, the drain, then the report. Runs on the main thread and ends the event loop with the exit code.
class BenchRunner : public QObject
{
    Q_OBJECT
public:
    explicit BenchRunner(const BenchOptions &options, QObject *parent = nullptr);
    ~BenchRunner() override;
    void start();

signals:
    void finished(int exitCode);

private:
    void onSetupFinished(const QString &error);
    void onWorkerConnected(int connected, int failed);
    void poll();
    void finish();
    void abort(const QString &message);
    void stopWorkers();

    BenchPlan m_plan;
    BenchSetup *m_setup = nullptr;
    std::vector<BenchWorker *> m_workers;
    std::vector<QThread *> m_threads;
    int m_workersConnected = 0;
    int m_socketsConnected = 0;
    int m_socketsFailed = 0;
    QElapsedTimer m_phase;
    QTimer m_poll;
    BenchReport::RunInfo m_info;
    double m_cpuAtWindowStart = -1;
    QList<double> m_serverCpuAtWindowStart; // per --server-pid
    std::pair<double, double> m_machineAtWindowStart; // busy, total jiffies
    std::unique_ptr<WakeProbe> m_wakeProbe; // during the window, with --wake-probe-us
    bool m_windowOver = false;
    std::int64_t m_drainDeadlineUs = 0;
    std::int64_t m_quietSinceUs = 0;
};
