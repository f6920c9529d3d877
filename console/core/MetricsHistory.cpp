#include "core/MetricsHistory.h"

#include "core/AdminLiveFeed.h"
#include "core/ModelText.h"

#include <QLocale>

#include <algorithm>

namespace Banter::Console {

MetricsHistory::MetricsHistory(int minutes, QObject *parent)
    : QAbstractTableModel(parent), m_capacity(std::max(1, minutes * 60))
{
    m_buffer.resize(m_capacity);
}

void MetricsHistory::attach(AdminLiveFeed *feed)
{
    connect(feed, &AdminLiveFeed::metrics, this, &MetricsHistory::append);
}

void MetricsHistory::setCapacity(int samples)
{
    samples = std::max(1, samples);
    if (samples == m_capacity)
        return;
    const int drop = std::max(0, int(m_count) - samples);
    if (drop > 0)
        beginRemoveRows({}, 0, drop - 1);
    QList<MetricsSample> kept;
    kept.reserve(samples);
    for (int i = drop; i < m_count; ++i)
        kept.append(m_buffer[physical(i)]);
    m_count = kept.size();
    kept.resize(samples);
    m_buffer = std::move(kept);
    m_head = 0;
    m_capacity = samples;
    if (drop > 0)
        endRemoveRows();
}

MetricsSample MetricsHistory::sample(int i) const
{
    if (i < 0 || i >= m_count)
        return {};
    return m_buffer[physical(i)];
}

MetricsSample MetricsHistory::latest() const
{
    return m_count == 0 ? MetricsSample() : sample(int(m_count) - 1);
}

double MetricsHistory::value(int i, int column) const
{
    if (i < 0 || i >= m_count)
        return 0;
    const MetricsSample &s = m_buffer[physical(i)];
    switch (column) {
    case TimeColumn: return double(s.at.toMSecsSinceEpoch());
    case ConnectionsColumn: return double(s.connections);
    case OnlineUsersColumn: return double(s.onlineUsers);
    case MessagesInColumn: return s.messagesIn;
    case DeliveriesOutColumn: return s.deliveriesOut;
    case DbBatchMsColumn: return s.dbBatchMs;
    case JobsDepthColumn: return double(s.jobsDepth);
    case JobsOldestSecondsColumn: return s.jobsOldestSeconds;
    case JobsDeadColumn: return double(s.jobsDead);
    default: return 0;
    }
}

double MetricsHistory::maximum(int column) const
{
    double best = 0;
    for (int i = 0; i < m_count; ++i)
        best = std::max(best, value(i, column));
    return best;
}

void MetricsHistory::append(const MetricsSample &sample)
{
    if (m_count == m_capacity) {
        beginRemoveRows({}, 0, 0);
        m_head = (m_head + 1) % m_capacity;
        --m_count;
        endRemoveRows();
    }
    beginInsertRows({}, int(m_count), int(m_count));
    m_buffer[physical(int(m_count))] = sample;
    ++m_count;
    endInsertRows();
    emit sampleAdded(sample);
}

void MetricsHistory::clear()
{
    beginResetModel();
    m_head = 0;
    m_count = 0;
    m_buffer.fill(MetricsSample());
    endResetModel();
}

int MetricsHistory::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_count);
}

int MetricsHistory::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MetricsHistory::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_count)
        return {};
    const MetricsSample &s = m_buffer[physical(index.row())];
    if (role == Qt::EditRole || role == ValueRole) {
        if (index.column() == TimeColumn)
            return s.at;
        return value(index.row(), index.column());
    }
    if (role != Qt::DisplayRole)
        return {};
    const QLocale locale;
    switch (index.column()) {
    case TimeColumn: return s.at.isValid() ? locale.toString(s.at.toLocalTime().time(), QLocale::LongFormat) : QString();
    case ConnectionsColumn: return locale.toString(s.connections);
    case OnlineUsersColumn: return locale.toString(s.onlineUsers);
    case MessagesInColumn: return locale.toString(s.messagesIn, 'f', 1);
    case DeliveriesOutColumn: return locale.toString(s.deliveriesOut, 'f', 1);
    case DbBatchMsColumn: return locale.toString(s.dbBatchMs, 'f', 2);
    default: return {};
    }
}

QVariant MetricsHistory::headerData(int section, Qt::Orientation orientation, int role) const
{
    // In Column order.
    return horizontalHeader({tr("Time"), tr("Connections"), tr("Online users"), tr("Messages in/s"),
                             tr("Deliveries out/s"), tr("DB batch ms"), tr("Jobs waiting"), tr("Oldest job s"),
                             tr("Dead jobs")},
                            section, orientation, role);
}

} // namespace Banter::Console
