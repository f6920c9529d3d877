#pragma once

#include <QChartView>
#include <QList>

class QDateTimeAxis;
class QLineSeries;
class QValueAxis;

namespace Banter::Console {

class MetricsHistory;

// A line chart of some MetricsHistory columns over the samples it holds (the last minutes), redrawn from the
// model when a sample arrives. It keeps no data of its own.
class MetricsChart : public QChartView
{
    Q_OBJECT
public:
    struct Line
    {
        int column; // MetricsHistory::Column
        QString name;
        QColor color;
    };

    MetricsChart(MetricsHistory *history, const QString &title, const QList<Line> &lines, QWidget *parent = nullptr);

    int pointCount() const; // of the first line, for tests

private:
    void scheduleRedraw();
    void redraw();

    MetricsHistory *m_history;
    QList<Line> m_lines;
    QList<QLineSeries *> m_series;
    QDateTimeAxis *m_timeAxis;
    QValueAxis *m_valueAxis;
    bool m_redrawPending = false;
};

} // namespace Banter::Console
