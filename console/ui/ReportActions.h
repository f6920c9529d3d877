#pragma once

#include "core/AdminTypes.h"
#include "ui/ReasonDialog.h"

#include <QObject>
#include <QPointer>

namespace Banter::Console {

class AdminApi;

// Working on a report: assign it to me (no questions), resolve or dismiss it, hide or delete the reported
// message (each confirmed with a reason in a ReasonDialog), then the admin API call and its outcome.
class ReportActions : public QObject
{
    Q_OBJECT
public:
    ReportActions(AdminApi *api, QWidget *dialogParent);

    void assign(const Report &report);
    void resolve(const Report &report);
    void dismiss(const Report &report);
    void hideMessage(const Report &report);
    void deleteMessage(const Report &report);

    ReasonDialog *openDialog() const { return m_dialog; }

signals:
    void reportChanged(const Banter::Console::Report &report); // the server's new state of the report
    void messageChanged(const QString &reportId);              // its message was hidden or deleted
    void succeeded(const QString &message);
    void failed(const QString &message);

private:
    ReasonDialog *ask(const QString &title, const QString &question, const QString &confirm);

    AdminApi *m_api;
    QWidget *m_dialogParent;
    QPointer<ReasonDialog> m_dialog;
};

} // namespace Banter::Console
