#pragma once

#include "core/AdminTypes.h"
#include "core/ApiError.h"
#include "ui/ReasonDialog.h"

#include <QObject>
#include <QPointer>

namespace Banter::Console {

class AdminApi;

// The moderation actions on one user: each asks for confirmation and a reason (ReasonDialog, plus a duration
// for a suspension and the new role for a role change), then calls the admin API and reports the outcome.
class UserActions : public QObject
{
    Q_OBJECT
public:
    UserActions(AdminApi *api, QWidget *dialogParent);

    void suspend(const AdminUser &user);
    void ban(const AdminUser &user);
    void unban(const AdminUser &user);
    void forceLogout(const AdminUser &user);
    void changeRole(const AdminUser &user);

    ReasonDialog *openDialog() const { return m_dialog; } // the dialog waiting for an answer, if any

signals:
    void userChanged(const Banter::Console::AdminUser &user); // the server's new state of the user
    void succeeded(const QString &message);
    void failed(const QString &message);

private:
    ReasonDialog *ask(const QString &title, const QString &question, const QString &confirm);
    void report(const QString &failure, const QString &success, const ApiResult<AdminUser> &result); // failure has %1 for the error

    AdminApi *m_api;
    QWidget *m_dialogParent;
    QPointer<ReasonDialog> m_dialog;
};

} // namespace Banter::Console
