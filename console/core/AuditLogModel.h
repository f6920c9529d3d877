#pragma once

#include "core/AdminTypes.h"
#include "core/ApiError.h"

#include <QAbstractTableModel>
#include <QPointer>
#include <QSet>

namespace Banter::Console {

class AdminApi;
class AdminLiveFeed;

// The audit log, newest first: GET /api/admin/audit pages appended at the bottom (fetchMore = older), live
// audit:entry events prepended at the top (one beginInsertRows(0, 0) each) when they match the filter.
// Entries are unique by id (a live entry that a page also returns is not shown twice).
//
//   columns  0 Time  1 Actor  2 Action  3 Target  4 Reason
//   roles    EntryIdRole, ActorIdRole, ActionRole, TargetTypeRole, TargetIdRole, EntryRole (QVariant<AuditEntry>)
class AuditLogModel : public QAbstractTableModel
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
    bool isLoading() const { return m_loading; }

    void appendPage(const QList<AuditEntry> &entries, const QString &nextCursor); // older entries
    AuditEntry entryAt(int row) const { return m_entries.value(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

public slots:
    void prependEntry(const Banter::Console::AuditEntry &entry); // ignored when filtered out or already listed
    void clear();

signals:
    void loadingChanged(bool loading);
    void failed(const Banter::Console::ApiError &error);

private:
    void load(const QString &cursor);

    QPointer<AdminApi> m_api;
    AuditQuery m_filter;
    QList<AuditEntry> m_entries;
    QSet<QString> m_ids;
    QString m_nextCursor;
    bool m_loading = false;
    quint64 m_generation = 0;
};

} // namespace Banter::Console
