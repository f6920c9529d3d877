#pragma once

#include "core/AdminTypes.h"

#include <QAbstractTableModel>
#include <QList>

namespace Banter::Console {

class AdminLiveFeed;

// The last N minutes of per-second metrics samples (a ring buffer), as a table for charts: row 0 is the
// oldest sample. Appending to a full buffer removes row 0 (beginRemoveRows) and inserts at the end
// (beginInsertRows); never a reset except clear().
//
//   columns  0 Time (QDateTime)  1 Connections  2 Online users  3 Messages in/s  4 Deliveries out/s
//            5 DB batch ms — Qt::DisplayRole is text, Qt::EditRole/ValueRole the number (double or QDateTime)
//   plain    size(), sample(i), latest(), maximum(column) (over the buffer, for a chart's axis)
class MetricsHistory : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { TimeColumn, ConnectionsColumn, OnlineUsersColumn, MessagesInColumn, DeliveriesOutColumn,
                  DbBatchMsColumn, JobsDepthColumn, JobsOldestSecondsColumn, JobsDeadColumn, ColumnCount };
    enum Role { ValueRole = Qt::UserRole + 1 };

    explicit MetricsHistory(int minutes = 10, QObject *parent = nullptr);

    void attach(AdminLiveFeed *feed); // metrics -> append
    void setCapacity(int samples);    // drops the oldest samples beyond it
    int capacity() const { return m_capacity; }
    int size() const { return int(m_count); }
    MetricsSample sample(int i) const; // 0 = oldest
    MetricsSample latest() const;      // default-constructed when empty
    double value(int i, int column) const;
    double maximum(int column) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

public slots:
    void append(const Banter::Console::MetricsSample &sample);
    void clear();

signals:
    void sampleAdded(const Banter::Console::MetricsSample &sample);

private:
    int physical(int i) const { return int((m_head + i) % m_buffer.size()); }

    int m_capacity;
    QList<MetricsSample> m_buffer; // ring: m_head is the oldest
    qsizetype m_head = 0;
    qsizetype m_count = 0;
};

} // namespace Banter::Console
