#include "ui/UserActions.h"

#include "core/AdminApi.h"
#include "ui/Labels.h"
#include "ui/ReasonDialog.h"

#include <QComboBox>

using namespace Qt::StringLiterals;

namespace Banter::Console {

UserActions::UserActions(AdminApi *api, QWidget *dialogParent)
    : QObject(dialogParent), m_api(api), m_dialogParent(dialogParent)
{
}

ReasonDialog *UserActions::ask(const QString &title, const QString &question, const QString &confirm)
{
    if (m_dialog)
        m_dialog->close();
    m_dialog = new ReasonDialog(title, question, confirm, m_dialogParent);
    m_dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_dialog->setWindowModality(Qt::WindowModal);
    return m_dialog;
}

void UserActions::report(const QString &failure, const QString &success, const ApiResult<AdminUser> &result)
{
    if (!result) {
        emit failed(failure.arg(result.error().describe()));
        return;
    }
    emit userChanged(result.value());
    emit succeeded(success);
}

void UserActions::suspend(const AdminUser &user)
{
    ReasonDialog *dialog = ask(tr("Suspend %1").arg(user.username),
                               tr("Suspend %1? They are logged out everywhere at once and cannot log in until the "
                                  "suspension ends or is lifted.").arg(user.username),
                               tr("Suspend"));
    auto *duration = new QComboBox(dialog);
    duration->setObjectName(u"duration"_s);
    for (qint64 seconds : {qint64(3600), qint64(6 * 3600), qint64(86400), qint64(3 * 86400), qint64(7 * 86400),
                           qint64(30 * 86400), qint64(365 * 86400)})
        duration->addItem(Labels::duration(seconds), seconds);
    duration->setCurrentIndex(2);
    dialog->addField(tr("Duration:"), duration);
    connect(dialog, &QDialog::accepted, this, [this, dialog, duration, user] {
        m_api->suspendUser(user.id, dialog->reason(), duration->currentData().toLongLong(), this,
                           [this, user](const ApiResult<AdminUser> &r) { report(tr("Could not suspend %1: %2").arg(user.username, u"%1"_s), tr("%1 is suspended.").arg(user.username), r); });
    });
    dialog->open();
}

void UserActions::ban(const AdminUser &user)
{
    ReasonDialog *dialog = ask(tr("Ban %1").arg(user.username),
                               tr("Ban %1? They are logged out everywhere at once, their connections close, and "
                                  "they cannot log in until someone unbans them.").arg(user.username),
                               tr("Ban"));
    connect(dialog, &QDialog::accepted, this, [this, dialog, user] {
        m_api->banUser(user.id, dialog->reason(), this,
                       [this, user](const ApiResult<AdminUser> &r) { report(tr("Could not ban %1: %2").arg(user.username, u"%1"_s), tr("%1 is banned.").arg(user.username), r); });
    });
    dialog->open();
}

void UserActions::unban(const AdminUser &user)
{
    ReasonDialog *dialog = ask(tr("Unban %1").arg(user.username),
                               tr("Lift the ban or suspension of %1? They can log in again at once.").arg(user.username),
                               tr("Unban"));
    connect(dialog, &QDialog::accepted, this, [this, dialog, user] {
        m_api->unbanUser(user.id, dialog->reason(), this,
                         [this, user](const ApiResult<AdminUser> &r) { report(tr("Could not unban %1: %2").arg(user.username, u"%1"_s), tr("%1 is active again.").arg(user.username), r); });
    });
    dialog->open();
}

void UserActions::forceLogout(const AdminUser &user)
{
    ReasonDialog *dialog = ask(tr("Force logout of %1").arg(user.username),
                               tr("End every login of %1 and close their connections? They can log in again.")
                                   .arg(user.username),
                               tr("Log out"));
    connect(dialog, &QDialog::accepted, this, [this, dialog, user] {
        m_api->logoutUser(user.id, dialog->reason(), this, [this, user](const ApiResult<int> &r) {
            if (!r) {
                emit failed(tr("Could not log out %1: %2").arg(user.username, r.error().describe()));
                return;
            }
            emit succeeded(Labels::count(r.value(), tr("%2: 1 session ended."), tr("%2: %1 sessions ended."))
                               .arg(user.username));
            emit userChanged(user);
        });
    });
    dialog->open();
}

void UserActions::changeRole(const AdminUser &user)
{
    ReasonDialog *dialog = ask(tr("Change the role of %1").arg(user.username),
                               tr("Give %1 another role? Moderators and admins can use this console.").arg(user.username),
                               tr("Change role"));
    auto *role = new QComboBox(dialog);
    role->setObjectName(u"role"_s);
    for (const QString &r : {u"user"_s, u"moderator"_s, u"admin"_s})
        role->addItem(Labels::role(r), r);
    role->setCurrentIndex(qMax(0, role->findData(user.role)));
    dialog->addField(tr("New role:"), role);
    connect(dialog, &QDialog::accepted, this, [this, dialog, role, user] {
        m_api->setRole(user.id, role->currentData().toString(), dialog->reason(), this,
                       [this, user](const ApiResult<AdminUser> &r) { report(tr("Could not change the role of %1: %2").arg(user.username, u"%1"_s), tr("%1 has a new role.").arg(user.username), r); });
    });
    dialog->open();
}

} // namespace Banter::Console
