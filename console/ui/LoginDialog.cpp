#include "ui/LoginDialog.h"

#include "ui/Labels.h"
#include "ui/ServerHistory.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Banter::Console {

LoginDialog::LoginDialog(AdminSession *session, QWidget *parent) : QDialog(parent), m_session(session)
{
    setObjectName(u"loginDialog"_s);
    setWindowTitle(tr("Log in to Banter"));
    auto *layout = new QVBoxLayout(this);

    auto *heading = new QLabel(tr("<b>Banter Console</b><br>Log in with a moderator or admin account."), this);
    heading->setObjectName(u"heading"_s);
    layout->addWidget(heading);
    layout->addSpacing(6);

    m_banner = new QLabel(tr("Your session has expired. Log in again to continue."), this);
    m_banner->setWordWrap(true);
    m_banner->setStyleSheet(u"background: #fff8c5; border: 1px solid #d4a72c; padding: 6px"_s);
    m_banner->hide();
    layout->addWidget(m_banner);

    auto *form = new QFormLayout;
    m_server = new QComboBox(this);
    m_server->setObjectName(u"server"_s);
    m_server->setEditable(true);
    m_server->setInsertPolicy(QComboBox::NoInsert);
    m_server->addItems(ServerHistory::servers());
    m_server->setMinimumContentsLength(28);
    m_username = new QLineEdit(ServerHistory::lastUsername(), this);
    m_username->setObjectName(u"username"_s);
    m_password = new QLineEdit(this);
    m_password->setObjectName(u"password"_s);
    m_password->setEchoMode(QLineEdit::Password);
    m_totpLabel = new QLabel(tr("2FA code:"), this);
    m_totp = new QLineEdit(this);
    m_totp->setObjectName(u"totp"_s);
    m_totp->setPlaceholderText(tr("6 digits, or a recovery code"));
    form->addRow(tr("Server:"), m_server);
    form->addRow(tr("Username:"), m_username);
    form->addRow(tr("Password:"), m_password);
    form->addRow(m_totpLabel, m_totp);
    layout->addLayout(form);

    m_error = new QLabel(this);
    m_error->setObjectName(u"error"_s);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(u"color: #cf222e"_s);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->hide();
    layout->addWidget(m_error);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    // Our own words: Qt's translations (qtbase_de) are not always installed.
    buttons->button(QDialogButtonBox::Cancel)->setText(tr("Cancel"));
    m_login = buttons->addButton(tr("Log in"), QDialogButtonBox::AcceptRole);
    m_login->setObjectName(u"login"_s);
    m_login->setDefault(true);
    layout->addWidget(buttons);

    connect(m_login, &QPushButton::clicked, this, &LoginDialog::submit);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    showTotp(false);
    if (!m_username->text().isEmpty())
        m_password->setFocus();
}

void LoginDialog::setServer(const QString &server)
{
    m_server->setCurrentText(server);
}

void LoginDialog::setUsername(const QString &username)
{
    m_username->setText(username);
}

void LoginDialog::setPassword(const QString &password)
{
    m_password->setText(password);
}

void LoginDialog::setExpired(bool expired)
{
    m_banner->setVisible(expired);
    m_server->setEnabled(!expired);
    m_username->setReadOnly(expired);
    if (expired) {
        m_password->clear();
        m_totp->clear();
        showTotp(false);
        m_password->setFocus();
    }
}

QString LoginDialog::errorText() const
{
    return m_error->isVisible() ? m_error->text() : QString();
}

bool LoginDialog::isTotpVisible() const
{
    return !m_totp->isHidden();
}

void LoginDialog::submit()
{
    if (m_busy)
        return;
    const QUrl url = QUrl::fromUserInput(m_server->currentText().trimmed());
    if (!url.isValid() || url.host().isEmpty() || (url.scheme() != "http"_L1 && url.scheme() != "https"_L1)) {
        showError(tr("Enter the server as http://host:port or https://host."));
        m_server->setFocus();
        return;
    }
    if (m_username->text().trimmed().isEmpty() || m_password->text().isEmpty()) {
        showError(tr("Enter your username and password."));
        (m_username->text().trimmed().isEmpty() ? m_username : m_password)->setFocus();
        return;
    }
    if (m_session->server() != url)
        m_session->setServer(url);
    setBusy(true);
    showError({});
    m_session->login(m_username->text().trimmed(), m_password->text(), m_totp->text().trimmed(), this,
                     [this](const ApiResult<SessionUser> &result) { finish(result); });
}

void LoginDialog::finish(const ApiResult<SessionUser> &result)
{
    setBusy(false);
    if (!result) {
        const ApiError &error = result.error();
        if (error.code == "totp_required"_L1 || error.code == "invalid_totp"_L1) {
            showTotp(true);
            m_totp->selectAll();
            m_totp->setFocus();
        } else if (error.code == "invalid_credentials"_L1) {
            m_password->selectAll();
            m_password->setFocus();
        }
        showError(describe(error));
        return;
    }
    const SessionUser user = result.value();
    if (user.role != "moderator"_L1 && user.role != "admin"_L1) {
        m_session->logout();
        showError(tr("%1 is not a moderator or admin. Only they can use the console.").arg(user.username));
        return;
    }
    ServerHistory::remember(m_session->server().toString(), user.username);
    m_password->clear();
    m_totp->clear();
    emit loggedIn(user);
    accept();
}

QString LoginDialog::describe(const ApiError &error) const
{
    if (error.code == "invalid_credentials"_L1)
        return tr("Wrong username or password.");
    if (error.code == "totp_required"_L1)
        return tr("This account uses two-factor authentication. Enter the code from your authenticator app.");
    if (error.code == "invalid_totp"_L1)
        return tr("That 2FA code is not valid. Enter the current code.");
    if (error.code == "account_suspended"_L1)
        return tr("This account is suspended or banned.");
    if (error.code == "rate_limited"_L1)
        return Labels::count(qMax(1, error.retryAfterSeconds), tr("Too many attempts. Try again in a second."),
                             tr("Too many attempts. Try again in %1 seconds."));
    if (error.code == "unreachable"_L1 || error.code == "timeout"_L1)
        return tr("Cannot reach %1: %2").arg(m_session->server().toString(), error.message);
    return error.describe();
}

void LoginDialog::showError(const QString &text)
{
    m_error->setText(text);
    m_error->setVisible(!text.isEmpty());
}

void LoginDialog::showTotp(bool show)
{
    m_totpLabel->setVisible(show);
    m_totp->setVisible(show);
    adjustSize();
}

void LoginDialog::setBusy(bool busy)
{
    m_busy = busy;
    m_login->setEnabled(!busy);
    m_login->setText(busy ? tr("Logging in ...") : tr("Log in"));
}

} // namespace Banter::Console
