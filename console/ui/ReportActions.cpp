#include "ui/ReportActions.h"

#include "core/AdminApi.h"
#include "ui/ReasonDialog.h"

#include <QComboBox>
#include <QLineEdit>

using namespace Qt::StringLiterals;

namespace Banter::Console {

ReportActions::ReportActions(AdminApi *api, QWidget *dialogParent)
    : QObject(dialogParent), m_api(api), m_dialogParent(dialogParent)
{
}

ReasonDialog *ReportActions::ask(const QString &title, const QString &question, const QString &confirm)
{
    if (m_dialog)
        m_dialog->close();
    m_dialog = new ReasonDialog(title, question, confirm, m_dialogParent);
    m_dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_dialog->setWindowModality(Qt::WindowModal);
    return m_dialog;
}

void ReportActions::assign(const Report &report)
{
    m_api->assignReport(report.id, this, [this, id = report.id](const ApiResult<Report> &r) {
        if (!r) {
            emit failed(tr("Could not assign report %1: %2").arg(id, r.error().describe()));
            return;
        }
        emit reportChanged(r.value());
        emit succeeded(tr("Report %1 is assigned to you.").arg(id));
    });
}

void ReportActions::resolve(const Report &report)
{
    ReasonDialog *dialog = ask(tr("Resolve report %1").arg(report.id),
                               tr("Close report %1 about %2, saying what was done?").arg(report.id, report.reportedUser.username),
                               tr("Resolve"));
    // Free text for the server (1-100 characters); the usual outcomes are offered, in the API's words.
    auto *action = new QComboBox(dialog);
    action->setObjectName(u"resolution"_s);
    action->setEditable(true);
    action->addItems({u"warned"_s, u"message_removed"_s, u"suspended"_s, u"banned"_s, u"no_violation"_s});
    action->lineEdit()->setMaxLength(100);
    dialog->addField(tr("Action taken:"), action);
    connect(dialog, &QDialog::accepted, this, [this, dialog, action, id = report.id] {
        m_api->resolveReport(id, action->currentText().trimmed(), dialog->reason(), this,
                             [this, id](const ApiResult<Report> &r) {
            if (!r) {
                emit failed(tr("Could not resolve report %1: %2").arg(id, r.error().describe()));
                return;
            }
            emit reportChanged(r.value());
            emit succeeded(tr("Report %1 is resolved.").arg(id));
        });
    });
    dialog->open();
}

void ReportActions::dismiss(const Report &report)
{
    ReasonDialog *dialog = ask(tr("Dismiss report %1").arg(report.id),
                               tr("Close report %1 about %2 without action?").arg(report.id, report.reportedUser.username),
                               tr("Dismiss"));
    connect(dialog, &QDialog::accepted, this, [this, dialog, id = report.id] {
        m_api->dismissReport(id, dialog->reason(), this, [this, id](const ApiResult<Report> &r) {
            if (!r) {
                emit failed(tr("Could not dismiss report %1: %2").arg(id, r.error().describe()));
                return;
            }
            emit reportChanged(r.value());
            emit succeeded(tr("Report %1 is dismissed.").arg(id));
        });
    });
    dialog->open();
}

void ReportActions::hideMessage(const Report &report)
{
    ReasonDialog *dialog = ask(tr("Hide message"),
                               tr("Hide the reported message from everyone? Members see that a moderator removed "
                                  "it; its content is kept for the audit."),
                               tr("Hide"));
    connect(dialog, &QDialog::accepted, this, [this, dialog, id = report.id, messageId = report.messageId] {
        m_api->hideMessage(messageId, dialog->reason(), this, [this, id, messageId](const ApiResult<QJsonObject> &r) {
            if (!r) {
                emit failed(tr("Could not hide message %1: %2").arg(messageId, r.error().describe()));
                return;
            }
            emit messageChanged(id);
            emit succeeded(tr("Message %1 is hidden.").arg(messageId));
        });
    });
    dialog->open();
}

void ReportActions::deleteMessage(const Report &report)
{
    ReasonDialog *dialog = ask(tr("Delete message"),
                               tr("Erase the content of the reported message? This cannot be undone. Members see "
                                  "that a moderator removed it."),
                               tr("Delete"));
    connect(dialog, &QDialog::accepted, this, [this, dialog, id = report.id, messageId = report.messageId] {
        m_api->deleteMessage(messageId, dialog->reason(), this, [this, id, messageId](const ApiResult<QJsonObject> &r) {
            if (!r) {
                emit failed(tr("Could not delete message %1: %2").arg(messageId, r.error().describe()));
                return;
            }
            emit messageChanged(id);
            emit succeeded(tr("Message %1 is deleted.").arg(messageId));
        });
    });
    dialog->open();
}

} // namespace Banter::Console
