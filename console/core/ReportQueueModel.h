#pragma once

#include "core/AdminTypes.h"
#include "core/PagedRowsModel.h"

namespace Banter::Console {

// The moderation queue: GET /api/admin/reports, oldest first, for one state filter ("" = open and assigned,
// or "open", "assigned", "resolved", "dismissed").
//
//   columns  0 Id  1 State  2 Reported user  3 Reporter  4 Reason  5 Assignee  6 Created
//   roles    ReportIdRole, StateRole, ReportedUserIdRole, AssigneeIdRole, ReportRole (QVariant<Report>)
//
// reload() fetches the first page; canFetchMore/fetchMore the next. updateReport() applies the report an
// assign/resolve/dismiss call returned: the row changes in place, or is removed when its new state no longer
// matches the filter (e.g. resolved while showing the open queue). No resets except reload(). Paging, loading
// state and failed() come from PagedRowsModel.
class ReportQueueModel : public PagedRowsModel<Report>
{
    Q_OBJECT
public:
    enum Column { IdColumn, StateColumn, ReportedUserColumn, ReporterColumn, ReasonColumn, AssigneeColumn,
                  CreatedColumn, ColumnCount };
    enum Role { ReportIdRole = Qt::UserRole + 1, StateRole, ReportedUserIdRole, AssigneeIdRole, ReportRole };

    explicit ReportQueueModel(AdminApi *api = nullptr, QObject *parent = nullptr);

    void setStateFilter(const QString &state); // reloads when it changes
    QString stateFilter() const { return m_state; }
    void reload(int pageSize = 50);

    void setReports(const QList<Report> &reports, const QString &nextCursor = {});
    void appendReports(const QList<Report> &reports, const QString &nextCursor = {});
    void updateReport(const Report &report);
    Report reportAt(int row) const { return rowAt(row); }
    bool matchesFilter(const Report &report) const;

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

protected:
    void fetchPage(AdminApi &api, const QString &cursor, AdminApi::Callback<Page<Report>> done) override;

private:
    QString m_state;
    int m_pageSize = 50;
};

} // namespace Banter::Console
