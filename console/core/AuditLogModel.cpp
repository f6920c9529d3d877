#include "core/AuditLogModel.h"

#include "core/AdminApi.h"
#include "core/AdminLiveFeed.h"
#include "core/ModelText.h"

using namespace Qt::StringLiterals;

namespace Banter::Console {

AuditLogModel::AuditLogModel(AdminApi *api, QObject *parent) : PagedRowsModel(ColumnCount, api, parent) {}

void AuditLogModel::attach(AdminLiveFeed *feed)
{
    connect(feed, &AdminLiveFeed::auditEntry, this, &AuditLogModel::prependEntry);
}

void AuditLogModel::setFilter(const AuditQuery &filter)
{
    m_filter = filter;
    m_filter.cursor.clear();
    reload();
}

void AuditLogModel::reload()
{
    reloadRows();
}

void AuditLogModel::fetchPage(AdminApi &api, const QString &cursor, AdminApi::Callback<Page<AuditEntry>> done)
{
    AuditQuery query = m_filter;
    query.cursor = cursor;
    api.audit(query, this, std::move(done));
}

void AuditLogModel::appendPage(const QList<AuditEntry> &entries, const QString &nextCursor)
{
    appendRows(entries, nextCursor);
}

void AuditLogModel::prependEntry(const AuditEntry &entry)
{
    if (!entry.id.isEmpty() && m_filter.matches(entry))
        prependRow(entry);
}

void AuditLogModel::clear()
{
    setRows({}, {});
}

QVariant AuditLogModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rows().size())
        return {};
    const AuditEntry &e = rows()[index.row()];
    switch (role) {
    case EntryIdRole: return e.id;
    case ActorIdRole: return e.actor.id;
    case ActionRole: return e.action;
    case TargetTypeRole: return e.targetType;
    case TargetIdRole: return e.targetId;
    case EntryRole: return QVariant::fromValue(e);
    case Qt::ToolTipRole: return e.reason;
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn: return localTimeText(e.at);
        case ActorColumn: return e.actor.username;
        case ActionColumn: return e.action;
        case TargetColumn: return e.targetType.isEmpty() ? e.targetId : tr("%1 %2").arg(e.targetType, e.targetId);
        case ReasonColumn: return e.reason;
        default: return {};
        }
    default: return {};
    }
}

QVariant AuditLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    // In Column order.
    return horizontalHeader({tr("Time"), tr("Actor"), tr("Action"), tr("Target"), tr("Reason")}, section,
                            orientation, role);
}

QHash<int, QByteArray> AuditLogModel::roleNames() const
{
    return withRoleNames(QAbstractTableModel::roleNames(),
                         {{EntryIdRole, "entryId"},
                          {ActorIdRole, "actorId"},
                          {ActionRole, "action"},
                          {TargetTypeRole, "targetType"},
                          {TargetIdRole, "targetId"},
                          {EntryRole, "entry"}});
}

} // namespace Banter::Console
