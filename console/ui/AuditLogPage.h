#pragma once

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableView;

namespace Banter::Console {

class AdminApi;
class AuditLogModel;

// Who did what, newest first: filters (actor, action, target, time range), the paged log with live entries
// arriving at the top, and the selected entry's details.
class AuditLogPage : public QWidget
{
    Q_OBJECT
public:
    AuditLogPage(AdminApi *api, AuditLogModel *model, QWidget *parent = nullptr);

    void setActor(const QString &nameOrId);
    void setAction(const QString &action); // API value, "" = any
    void setTarget(const QString &targetId);
    void applyFilters();
    void clearFilters();
    void reload();

    QTableView *view() const { return m_view; }
    QString statusText() const;

private:
    void applyWithActorId(const QString &actorId);
    void showSelected();
    void updateFooter();

    AdminApi *m_api;
    AuditLogModel *m_model;
    QLineEdit *m_actor;
    QComboBox *m_action;
    QLineEdit *m_target;
    QCheckBox *m_fromEnabled;
    QDateTimeEdit *m_from;
    QCheckBox *m_toEnabled;
    QDateTimeEdit *m_to;
    QTableView *m_view;
    QPlainTextEdit *m_details;
    QPushButton *m_older;
    QLabel *m_status;
};

} // namespace Banter::Console
