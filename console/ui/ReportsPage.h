#pragma once

#include "core/AdminSession.h"

#include <QHash>
#include <QWidget>

class QComboBox;
class QLabel;
class QSplitter;
class QTableView;

namespace Banter::Console {

class AdminApi;
class ReportActions;
class ReportDetailsPanel;
class ReportQueueModel;

// The moderation queue: reports by state, oldest first; the selected report with its message in context and
// what can be done about it.
class ReportsPage : public QWidget
{
    Q_OBJECT
public:
    ReportsPage(AdminApi *api, ReportQueueModel *model, QWidget *parent = nullptr);

    void setViewer(const SessionUser &viewer);
    void reload();
    void selectRow(int row);
    void setStateFilter(const QString &state); // "" = open and assigned

    QTableView *view() const { return m_view; }
    ReportDetailsPanel *details() const { return m_details; }
    ReportActions *actions() const { return m_actions; }
    QSplitter *splitter() const { return m_splitter; }
    QString statusText() const;

private:
    void onCurrentChanged();
    void loadReport(const QString &reportId);
    void onAction(int action);
    void showStatus(const QString &text, bool error);
    void resolveSenderNames();

    AdminApi *m_api;
    ReportQueueModel *m_model;
    QComboBox *m_state;
    QTableView *m_view;
    QSplitter *m_splitter;
    ReportDetailsPanel *m_details;
    ReportActions *m_actions;
    QLabel *m_count;
    QLabel *m_status;
    QString m_reportId;
    QHash<QString, QString> m_senderNames; // user id -> username, for the messages shown
};

} // namespace Banter::Console
