#include "core/ReportQueueModel.h"

#include "core/AdminApi.h"
#include "core/ModelText.h"

using namespace Qt::StringLiterals;

namespace Banter::Console {

ReportQueueModel::ReportQueueModel(AdminApi *api, QObject *parent) : PagedRowsModel(ColumnCount, api, parent) {}

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
    reloadRows();
}

void ReportQueueModel::fetchPage(AdminApi &api, const QString &cursor, AdminApi::Callback<Page<Report>> done)
{
    api.reports(ReportQuery{m_state, m_pageSize, cursor}, this, std::move(done));
}

void ReportQueueModel::setReports(const QList<Report> &reports, const QString &nextCursor)
{
    setRows(reports, nextCursor);
}

void ReportQueueModel::appendReports(const QList<Report> &reports, const QString &nextCursor)
{
    appendRows(reports, nextCursor);
}

bool ReportQueueModel::matchesFilter(const Report &report) const
{
    if (m_state.isEmpty())
        return report.state == u"open"_s || report.state == u"assigned"_s;
    return report.state == m_state;
}

void ReportQueueModel::updateReport(const Report &report)
{
    if (matchesFilter(report))
        replaceRow(report);
    else
        removeRowWithId(report.id);
}

QVariant ReportQueueModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rows().size())
        return {};
    const Report &r = rows()[index.row()];
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
            return localTimeText(r.createdAt);
        default: return {};
        }
    default: return {};
    }
}

QVariant ReportQueueModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    // In Column order.
    return horizontalHeader({tr("Id"), tr("State"), tr("Reported user"), tr("Reporter"), tr("Reason"),
                             tr("Assignee"), tr("Created")},
                            section, orientation, role);
}

QHash<int, QByteArray> ReportQueueModel::roleNames() const
{
    return withRoleNames(QAbstractTableModel::roleNames(), {{ReportIdRole, "reportId"},
                                                            {StateRole, "state"},
                                                            {ReportedUserIdRole, "reportedUserId"},
                                                            {AssigneeIdRole, "assigneeId"},
                                                            {ReportRole, "report"}});
}

} // namespace Banter::Console
