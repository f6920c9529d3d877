#pragma once

#include <QByteArray>
#include <QHash>

#include <atomic>
#include <initializer_list>
#include <memory>
#include <shared_mutex>
#include <vector>

namespace Banter::Server {

// Prometheus metric families (text exposition format 0.0.4), thread-safe and cheap on the hot path: a counter
// increment is one atomic add after a read-locked lookup of its label set; a histogram observation a few
// atomic adds. Label values are escaped here; names and help texts are the caller's constants.

// {name="value",...} with Prometheus escaping.
QByteArray labelSet(std::initializer_list<std::pair<const char *, QByteArrayView>> labels);

class CounterFamily
{
public:
    CounterFamily(const char *name, const char *help) : m_name(name), m_help(help) {}

    void add(const QByteArray &labels, quint64 n = 1) { counter(labels)->fetch_add(n, std::memory_order_relaxed); }
    // The value of one label set, made on first use; the pointer stays valid as long as the family: hot paths
    // look it up once and keep it.
    std::atomic<quint64> *counter(const QByteArray &labels);
    void render(QByteArray &out) const;

private:
    const char *m_name;
    const char *m_help;
    // std::shared_mutex, not QReadWriteLock: ThreadSanitizer sees through pthread's rwlock, not through the one
    // inside (uninstrumented) QtCore, and reported the first use of a label set on two socket threads as a race.
    mutable std::shared_mutex m_lock;
    QHash<QByteArray, std::shared_ptr<std::atomic<quint64>>> m_values;
};

class Histogram
{
public:
    // Upper bounds in seconds, ascending; +Inf is implied.
    Histogram(const char *name, const char *help, std::vector<double> bounds);

    void observe(double seconds);
    void render(QByteArray &out) const;

private:
    const char *m_name;
    const char *m_help;
    std::vector<double> m_bounds;
    std::unique_ptr<std::atomic<quint64>[]> m_buckets; // per bound, not cumulative; the last is +Inf
    std::atomic<quint64> m_sumMicros{0};
};

// The HELP and TYPE lines of a family (type: counter, gauge, histogram).
void renderHeader(QByteArray &out, const char *name, const char *help, const char *type);
// One gauge sample line with its HELP and TYPE, for values read at scrape time.
void renderGauge(QByteArray &out, const char *name, const char *help, double value, const QByteArray &labels = {});
void renderGaugeHeader(QByteArray &out, const char *name, const char *help);
void renderSample(QByteArray &out, const char *name, double value, const QByteArray &labels = {});

} // namespace Banter::Server
