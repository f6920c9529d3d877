#include "metrics/MetricFamilies.h"

#include <cmath>
#include <mutex>

namespace Banter::Server {

namespace {

QByteArray number(double v)
{
    if (std::isinf(v))
        return v > 0 ? "+Inf" : "-Inf";
    if (v == std::floor(v) && std::fabs(v) < 1e15)
        return QByteArray::number(qint64(v));
    return QByteArray::number(v, 'g', 10);
}

} // namespace

QByteArray labelSet(std::initializer_list<std::pair<const char *, QByteArrayView>> labels)
{
    QByteArray out("{");
    bool first = true;
    for (const auto &[name, value] : labels) {
        if (!first)
            out += ',';
        first = false;
        out += name;
        out += "=\"";
        for (char c : value) {
            if (c == '\\')
                out += "\\\\";
            else if (c == '"')
                out += "\\\"";
            else if (c == '\n')
                out += "\\n";
            else
                out += c;
        }
        out += '"';
    }
    out += '}';
    return out;
}

std::atomic<quint64> *CounterFamily::counter(const QByteArray &labels)
{
    {
        std::shared_lock read(m_lock);
        if (const auto it = m_values.constFind(labels); it != m_values.cend())
            return it->get();
    }
    std::unique_lock write(m_lock);
    auto &value = m_values[labels];
    if (!value)
        value = std::make_shared<std::atomic<quint64>>(0);
    return value.get();
}

void CounterFamily::render(QByteArray &out) const
{
    renderHeader(out, m_name, m_help, "counter");
    std::shared_lock read(m_lock);
    for (auto it = m_values.cbegin(); it != m_values.cend(); ++it)
        renderSample(out, m_name, double(it.value()->load(std::memory_order_relaxed)), it.key());
}

Histogram::Histogram(const char *name, const char *help, std::vector<double> bounds)
    : m_name(name), m_help(help), m_bounds(std::move(bounds)),
      m_buckets(std::make_unique<std::atomic<quint64>[]>(m_bounds.size() + 1))
{
}

void Histogram::observe(double seconds)
{
    std::size_t i = 0;
    while (i < m_bounds.size() && seconds > m_bounds[i])
        ++i;
    m_buckets[i].fetch_add(1, std::memory_order_relaxed);
    m_sumMicros.fetch_add(quint64(std::llround(std::max(0.0, seconds) * 1e6)), std::memory_order_relaxed);
}

void Histogram::render(QByteArray &out) const
{
    renderHeader(out, m_name, m_help, "histogram");
    const QByteArray bucket = QByteArray(m_name) + "_bucket";
    quint64 cumulative = 0;
    for (std::size_t i = 0; i <= m_bounds.size(); ++i) {
        cumulative += m_buckets[i].load(std::memory_order_relaxed);
        const QByteArray le = i < m_bounds.size() ? number(m_bounds[i]) : QByteArray("+Inf");
        renderSample(out, bucket.constData(), double(cumulative), labelSet({{"le", le}}));
    }
    renderSample(out, (QByteArray(m_name) + "_sum").constData(), double(m_sumMicros.load(std::memory_order_relaxed)) / 1e6);
    // The buckets' total, not m_count: observations racing with this scrape keep _count equal to le="+Inf".
    renderSample(out, (QByteArray(m_name) + "_count").constData(), double(cumulative));
}

void renderHeader(QByteArray &out, const char *name, const char *help, const char *type)
{
    out += "# HELP ";
    out += name;
    out += ' ';
    out += help;
    out += "\n# TYPE ";
    out += name;
    out += ' ';
    out += type;
    out += '\n';
}

void renderGaugeHeader(QByteArray &out, const char *name, const char *help)
{
    renderHeader(out, name, help, "gauge");
}

void renderGauge(QByteArray &out, const char *name, const char *help, double value, const QByteArray &labels)
{
    renderGaugeHeader(out, name, help);
    renderSample(out, name, value, labels);
}

void renderSample(QByteArray &out, const char *name, double value, const QByteArray &labels)
{
    out += name;
    out += labels;
    out += ' ';
    out += number(value);
    out += '\n';
}

} // namespace Banter::Server
