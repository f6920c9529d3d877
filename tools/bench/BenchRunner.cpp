#include "BenchRunner.h"

#include "BenchClock.h"
#include "BenchProgress.h"
#include "BenchSetup.h"
#include "BenchWorker.h"
#include "WakeProbe.h"
#include <banter/net/EpollEventDispatcher.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QThread>

#include <QFile>

#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <numeric>

using namespace Qt::StringLiterals;

namespace {
double processCpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// utime + stime of another process, in seconds (-1 when it cannot be read).
double processCpuSeconds(qint64 pid)
{
    QFile f(u"/proc/%1/stat"_s.arg(pid));
    if (pid <= 0 || !f.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray stat = f.readAll();
    // Fields after the ")" that closes the command name: state is field 3, utime 14, stime 15.
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return -1;
    return double(fields[11].toLongLong() + fields[12].toLongLong()) / double(sysconf(_SC_CLK_TCK));
}

// Busy and total jiffies of all cores from /proc/stat: shows whether something else shared the machine.
std::pair<double, double> machineJiffies()
{
    QFile f(u"/proc/stat"_s);
    if (!f.open(QIODevice::ReadOnly))
        return {0, 0};
    const QList<QByteArray> fields = f.readLine().simplified().split(' ');
    double total = 0, idle = 0;
    for (qsizetype i = 1; i < fields.size() && i <= 8; ++i) {
        total += fields[i].toDouble();
        if (i == 4 || i == 5) // idle, iowait
            idle += fields[i].toDouble();
    }
    return {total - idle, total};
}

// After everything expected has arrived, keep listening this long: a duplicate would arrive late.
constexpr std::int64_t QuietPeriodUs = 1'000'000;
} // namespace

BenchRunner::BenchRunner(const BenchOptions &options, QObject *parent) : QObject(parent)
{
    m_plan.options = options;
    m_poll.setInterval(50);
    connect(&m_poll, &QTimer::timeout, this, &BenchRunner::poll);
}

BenchRunner::~BenchRunner()
{
    stopWorkers();
}

void BenchRunner::start()
{
    const BenchOptions &o = m_plan.options;
    benchProgress(u"%1: registering %2 users and creating %3 groups"_s.arg(o.label).arg(o.groups * o.members).arg(o.groups));
    m_phase.start();
    m_setup = new BenchSetup(&m_plan, this);
    connect(m_setup, &BenchSetup::finished, this, &BenchRunner::onSetupFinished);
    m_setup->start();
}

void BenchRunner::onSetupFinished(const QString &error)
{
    if (!error.isEmpty())
        return abort(u"setup failed: "_s + error);
    m_info.setupSeconds = m_phase.elapsed() / 1000.0;
    m_phase.restart();
    const int threads = m_plan.options.threads;
    benchProgress(u"setup took %1 s; connecting %2 sockets on %3 threads"_s.arg(m_info.setupSeconds, 0, 'f', 1)
                 .arg(m_plan.users.size())
                 .arg(threads));
    std::vector<QList<int>> shares(threads);
    for (int u = 0; u < m_plan.users.size(); ++u)
        shares[u % threads].append(u);
    for (int t = 0; t < threads; ++t) {
        auto *thread = new QThread;
        if (auto *dispatcher = Banter::Net::EpollEventDispatcher::create())
            thread->setEventDispatcher(dispatcher);
        thread->setObjectName(u"bench-%1"_s.arg(t));
        auto *worker = new BenchWorker(&m_plan, shares[t]);
        worker->moveToThread(thread);
        connect(thread, &QThread::finished, worker, &QObject::deleteLater);
        connect(worker, &BenchWorker::connectFinished, this, &BenchRunner::onWorkerConnected);
        thread->start();
        m_threads.push_back(thread);
        m_workers.push_back(worker);
        QMetaObject::invokeMethod(worker, &BenchWorker::connectAll, Qt::QueuedConnection);
    }
}

void BenchRunner::onWorkerConnected(int connected, int failed)
{
    m_socketsConnected += connected;
    m_socketsFailed += failed;
    if (++m_workersConnected < int(m_workers.size()))
        return;
    m_info.connectSeconds = m_phase.elapsed() / 1000.0;
    if (m_socketsFailed > 0) {
        QHash<QString, std::int64_t> why;
        for (BenchWorker *w : m_workers) {
            BenchResult r;
            QMetaObject::invokeMethod(w, [w, &r] { r = w->takeResult(); }, Qt::BlockingQueuedConnection);
            for (auto it = r.errors.cbegin(); it != r.errors.cend(); ++it)
                why[it.key()] += it.value();
        }
        QStringList reasons;
        for (auto it = why.cbegin(); it != why.cend(); ++it)
            reasons.append(u"%1 x%2"_s.arg(it.key()).arg(it.value()));
        return abort(u"%1 of %2 sockets failed to connect (%3)"_s.arg(m_socketsFailed)
                         .arg(m_plan.users.size())
                         .arg(reasons.join(u", "_s)));
    }
    const BenchOptions &o = m_plan.options;
    benchProgress(u"%1 sockets connected in %2 s; load: %3 s warmup + %4 s measured"_s.arg(m_socketsConnected)
                 .arg(m_info.connectSeconds, 0, 'f', 1)
                 .arg(o.warmupS)
                 .arg(o.durationS));
    // The plan's times are written before the queued calls below, which publish them to the workers.
    m_plan.startUs = BenchClock::nowUs() + 100'000;
    m_plan.windowStartUs = m_plan.startUs + std::int64_t(o.warmupS * 1e6);
    m_plan.windowEndUs = m_plan.windowStartUs + std::int64_t(o.durationS * 1e6);
    m_drainDeadlineUs = m_plan.windowEndUs + std::int64_t(o.drainS * 1e6);
    QTimer::singleShot(100, this, [this] {
        for (BenchWorker *w : m_workers)
            QMetaObject::invokeMethod(w, &BenchWorker::startLoad, Qt::QueuedConnection);
        m_poll.start();
    });
}

void BenchRunner::poll()
{
    const std::int64_t now = BenchClock::nowUs();
    if (m_cpuAtWindowStart < 0 && now >= m_plan.windowStartUs) {
        m_cpuAtWindowStart = processCpuSeconds();
        for (qint64 pid : m_plan.options.serverPids)
            m_serverCpuAtWindowStart.append(processCpuSeconds(pid));
        m_machineAtWindowStart = machineJiffies();
        if (m_plan.options.wakeProbeUs > 0)
            m_wakeProbe = std::make_unique<WakeProbe>(m_plan.options.wakeProbeUs);
    }
    if (!m_windowOver && now >= m_plan.windowEndUs) {
        m_windowOver = true;
        if (m_wakeProbe) {
            m_info.wakeLateUs = m_wakeProbe->finish();
            m_wakeProbe.reset();
        }
        m_info.driverCpuSeconds = processCpuSeconds() - m_cpuAtWindowStart;
        // The sum only when every process could be read at both ends: a partial sum would look like a figure.
        const QList<qint64> &pids = m_plan.options.serverPids;
        QList<double> each;
        for (qsizetype i = 0; i < pids.size(); ++i) {
            const double cpu = processCpuSeconds(pids[i]);
            if (cpu < 0 || m_serverCpuAtWindowStart.value(i, -1) < 0)
                break;
            each.append(cpu - m_serverCpuAtWindowStart[i]);
        }
        if (!pids.isEmpty() && each.size() == pids.size()) {
            m_info.serverCpuSeconds = std::accumulate(each.begin(), each.end(), 0.0);
            if (each.size() > 1)
                m_info.serverCpuSecondsEach = each;
        }
        const auto [busy, total] = machineJiffies();
        if (total > m_machineAtWindowStart.second)
            m_info.machineBusyPercent =
                100.0 * (busy - m_machineAtWindowStart.first) / (total - m_machineAtWindowStart.second);
        m_info.windowSeconds = double(m_plan.windowEndUs - m_plan.windowStartUs) / 1e6;
        benchProgress(u"window over; draining"_s);
    }
    if (!m_windowOver)
        return;
    std::int64_t inflight = 0, acked = 0, delivered = 0;
    for (BenchWorker *w : m_workers) {
        inflight += w->inflight.load();
        acked += w->acked.load();
        delivered += w->delivered.load();
    }
    const std::int64_t expected = acked * (m_plan.options.members - 1);
    const bool complete = inflight == 0 && delivered >= expected;
    if (!complete) {
        m_quietSinceUs = 0;
        if (now < m_drainDeadlineUs)
            return;
        benchProgress(u"drain deadline: %1 sends unanswered, %2 of %3 deliveries"_s.arg(inflight).arg(delivered).arg(expected));
        m_info.drained = false;
        return finish();
    }
    if (m_quietSinceUs == 0)
        m_quietSinceUs = now;
    if (now - m_quietSinceUs < QuietPeriodUs)
        return;
    m_info.drained = true;
    finish();
}

void BenchRunner::finish()
{
    m_poll.stop();
    std::vector<BenchResult> results;
    for (BenchWorker *w : m_workers) {
        BenchResult r;
        QMetaObject::invokeMethod(w, [w, &r] { r = w->takeResult(); }, Qt::BlockingQueuedConnection);
        results.push_back(std::move(r));
    }
    stopWorkers();
    const QJsonObject report = BenchReport::build(m_plan, std::move(results), m_info);
    if (m_plan.options.json)
        std::fputs(QJsonDocument(report).toJson(QJsonDocument::Indented).constData(), stdout);
    else
        std::fputs(qPrintable(BenchReport::text(report)), stdout);
    std::fflush(stdout);
    const bool ok = BenchReport::passed(report);
    if (!ok) {
        const QJsonArray examples = report.value(u"correctness"_s).toObject().value(u"examples"_s).toArray();
        for (const QJsonValue &e : examples)
            benchProgress(u"check: "_s + e.toString());
    }
    emit finished(ok ? 0 : 1);
}

void BenchRunner::abort(const QString &message)
{
    benchProgress(message);
    m_poll.stop();
    stopWorkers();
    emit finished(2);
}

void BenchRunner::stopWorkers()
{
    for (BenchWorker *w : m_workers)
        QMetaObject::invokeMethod(w, &BenchWorker::closeAll, Qt::BlockingQueuedConnection);
    m_workers.clear(); // each is deleted on its thread when the thread finishes
    for (QThread *t : m_threads) {
        t->quit();
        t->wait();
        delete t;
    }
    m_threads.clear();
}
