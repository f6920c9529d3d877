#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTimer;
class QTreeView;

namespace Banter::Console {

class PresenceModel;

// Who is online now: users with their connections (a tree), filtered by name, with live counts. The model
// changes row by row as people connect and disconnect; the view keeps uniform row heights and never resizes
// columns to contents, so ten thousand rows stay cheap.
class PresencePage : public QWidget
{
    Q_OBJECT
public:
    explicit PresencePage(PresenceModel *model, QWidget *parent = nullptr);

    QTreeView *view() const { return m_view; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }
    void setFilterText(const QString &text);
    QString countsText() const;

signals:
    void userActivated(const QString &userId, const QString &username); // double-click: show in Users

private:
    void applyFilter();
    void updateCounts();

    PresenceModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QLineEdit *m_filter;
    QTimer *m_filterDelay;
    QLabel *m_counts;
    QTreeView *m_view;
};

} // namespace Banter::Console
