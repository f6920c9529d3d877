#include "ui/UsersPage.h"

#include "core/AdminApi.h"
#include "core/UserListModel.h"
#include "ui/UserActions.h"
#include "ui/UserDetailsPanel.h"
#include "ui/Labels.h"
#include "ui/RecordTableView.h"
#include "ui/ValueLabelDelegate.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Banter::Console {

UsersPage::UsersPage(AdminApi *api, UserListModel *model, QWidget *parent)
    : QWidget(parent), m_api(api), m_model(model)
{
    setObjectName(u"usersPage"_s);
    auto *layout = new QVBoxLayout(this);
    m_search = new QLineEdit(this);
    m_search->setObjectName(u"search"_s);
    m_search->setPlaceholderText(tr("Search by username or display name (prefix)"));
    m_search->setClearButtonEnabled(true);
    layout->addWidget(m_search);

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(u"usersSplitter"_s);
    m_view = new RecordTableView(u"usersView"_s, model, m_splitter);
    m_view->setItemDelegateForColumn(UserListModel::RoleColumn, new ValueLabelDelegate(&Labels::role, m_view));
    m_view->setItemDelegateForColumn(UserListModel::StateColumn, new ValueLabelDelegate(&Labels::userState, m_view));
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_details = new UserDetailsPanel(m_splitter);
    m_splitter->addWidget(m_view);
    m_splitter->addWidget(m_details);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setSizes({560, 440});
    layout->addWidget(m_splitter, 1);

    m_status = new QLabel(this);
    m_status->setObjectName(u"status"_s);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status);

    m_actions = new UserActions(api, this);

    m_searchDelay = new QTimer(this);
    m_searchDelay->setSingleShot(true);
    m_searchDelay->setInterval(250);
    connect(m_search, &QLineEdit::textChanged, m_searchDelay, qOverload<>(&QTimer::start));
    connect(m_searchDelay, &QTimer::timeout, this, [this] { runSearch(m_search->text()); });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &UsersPage::onCurrentChanged);
    // The user showUser() asked for, once the search has listed them.
    connect(model, &QAbstractItemModel::rowsInserted, this, &UsersPage::selectPending);
    connect(model, &UserListModel::loadingChanged, this, [this](bool loading) {
        if (!loading)
            QTimer::singleShot(0, this, [this] { m_pendingUserId.clear(); }); // not found: forget it
    });
    connect(model, &UserListModel::failed, this, [this](const ApiError &e) {
        showStatus(tr("Could not load users: %1").arg(e.describe()), true);
    });
    // Fit the columns to the first page once it is there (a page of rows: cheap).
    connect(model, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &, int first) {
        if (first == 0)
            QTimer::singleShot(0, m_view, [this] { m_view->resizeColumnsToContents(); });
    });
    connect(model, &QAbstractItemModel::modelReset, this, [this] {
        QTimer::singleShot(0, m_view, [this] { m_view->resizeColumnsToContents(); });
        if (!m_detailUserId.isEmpty() && m_model->rowOf(m_detailUserId) < 0 && m_pendingUserId.isEmpty()) {
            m_detailUserId.clear();
            m_details->clear();
        }
    });
    connect(m_details, &UserDetailsPanel::actionRequested, this,
            [this](UserDetailsPanel::Action a) { onAction(int(a)); });
    connect(m_actions, &UserActions::userChanged, this, [this](const AdminUser &user) {
        m_model->updateUser(user);
        if (user.id == m_detailUserId)
            reloadDetail();
    });
    connect(m_actions, &UserActions::succeeded, this, [this](const QString &text) { showStatus(text, false); });
    connect(m_actions, &UserActions::failed, this, [this](const QString &text) { showStatus(text, true); });
}

void UsersPage::setViewer(const SessionUser &viewer)
{
    m_details->setViewer(viewer);
}

void UsersPage::search(const QString &text)
{
    m_search->blockSignals(true);
    m_search->setText(text);
    m_search->blockSignals(false);
    m_searchDelay->stop();
    runSearch(text);
}

void UsersPage::runSearch(const QString &text)
{
    m_model->search(text.trimmed()); // empty: everyone
}

void UsersPage::showUser(const QString &userId, const QString &username)
{
    m_pendingUserId = userId;
    search(username);
}

void UsersPage::selectRow(int row)
{
    if (row < 0 || row >= m_model->rowCount())
        return;
    m_view->selectRow(row);
    m_view->setCurrentIndex(m_model->index(row, 0));
}

void UsersPage::selectPending()
{
    if (m_pendingUserId.isEmpty())
        return;
    const int row = m_model->rowOf(m_pendingUserId);
    if (row < 0)
        return;
    m_pendingUserId.clear();
    selectRow(row);
}

QString UsersPage::statusText() const
{
    return m_status->text();
}

void UsersPage::onCurrentChanged()
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid())
        return;
    const AdminUser user = m_model->userAt(current.row());
    if (user.id != m_detailUserId)
        loadDetail(user.id, user.username);
}

void UsersPage::reloadDetail()
{
    if (!m_detailUserId.isEmpty())
        loadDetail(m_detailUserId, m_details->detail().user.username);
}

void UsersPage::loadDetail(const QString &userId, const QString &username)
{
    const bool sameUser = userId == m_detailUserId && m_details->hasUser();
    m_detailUserId = userId;
    if (!sameUser)
        m_details->showLoading(username);
    m_api->user(userId, this, [this, userId](const ApiResult<UserDetail> &r) {
        if (userId != m_detailUserId)
            return; // the selection moved on meanwhile
        if (!r) {
            showStatus(tr("Could not load the user: %1").arg(r.error().describe()), true);
            return;
        }
        m_details->showDetail(r.value());
    });
}

void UsersPage::onAction(int action)
{
    const AdminUser user = m_details->detail().user;
    switch (UserDetailsPanel::Action(action)) {
    case UserDetailsPanel::Action::Suspend: m_actions->suspend(user); break;
    case UserDetailsPanel::Action::Ban: m_actions->ban(user); break;
    case UserDetailsPanel::Action::Unban: m_actions->unban(user); break;
    case UserDetailsPanel::Action::Logout: m_actions->forceLogout(user); break;
    case UserDetailsPanel::Action::ChangeRole: m_actions->changeRole(user); break;
    case UserDetailsPanel::Action::Refresh: reloadDetail(); break;
    }
}

void UsersPage::showStatus(const QString &text, bool error)
{
    m_status->setText(text);
    m_status->setStyleSheet(error ? u"color: #cf222e"_s : u"color: #1a7f37"_s);
}

} // namespace Banter::Console
