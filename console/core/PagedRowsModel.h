#pragma once

#include "core/AdminApi.h"
#include "core/PagedTableModel.h"

#include <QList>
#include <QSet>

namespace Banter::Console {

// A PagedTableModel whose rows are `Row` values with a string `id` (AdminUser, Report, AuditEntry). It owns
// the row list and the model signals for changing it, so each list only says how to request a page and how to
// show a row. Rows are unique by id: a page that overlaps rows already shown (a live entry, or a row that
// moved between pages while paging) does not show them twice. Changes other than setRows() are inserts,
// removes and dataChanged, never resets, so views keep their selection and scroll position.
template <typename Row>
class PagedRowsModel : public PagedTableModel
{
public:
    int rowCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : int(m_rows.size());
    }

    // -1 when not listed. A scan: rows shift on prepend/remove, and lists are a few pages long.
    int rowOf(const QString &id) const
    {
        if (!m_ids.contains(id))
            return -1;
        for (int i = 0; i < m_rows.size(); ++i) {
            if (m_rows[i].id == id)
                return i;
        }
        return -1;
    }

protected:
    PagedRowsModel(int columnCount, AdminApi *api, QObject *parent)
        : PagedTableModel(columnCount, api, parent)
    {
    }

    // Sends the request for the page after `cursor`, with `this` as the context.
    virtual void fetchPage(AdminApi &api, const QString &cursor, AdminApi::Callback<Page<Row>> done) = 0;

    const QList<Row> &rows() const { return m_rows; }
    Row rowAt(int row) const { return m_rows.value(row); }

    // Empties the list and asks for the first page; a reply to an earlier request is dropped.
    void reloadRows()
    {
        dropPendingReply();
        setRows({}, {});
        loadPage({});
    }

    void setRows(const QList<Row> &rows, const QString &nextCursor)
    {
        beginResetModel();
        m_rows = rows;
        m_ids.clear();
        for (const Row &r : rows)
            m_ids.insert(r.id);
        setNextCursor(nextCursor);
        endResetModel();
    }

    void appendRows(const QList<Row> &rows, const QString &nextCursor)
    {
        setNextCursor(nextCursor);
        QList<Row> fresh;
        QSet<QString> freshIds;
        for (const Row &r : rows) {
            if (!m_ids.contains(r.id) && !freshIds.contains(r.id)) {
                fresh.append(r);
                freshIds.insert(r.id);
            }
        }
        if (fresh.isEmpty())
            return;
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + fresh.size() - 1));
        m_ids.unite(freshIds);
        m_rows.append(fresh);
        endInsertRows();
    }

    // False when already listed (nothing changes).
    bool prependRow(const Row &row)
    {
        if (m_ids.contains(row.id))
            return false;
        beginInsertRows({}, 0, 0);
        m_ids.insert(row.id);
        m_rows.prepend(row);
        endInsertRows();
        return true;
    }

    // By id, one dataChanged over the whole row; ignored when not listed.
    void replaceRow(const Row &row)
    {
        const int i = rowOf(row.id);
        if (i < 0)
            return;
        m_rows[i] = row;
        emit dataChanged(index(i, 0), index(i, columnCount() - 1));
    }

    // By id; ignored when not listed.
    void removeRowWithId(const QString &id)
    {
        const int i = rowOf(id);
        if (i < 0)
            return;
        beginRemoveRows({}, i, i);
        m_ids.remove(id);
        m_rows.removeAt(i);
        endRemoveRows();
    }

private:
    void requestPage(const QString &cursor, quint64 generation) final
    {
        fetchPage(*api(), cursor, [this, generation](const ApiResult<Page<Row>> &r) {
            if (!acceptReply(generation))
                return;
            if (!r) {
                emit failed(r.error());
                return;
            }
            appendRows(r->items, r->nextCursor);
        });
    }

    QList<Row> m_rows;
    QSet<QString> m_ids; // makes appendRows O(page) and rowOf's miss O(1)
};

} // namespace Banter::Console
