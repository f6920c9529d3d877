#pragma once

#include "core/AdminTypes.h"
#include "core/ApiError.h"

#include <QAbstractTableModel>
#include <QPointer>

namespace Banter::Console {

class AdminApi;

// The moderation queue: GET /api/admin/reports, oldest first, for one state filter ("" = open and assigned,
// or "open", "assigned", "resolved", "dismissed").
//
//   columns  0 Id  1 State  2 Reported user  3 Reporter  4 Reason  5 Assignee  6 Created
//   roles    ReportIdRole, StateRole, ReportedUserIdRole, AssigneeIdRole, ReportRole (QVariant<Report>)
//
// reload() fetches the first page; canFetchMore/fetchMore the next. updateReport() applies the report an
// assign/resolve/dismiss call returned: the row changes in place, or is removed when its new state no longer
// matches the filter (e.g. resolved while showing the open queue). No resets except reload().
class ReportQueueModel : public QAbstractTableModel
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
    bool isLoading() const { return m_loading; }

    void setReports(const QList<Report> &reports, const QString &nextCursor = {});
    void appendReports(const QList<Report> &reports, const QString &nextCursor = {});
    void updateReport(const Report &report);
    Report reportAt(int row) const { return m_reports.value(row); }
    int rowOf(const QString &reportId) const;
    bool matchesFilter(const Report &report) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

signals:
    void loadingChanged(bool loading);
    void failed(const Banter::Console::ApiError &error);

private:
    void load(const QString &cursor);

    QPointer<AdminApi> m_api;
    QString m_state;
    int m_pageSize = 50;
    QList<Report> m_reports;
    QString m_nextCursor;
    bool m_loading = false;
    quint64 m_generation = 0;
};

} // namespace Banter::Console
