#pragma once

#include "core/AdminSession.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace Banter::Console {

// Logs a moderator or admin in: server (the remembered list), username, password, and the 2FA code once the
// server asks for it (401 totp_required). Errors are shown inside the dialog; it closes (accepted) only when
// the session is logged in with a moderator or admin account.
//
// In "expired" mode (after AdminSession::sessionExpired) it says so, keeps the server and username of the
// login that ended, and asks for the password again.
class LoginDialog : public QDialog
{
    Q_OBJECT
public:
    explicit LoginDialog(AdminSession *session, QWidget *parent = nullptr);

    void setServer(const QString &server);
    void setUsername(const QString &username);
    void setPassword(const QString &password);
    void setExpired(bool expired);
    bool isBusy() const { return m_busy; }
    QString errorText() const;
    bool isTotpVisible() const;

public slots:
    void submit();

signals:
    void loggedIn(const Banter::Console::SessionUser &user);

private:
    void finish(const ApiResult<SessionUser> &result);
    void showError(const QString &text);
    void showTotp(bool show);
    void setBusy(bool busy);
    QString describe(const ApiError &error) const;

    AdminSession *m_session;
    QLabel *m_banner;
    QComboBox *m_server;
    QLineEdit *m_username;
    QLineEdit *m_password;
    QLabel *m_totpLabel;
    QLineEdit *m_totp;
    QLabel *m_error;
    QPushButton *m_login;
    bool m_busy = false;
};

} // namespace Banter::Console
