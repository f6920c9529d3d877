#include "ui/ScreenshotTour.h"

#include "core/MetricsHistory.h"
#include "core/PresenceModel.h"
#include "core/ReportQueueModel.h"
#include "core/UserListModel.h"
#include "ui/LoginDialog.h"
#include "ui/MainWindow.h"
#include "ui/AuditLogPage.h"
#include "ui/PresencePage.h"
#include "ui/ReasonDialog.h"
#include "ui/ReportsPage.h"
#include "ui/UserActions.h"
#include "ui/UserDetailsPanel.h"
#include "ui/UsersPage.h"

#include <QDir>
#include <QPixmap>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTimer>
#include <QTreeView>

using namespace Qt::StringLiterals;

namespace Banter::Console {

namespace {
constexpr int SettleMs = 1200;     // for details to load and the view to paint after a page change
constexpr int DataTimeoutMs = 60000;
} // namespace

ScreenshotTour::ScreenshotTour(MainWindow *window, const QString &directory, QObject *parent)
    : QObject(parent), m_window(window), m_directory(directory)
{
}

void ScreenshotTour::start(const QString &password)
{
    if (!QDir().mkpath(m_directory)) {
        fail(u"cannot create %1"_s.arg(m_directory));
        return;
    }
    LoginDialog *login = m_window->loginDialog();
    if (!login) {
        fail(u"no login dialog"_s);
        return;
    }
    login->setPassword(password);
    connect(login, &LoginDialog::finished, this, [this, login](int result) {
        if (result != QDialog::Accepted)
            fail(u"login failed: %1"_s.arg(login->errorText()));
    });
    QTimer::singleShot(SettleMs, this, [this, login] {
        if (!save(login->grab(), u"login"_s))
            return;
        login->submit();
        MetricsHistory *metrics = m_window->metricsHistory();
        waitFor([this, metrics] { return metrics->size() >= m_minimumSamples || !errorText().isEmpty(); },
                DataTimeoutMs, [this] {
                    if (m_window->loginDialog())
                        fail(u"not logged in: %1"_s.arg(errorText()));
                    else
                        shootPages(0);
                });
    });
}

void ScreenshotTour::waitFor(std::function<bool()> ready, int timeoutMs, std::function<void()> then)
{
    auto *timer = new QTimer(this);
    auto clock = std::make_shared<QElapsedTimer>();
    clock->start();
    connect(timer, &QTimer::timeout, this, [this, timer, clock, ready, timeoutMs, then] {
        if (m_done) {
            timer->deleteLater();
            return;
        }
        if (!ready() && clock->elapsed() < timeoutMs)
            return;
        timer->deleteLater();
        then(); // on timeout too: a picture with less data beats none
    });
    timer->start(200);
}

void ScreenshotTour::shootPages(int page)
{
    if (m_done)
        return;
    if (page == MainWindow::PageCount) {
        shootBanDialog();
        return;
    }
    const auto which = MainWindow::Page(page);
    m_window->setCurrentPage(which);
    if (which == MainWindow::Page::Presence) {
        QTreeView *view = m_window->presencePage()->view();
        for (int row = 0; row < qMin(3, view->model()->rowCount()); ++row)
            view->expand(view->model()->index(row, 0));
    } else if (which == MainWindow::Page::Users) {
        // The person most reports are about makes the most telling picture (and the ban dialog's subject).
        UserListModel *users = m_window->userListModel();
        ReportQueueModel *reports = m_window->reportQueueModel();
        int pick = reports->rowCount() > 0 ? users->rowOf(reports->reportAt(0).reportedUser.id) : -1;
        for (int row = 0; pick < 0 && row < users->rowCount(); ++row) {
            const AdminUser u = users->userAt(row);
            if (u.role == "user"_L1 && u.online) {
                pick = row;
                break;
            }
        }
        m_window->usersPage()->selectRow(qMax(0, pick));
    } else if (which == MainWindow::Page::Reports) {
        m_window->reportsPage()->selectRow(0);
    } else if (which == MainWindow::Page::Audit) {
        QTableView *audit = m_window->auditPage()->view();
        audit->setCurrentIndex(audit->model()->index(0, 0));
    }
    QTimer::singleShot(SettleMs, this, [this, page, which] {
        if (save(m_window->grab(), MainWindow::pageKey(which)))
            shootPages(page + 1);
    });
}

void ScreenshotTour::shootBanDialog()
{
    m_window->setCurrentPage(MainWindow::Page::Users);
    UsersPage *users = m_window->usersPage();
    if (!users->details()->hasUser()) {
        emit finished({});
        return;
    }
    users->actions()->ban(users->details()->detail().user);
    ReasonDialog *dialog = users->actions()->openDialog();
    dialog->setReason(tr("Spam links in several groups after two warnings."));
    QTimer::singleShot(SettleMs, this, [this, dialog] {
        const QPixmap picture = dialog->grab();
        dialog->reject();
        if (save(picture, u"ban-dialog"_s)) {
            m_done = true;
            emit finished({});
        }
    });
}

QString ScreenshotTour::errorText() const
{
    return m_window->loginDialog() ? m_window->loginDialog()->errorText() : QString();
}

bool ScreenshotTour::save(const QPixmap &picture, const QString &name)
{
    const QString file = QDir(m_directory).filePath(u"console-%1.png"_s.arg(name));
    if (!picture.save(file)) {
        fail(u"cannot write %1"_s.arg(file));
        return false;
    }
    return true;
}

void ScreenshotTour::fail(const QString &error)
{
    if (m_done)
        return;
    m_done = true;
    emit finished(error);
}

} // namespace Banter::Console
