#include "ui/DashboardPage.h"

#include "core/HealthMonitor.h"
#include "core/MetricsHistory.h"
#include "ui/MetricsChart.h"

#include <QFrame>
#include <QGridLayout>
#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Banter::Console {

DashboardPage::DashboardPage(MetricsHistory *history, HealthMonitor *health, QWidget *parent)
    : QWidget(parent), m_history(history), m_health(health)
{
    setObjectName(u"dashboardPage"_s);
    auto *layout = new QVBoxLayout(this);

    auto *serverRow = new QHBoxLayout;
    m_server = new QLabel(this);
    m_server->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_serverState = new QLabel(this);
    serverRow->addWidget(m_server, 1);
    serverRow->addWidget(m_serverState);
    layout->addLayout(serverRow);

    auto *tiles = new QGridLayout;
    tiles->setHorizontalSpacing(12);
    addTile(tiles, 0, MetricsHistory::ConnectionsColumn, tr("Connections"));
    addTile(tiles, 1, MetricsHistory::OnlineUsersColumn, tr("Online users"));
    addTile(tiles, 2, MetricsHistory::MessagesInColumn, tr("Messages in/s"));
    addTile(tiles, 3, MetricsHistory::DeliveriesOutColumn, tr("Deliveries out/s"));
    addTile(tiles, 4, MetricsHistory::DbBatchMsColumn, tr("DB batch (ms)"));
    layout->addLayout(tiles);
    m_jobs = new QLabel(this);
    m_jobs->setObjectName(u"jobsLine"_s);
    layout->addWidget(m_jobs);

    m_connectionsChart = new MetricsChart(history, tr("Connections"),
                                          {{MetricsHistory::ConnectionsColumn, tr("Connections"), QColor(0x0969da)},
                                           {MetricsHistory::OnlineUsersColumn, tr("Online users"), QColor(0x1a7f37)}},
                                          this);
    m_messagesChart = new MetricsChart(history, tr("Messages per second"),
                                       {{MetricsHistory::MessagesInColumn, tr("Messages in"), QColor(0x8250df)},
                                        {MetricsHistory::DeliveriesOutColumn, tr("Deliveries out"), QColor(0xbc4c00)}},
                                       this);
    layout->addWidget(m_connectionsChart, 1);
    layout->addWidget(m_messagesChart, 1);

    connect(history, &MetricsHistory::sampleAdded, this, &DashboardPage::showLatest);
    connect(history, &QAbstractItemModel::modelReset, this, &DashboardPage::showLatest);
    connect(health, &HealthMonitor::statusChanged, this, &DashboardPage::showHealth);
    showLatest();
    if (health->hasStatus())
        showHealth(health->lastStatus());
    else
        m_server->setText(tr("Server: %1").arg(health->server().toString()));
}

QLabel *DashboardPage::addTile(QGridLayout *grid, int position, int column, const QString &caption)
{
    auto *frame = new QFrame(this);
    frame->setFrameShape(QFrame::StyledPanel);
    auto *box = new QVBoxLayout(frame);
    auto *value = new QLabel(u"-"_s, frame);
    QFont big = value->font();
    big.setPointSizeF(big.pointSizeF() * 1.8);
    big.setBold(true);
    value->setFont(big);
    value->setAlignment(Qt::AlignCenter);
    auto *label = new QLabel(caption, frame);
    label->setAlignment(Qt::AlignCenter);
    box->addWidget(value);
    box->addWidget(label);
    grid->addWidget(frame, 0, position);
    m_tiles.insert(column, value);
    return value;
}

QString DashboardPage::totalText(int column) const
{
    const QLabel *tile = m_tiles.value(column);
    return tile ? tile->text() : QString();
}

void DashboardPage::showLatest()
{
    const QLocale locale;
    const bool any = m_history->size() > 0;
    showJobs();
    for (auto it = m_tiles.cbegin(); it != m_tiles.cend(); ++it) {
        if (!any) {
            it.value()->setText(u"-"_s);
            continue;
        }
        const double v = m_history->value(m_history->size() - 1, it.key());
        const bool whole = it.key() == MetricsHistory::ConnectionsColumn || it.key() == MetricsHistory::OnlineUsersColumn;
        it.value()->setText(whole ? locale.toString(qint64(v)) : locale.toString(v, 'f', 1));
    }
}

void DashboardPage::showJobs()
{
    const QLocale locale;
    if (m_history->size() == 0) {
        m_jobs->setText(tr("Jobs: -"));
        m_jobs->setStyleSheet(QString());
        return;
    }
    const int last = m_history->size() - 1;
    const qint64 dead = qint64(m_history->value(last, MetricsHistory::JobsDeadColumn));
    m_jobs->setText(tr("Jobs: %1 waiting, the oldest %2 s old, %3 dead (banter-console jobs --failed)")
                        .arg(locale.toString(qint64(m_history->value(last, MetricsHistory::JobsDepthColumn))),
                             locale.toString(m_history->value(last, MetricsHistory::JobsOldestSecondsColumn), 'f', 0),
                             locale.toString(dead)));
    m_jobs->setStyleSheet(dead > 0 ? u"color: #cf222e"_s : QString());
}

void DashboardPage::showHealth(const HealthStatus &status)
{
    const QString version = status.serverVersion.isEmpty() ? tr("unknown") : status.serverVersion;
    m_server->setText(tr("Server: %1 (version %2)").arg(m_health->server().toString(), version));
    m_serverState->setText(HealthMonitor::describe(status));
    const bool ok = status.state == HealthStatus::State::Ready;
    m_serverState->setStyleSheet(ok ? u"color: #1a7f37; font-weight: bold"_s : u"color: #cf222e; font-weight: bold"_s);
}

} // namespace Banter::Console
