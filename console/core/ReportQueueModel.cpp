#include "core/ReportQueueModel.h"

#include "core/AdminApi.h"

#include <QLocale>

using namespace Qt::StringLiterals;

namespace Banter::Console {

ReportQueueModel::ReportQueueModel(AdminApi *api, QObject *parent) : QAbstractTableModel(parent), m_api(api) {}

void ReportQueueModel::setStateFilter(const QString &state)
{
    if (state == m_state)
        return;
    m_state = state;
    reload(m_pageSize);
}

void ReportQueueModel::reload(int pageSize)
{
    m_pageSize = pageSize;
    ++m_generation;
    setReports({});
    m_loading = false;
    load({});
}

void ReportQueueModel::load(const QString &cursor)
{
    if (!m_api || m_loading)
        return;
    m_loading = true;
    emit loadingChanged(true);
    const quint64 generation = m_generation;
    m_api->reports(ReportQuery{m_state, m_pageSize, cursor}, this, [this, generation](const ApiResult<Page<Report>> &r) {
        if (generation != m_generation)
            return;
        m_loading = false;
        emit loadingChanged(false);
        if (!r) {
            emit failed(r.error());
            return;
        }
        appendReports(r->items, r->nextCursor);
    });
}

void ReportQueueModel::setReports(const QList<Report> &reports, const QString &nextCursor)
{
    beginResetModel();
    m_reports = reports;
    m_nextCursor = nextCursor;
    endResetModel();
}

void ReportQueueModel::appendReports(const QList<Report> &reports, const QString &nextCursor)
{
    m_nextCursor = nextCursor;
    QList<Report> fresh;
    for (const Report &r : reports) {
        if (rowOf(r.id) < 0)
            fresh.append(r);
    }
    if (fresh.isEmpty())
        return;
    beginInsertRows({}, int(m_reports.size()), int(m_reports.size() + fresh.size() - 1));
    m_reports.append(fresh);
    endInsertRows();
}

bool ReportQueueModel::matchesFilter(const Report &report) const
{
    if (m_state.isEmpty())
        return report.state == u"open"_s || report.state == u"assigned"_s;
    return report.state == m_state;
}

void ReportQueueModel::updateReport(const Report &report)
{
    const int row = rowOf(report.id);
    if (row < 0)
        return;
    if (!matchesFilter(report)) {
        beginRemoveRows({}, row, row);
        m_reports.removeAt(row);
        endRemoveRows();
        return;
    }
    m_reports[row] = report;
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

int ReportQueueModel::rowOf(const QString &reportId) const
{
    for (int i = 0; i < m_reports.size(); ++i) {
        if (m_reports[i].id == reportId)
            return i;
    }
    return -1;
}

int ReportQueueModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_reports.size());
}

int ReportQueueModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ReportQueueModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_reports.size())
        return {};
    const Report &r = m_reports[index.row()];
    switch (role) {
    case ReportIdRole: return r.id;
    case StateRole: return r.state;
    case ReportedUserIdRole: return r.reportedUser.id;
    case AssigneeIdRole: return r.assignee.id;
    case ReportRole: return QVariant::fromValue(r);
    case Qt::ToolTipRole: return r.reason;
    case Qt::DisplayRole:
        switch (index.column()) {
        case IdColumn: return r.id;
        case StateColumn: return r.state;
        case ReportedUserColumn: return r.reportedUser.username;
        case ReporterColumn: return r.reporter.username;
        case ReasonColumn: return r.reason;
        case AssigneeColumn: return r.assignee.username;
        case CreatedColumn:
            return r.createdAt.isValid() ? QLocale().toString(r.createdAt.toLocalTime(), QLocale::ShortFormat) : QString();
        default: return {};
        }
    default: return {};
    }
}

QVariant ReportQueueModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case IdColumn: return tr("Id");
    case StateColumn: return tr("State");
    case ReportedUserColumn: return tr("Reported user");
    case ReporterColumn: return tr("Reporter");
    case ReasonColumn: return tr("Reason");
    case AssigneeColumn: return tr("Assignee");
    case CreatedColumn: return tr("Created");
    default: return {};
    }
}

QHash<int, QByteArray> ReportQueueModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(ReportIdRole, "reportId");
    names.insert(StateRole, "state");
    names.insert(ReportedUserIdRole, "reportedUserId");
    names.insert(AssigneeIdRole, "assigneeId");
    names.insert(ReportRole, "report");
    return names;
}

bool ReportQueueModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_api && !m_nextCursor.isEmpty() && !m_loading;
}

void ReportQueueModel::fetchMore(const QModelIndex &parent)
{
    if (canFetchMore(parent))
        load(m_nextCursor);
}

} // namespace Banter::Console
