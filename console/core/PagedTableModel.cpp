#include "core/PagedTableModel.h"

#include "core/AdminApi.h"

namespace Banter::Console {

PagedTableModel::PagedTableModel(int columnCount, AdminApi *api, QObject *parent)
    : QAbstractTableModel(parent), m_api(api), m_columnCount(columnCount)
{
}

int PagedTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_columnCount;
}

bool PagedTableModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_api && !m_nextCursor.isEmpty() && !m_loading;
}

void PagedTableModel::fetchMore(const QModelIndex &parent)
{
    if (canFetchMore(parent))
        loadPage(m_nextCursor);
}

void PagedTableModel::dropPendingReply()
{
    ++m_generation;
    m_loading = false;
}

void PagedTableModel::loadPage(const QString &cursor)
{
    if (!m_api || m_loading)
        return;
    m_loading = true;
    emit loadingChanged(true);
    requestPage(cursor, m_generation);
}

bool PagedTableModel::acceptReply(quint64 generation)
{
    if (generation != m_generation)
        return false;
    m_loading = false;
    emit loadingChanged(false);
    return true;
}

} // namespace Banter::Console
