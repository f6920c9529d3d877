#include "ui/MetricsChart.h"

#include "core/MetricsHistory.h"

#include <QChart>
#include <QDateTimeAxis>
#include <QLineSeries>
#include <QTimer>
#include <QValueAxis>

#include <algorithm>

namespace Banter::Console {

MetricsChart::MetricsChart(MetricsHistory *history, const QString &title, const QList<Line> &lines, QWidget *parent)
    : QChartView(parent), m_history(history), m_lines(lines)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    m_timeAxis = new QDateTimeAxis(chart);
    m_timeAxis->setFormat(QStringLiteral("HH:mm:ss"));
    m_timeAxis->setTickCount(6);
    m_valueAxis = new QValueAxis(chart);
    m_valueAxis->setLabelFormat(QStringLiteral("%g"));
    m_valueAxis->setMin(0);
    chart->addAxis(m_timeAxis, Qt::AlignBottom);
    chart->addAxis(m_valueAxis, Qt::AlignLeft);
    for (const Line &line : m_lines) {
        auto *series = new QLineSeries(chart);
        series->setName(line.name);
        QPen pen(line.color);
        pen.setWidthF(2);
        series->setPen(pen);
        chart->addSeries(series);
        series->attachAxis(m_timeAxis);
        series->attachAxis(m_valueAxis);
        m_series.append(series);
    }
    // QChartView's constructor made a chart of its own, and setChart() releases it to us without deleting it
    // (LeakSanitizer found the two per window once the tests checked for leaks).
    QChart *madeByView = QChartView::chart();
    setChart(chart);
    delete madeByView;
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(220);

    connect(history, &QAbstractItemModel::rowsInserted, this, &MetricsChart::scheduleRedraw);
    connect(history, &QAbstractItemModel::rowsRemoved, this, &MetricsChart::scheduleRedraw);
    connect(history, &QAbstractItemModel::modelReset, this, &MetricsChart::scheduleRedraw);
    redraw();
}

int MetricsChart::pointCount() const
{
    return m_series.isEmpty() ? 0 : int(m_series.first()->count());
}

void MetricsChart::scheduleRedraw()
{
    // A full buffer removes and inserts a row per sample: draw once for both.
    if (m_redrawPending)
        return;
    m_redrawPending = true;
    QTimer::singleShot(0, this, &MetricsChart::redraw);
}

void MetricsChart::redraw()
{
    m_redrawPending = false;
    const int n = m_history->size();
    double top = 0;
    for (qsizetype s = 0; s < m_series.size(); ++s) {
        QList<QPointF> points;
        points.reserve(n);
        for (int i = 0; i < n; ++i) {
            const double v = m_history->value(i, m_lines[s].column);
            points.append(QPointF(double(m_history->sample(i).at.toMSecsSinceEpoch()), v));
            top = std::max(top, v);
        }
        m_series[s]->replace(points);
    }
    if (n == 0) {
        const QDateTime now = QDateTime::currentDateTime();
        m_timeAxis->setRange(now.addSecs(-60), now);
    } else {
        const QDateTime last = m_history->sample(n - 1).at.toLocalTime();
        QDateTime first = m_history->sample(0).at.toLocalTime();
        if (first.secsTo(last) < 10)
            first = last.addSecs(-10);
        m_timeAxis->setRange(first, last);
    }
    // A round top with some headroom, so the lines never touch the frame.
    m_valueAxis->setRange(0, std::max(4.0, top * 1.1));
    m_valueAxis->applyNiceNumbers();
}

} // namespace Banter::Console
