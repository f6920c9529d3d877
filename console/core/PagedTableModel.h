#pragma once

#include "core/ApiError.h"

#include <QAbstractTableModel>
#include <QPointer>

namespace Banter::Console {

class AdminApi;

// What the cursor-paged admin lists (users, reports, audit) share, apart from their row type: one request in
// flight at a time, canFetchMore/fetchMore following nextCursor, and a generation counter so a reply to a
// request made before a reload (new search, new filter) is dropped instead of appended to the new rows.
// Signals live here so every list reports loading and errors the same way. Rows are in PagedRowsModel<Row>;
// this class exists because moc cannot handle a class template.
class PagedTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    bool isLoading() const { return m_loading; }

    int columnCount(const QModelIndex &parent = {}) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

signals:
    void loadingChanged(bool loading);
    void failed(const Banter::Console::ApiError &error);

protected:
    PagedTableModel(int columnCount, AdminApi *api, QObject *parent);

    AdminApi *api() const { return m_api; }
    QString nextCursor() const { return m_nextCursor; }
    void setNextCursor(const QString &cursor) { m_nextCursor = cursor; }

    // Forgets the request in flight (its reply will be dropped), so the next loadPage() starts at once.
    void dropPendingReply();
    // Asks for the page after `cursor` ("" = the first) unless there is no AdminApi or a request is in
    // flight.
    void loadPage(const QString &cursor);
    // Called first by every reply: false when the reply is stale (ignore it), else ends the loading state.
    bool acceptReply(quint64 generation);

    // Sends the request; its reply calls acceptReply(generation) first.
    virtual void requestPage(const QString &cursor, quint64 generation) = 0;

private:
    QPointer<AdminApi> m_api;
    int m_columnCount;
    QString m_nextCursor;
    bool m_loading = false;
    quint64 m_generation = 0;
};

} // namespace Banter::Console
