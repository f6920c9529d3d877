#pragma once

#include "core/AdminTypes.h"
#include "core/PagedRowsModel.h"

namespace Banter::Console {

class AdminLiveFeed;

// The audit log, newest first: GET /api/admin/audit pages appended at the bottom (fetchMore = older), live
// audit:entry events prepended at the top (one beginInsertRows(0, 0) each) when they match the filter.
// Entries are unique by id (a live entry that a page also returns is not shown twice).
//
//   columns  0 Time  1 Actor  2 Action  3 Target  4 Reason
//   roles    EntryIdRole, ActorIdRole, ActionRole, TargetTypeRole, TargetIdRole, EntryRole (QVariant<AuditEntry>)
//
// Paging, loading state and failed() come from PagedRowsModel.
class AuditLogModel : public PagedRowsModel<AuditEntry>
{
    Q_OBJECT
public:
    enum Column { TimeColumn, ActorColumn, ActionColumn, TargetColumn, ReasonColumn, ColumnCount };
    enum Role { EntryIdRole = Qt::UserRole + 1, ActorIdRole, ActionRole, TargetTypeRole, TargetIdRole, EntryRole };

    explicit AuditLogModel(AdminApi *api = nullptr, QObject *parent = nullptr);

    void attach(AdminLiveFeed *feed); // audit:entry -> prependEntry
    void setFilter(const AuditQuery &filter); // reloads
    AuditQuery filter() const { return m_filter; }
    void reload();

    void appendPage(const QList<AuditEntry> &entries, const QString &nextCursor); // older entries
    AuditEntry entryAt(int row) const { return rowAt(row); }

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

public slots:
    void prependEntry(const Banter::Console::AuditEntry &entry); // ignored when filtered out or already listed
    void clear();

protected:
    void fetchPage(AdminApi &api, const QString &cursor, AdminApi::Callback<Page<AuditEntry>> done) override;

private:
    AuditQuery m_filter;
};

} // namespace Banter::Console
