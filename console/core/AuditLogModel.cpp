#include "core/AuditLogModel.h"

#include "core/AdminApi.h"
#include "core/AdminLiveFeed.h"

#include <QLocale>

using namespace Qt::StringLiterals;

namespace Banter::Console {

AuditLogModel::AuditLogModel(AdminApi *api, QObject *parent) : QAbstractTableModel(parent), m_api(api) {}

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
    ++m_generation;
    clear();
    m_loading = false;
    load({});
}

void AuditLogModel::load(const QString &cursor)
{
    if (!m_api || m_loading)
        return;
    m_loading = true;
    emit loadingChanged(true);
    AuditQuery query = m_filter;
    query.cursor = cursor;
    const quint64 generation = m_generation;
    m_api->audit(query, this, [this, generation](const ApiResult<Page<AuditEntry>> &r) {
        if (generation != m_generation)
            return;
        m_loading = false;
        emit loadingChanged(false);
        if (!r) {
            emit failed(r.error());
            return;
        }
        appendPage(r->items, r->nextCursor);
    });
}

void AuditLogModel::appendPage(const QList<AuditEntry> &entries, const QString &nextCursor)
{
    m_nextCursor = nextCursor;
    QList<AuditEntry> fresh;
    for (const AuditEntry &e : entries) {
        if (!m_ids.contains(e.id))
            fresh.append(e);
    }
    if (fresh.isEmpty())
        return;
    beginInsertRows({}, int(m_entries.size()), int(m_entries.size() + fresh.size() - 1));
    for (const AuditEntry &e : std::as_const(fresh))
        m_ids.insert(e.id);
    m_entries.append(fresh);
    endInsertRows();
}

void AuditLogModel::prependEntry(const AuditEntry &entry)
{
    if (entry.id.isEmpty() || m_ids.contains(entry.id) || !m_filter.matches(entry))
        return;
    beginInsertRows({}, 0, 0);
    m_ids.insert(entry.id);
    m_entries.prepend(entry);
    endInsertRows();
}

void AuditLogModel::clear()
{
    beginResetModel();
    m_entries.clear();
    m_ids.clear();
    m_nextCursor.clear();
    endResetModel();
}

int AuditLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int AuditLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AuditLogModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_entries.size())
        return {};
    const AuditEntry &e = m_entries[index.row()];
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
        case TimeColumn: return e.at.isValid() ? QLocale().toString(e.at.toLocalTime(), QLocale::ShortFormat) : QString();
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
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn: return tr("Time");
    case ActorColumn: return tr("Actor");
    case ActionColumn: return tr("Action");
    case TargetColumn: return tr("Target");
    case ReasonColumn: return tr("Reason");
    default: return {};
    }
}

QHash<int, QByteArray> AuditLogModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(EntryIdRole, "entryId");
    names.insert(ActorIdRole, "actorId");
    names.insert(ActionRole, "action");
    names.insert(TargetTypeRole, "targetType");
    names.insert(TargetIdRole, "targetId");
    names.insert(EntryRole, "entry");
    return names;
}

bool AuditLogModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_api && !m_nextCursor.isEmpty() && !m_loading;
}

void AuditLogModel::fetchMore(const QModelIndex &parent)
{
    if (canFetchMore(parent))
        load(m_nextCursor);
}

} // namespace Banter::Console
