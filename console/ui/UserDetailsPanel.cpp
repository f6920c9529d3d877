#include "ui/UserDetailsPanel.h"

#include "ui/Labels.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTabWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Banter::Console {

namespace {
int rank(const QString &role)
{
    if (role == "admin"_L1)
        return 2;
    if (role == "moderator"_L1)
        return 1;
    return 0;
}

QTreeWidget *makeList(const QStringList &headers, QWidget *parent)
{
    auto *list = new QTreeWidget(parent);
    list->setHeaderLabels(headers);
    list->setRootIsDecorated(false);
    list->setUniformRowHeights(true);
    list->setAlternatingRowColors(true);
    list->header()->setStretchLastSection(true);
    return list;
}
} // namespace

UserDetailsPanel::UserDetailsPanel(QWidget *parent) : QWidget(parent)
{
    setObjectName(u"userDetails"_s);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_title = new QLabel(this);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_title);

    auto *form = new QFormLayout;
    m_role = new QLabel(this);
    m_state = new QLabel(this);
    m_state->setWordWrap(true);
    m_online = new QLabel(this);
    m_lastSeen = new QLabel(this);
    m_created = new QLabel(this);
    m_conversations = new QLabel(this);
    form->addRow(tr("Role:"), m_role);
    form->addRow(tr("State:"), m_state);
    form->addRow(tr("Online:"), m_online);
    form->addRow(tr("Last seen:"), m_lastSeen);
    form->addRow(tr("Member since:"), m_created);
    form->addRow(tr("Conversations:"), m_conversations);
    layout->addLayout(form);

    // Two rows, so that longer (German) labels do not squeeze the user list next to the panel.
    auto *actions = new QHBoxLayout;
    auto *moreActions = new QHBoxLayout;
    addButton(actions, Action::Suspend, tr("Suspend ..."), tr("Suspend this account for a while: logs it out everywhere"));
    addButton(actions, Action::Ban, tr("Ban ..."), tr("Ban this account: logs it out everywhere until unbanned"));
    addButton(actions, Action::Unban, tr("Unban ..."), tr("Lift a ban or a suspension"));
    actions->addStretch(1);
    addButton(moreActions, Action::Logout, tr("Force logout ..."), tr("End every login of this account and close its connections"));
    addButton(moreActions, Action::ChangeRole, tr("Change role ..."), tr("Make this account a user, moderator or admin (admins only)"));
    moreActions->addStretch(1);
    addButton(moreActions, Action::Refresh, tr("Refresh"), tr("Load this user again"));
    layout->addLayout(actions);
    layout->addLayout(moreActions);

    m_tabs = new QTabWidget(this);
    m_sessions = makeList({tr("Device"), tr("Address"), tr("Logged in"), tr("Last used"), tr("State")}, this);
    m_connections = makeList({tr("Address"), tr("Device"), tr("Connected since"), tr("Last activity")}, this);
    m_reports = makeList({tr("Report"), tr("State"), tr("Reporter"), tr("Reason"), tr("Created")}, this);
    m_sessions->setObjectName(u"sessions"_s);
    m_connections->setObjectName(u"connections"_s);
    m_reports->setObjectName(u"reports"_s);
    m_groups = makeList({tr("Group"), tr("Role"), tr("Members")}, this);
    m_groups->setObjectName(u"groups"_s);
    m_tabs->addTab(m_sessions, QString());
    m_tabs->addTab(m_connections, QString());
    m_tabs->addTab(m_reports, QString());
    m_tabs->addTab(m_groups, QString());
    layout->addWidget(m_tabs, 1);
    clear();
}

QPushButton *UserDetailsPanel::addButton(QHBoxLayout *row, Action action, const QString &text, const QString &tip)
{
    auto *button = new QPushButton(text, this);
    button->setToolTip(tip);
    row->addWidget(button);
    m_buttons.insert(int(action), button);
    connect(button, &QPushButton::clicked, this, [this, action] { emit actionRequested(action); });
    return button;
}

QPushButton *UserDetailsPanel::button(Action action) const
{
    return m_buttons.value(int(action));
}

bool UserDetailsPanel::mayModerate(const SessionUser &viewer, const AdminUser &target)
{
    return !target.id.isEmpty() && viewer.id != target.id && rank(viewer.role) >= 1 && rank(viewer.role) > rank(target.role);
}

bool UserDetailsPanel::mayChangeRole(const SessionUser &viewer, const AdminUser &target)
{
    return mayModerate(viewer, target) && viewer.role == "admin"_L1;
}

void UserDetailsPanel::setViewer(const SessionUser &viewer)
{
    m_viewer = viewer;
    updateButtons();
}

void UserDetailsPanel::showLoading(const QString &username)
{
    clear();
    m_title->setText(tr("%1 (loading ...)").arg(username));
}

void UserDetailsPanel::clear()
{
    m_detail = {};
    m_title->setText(tr("Select a user"));
    for (QLabel *label : {m_role, m_state, m_online, m_lastSeen, m_created, m_conversations})
        label->clear();
    m_sessions->clear();
    m_connections->clear();
    m_reports->clear();
    m_groups->clear();
    m_tabs->setTabText(0, tr("Sessions"));
    m_tabs->setTabText(1, tr("Connections"));
    m_tabs->setTabText(2, tr("Reports"));
    m_tabs->setTabText(3, tr("Groups"));
    updateButtons();
}

void UserDetailsPanel::showDetail(const UserDetail &detail)
{
    m_detail = detail;
    const AdminUser &u = detail.user;
    m_title->setText(u.displayName.isEmpty() || u.displayName == u.username
                         ? u.username
                         : tr("%1 (%2)").arg(u.username, u.displayName));
    m_role->setText(Labels::role(u.role));
    QString state = Labels::userState(u.state);
    if (u.state == "suspended"_L1 && u.suspendedUntil.isValid())
        state = tr("Suspended until %1").arg(Labels::time(u.suspendedUntil));
    if (!u.banReason.isEmpty())
        state += u" · "_s + tr("reason: %1").arg(u.banReason);
    m_state->setText(state);
    m_state->setStyleSheet(u.state == "active"_L1 ? QString() : u"color: #cf222e; font-weight: bold"_s);
    m_online->setText(u.online ? tr("yes") : tr("no"));
    m_lastSeen->setText(Labels::time(u.lastSeen));
    m_created->setText(Labels::time(u.createdAt));
    m_conversations->setText(QLocale().toString(detail.conversationCount));

    m_sessions->clear();
    for (const DeviceSession &s : detail.sessions) {
        new QTreeWidgetItem(m_sessions, {Labels::orNone(s.userAgent), s.clientAddress, Labels::time(s.createdAt),
                                         Labels::time(s.lastUsedAt), s.revoked ? tr("revoked") : tr("active")});
    }
    m_connections->clear();
    for (const Connection &c : detail.connections) {
        new QTreeWidgetItem(m_connections, {c.clientAddress, Labels::orNone(c.userAgent), Labels::time(c.connectedSince),
                                            Labels::time(c.lastActivity)});
    }
    m_reports->clear();
    for (const Report &r : detail.reports) {
        new QTreeWidgetItem(m_reports, {r.id, Labels::reportState(r.state), r.reporter.username, r.reason,
                                        Labels::time(r.createdAt)});
    }
    m_groups->clear();
    for (const GroupInfo &g : detail.groups) {
        // One row per group, its members (with their roles) below it.
        auto *group = new QTreeWidgetItem(m_groups, {g.title, Labels::groupRole(g.role),
                                                     QLocale().toString(g.members.size())});
        for (const GroupMemberRef &m : g.members)
            new QTreeWidgetItem(group, {m.username, Labels::groupRole(m.role), QString()});
    }
    for (QTreeWidget *list : {m_sessions, m_connections, m_reports, m_groups}) {
        for (int c = 0; c < list->columnCount() - 1; ++c)
            list->resizeColumnToContents(c);
    }
    m_tabs->setTabText(0, tr("Sessions (%1)").arg(detail.sessions.size()));
    m_tabs->setTabText(1, tr("Connections (%1)").arg(detail.connections.size()));
    m_tabs->setTabText(2, tr("Reports (%1)").arg(detail.reports.size()));
    m_tabs->setTabText(3, tr("Groups (%1)").arg(detail.groups.size()));
    updateButtons();
}

void UserDetailsPanel::updateButtons()
{
    const AdminUser &u = m_detail.user;
    const bool moderate = mayModerate(m_viewer, u);
    button(Action::Suspend)->setEnabled(moderate && u.state == "active"_L1);
    button(Action::Ban)->setEnabled(moderate && u.state != "banned"_L1);
    button(Action::Unban)->setEnabled(moderate && u.state != "active"_L1);
    button(Action::Logout)->setEnabled(moderate);
    button(Action::ChangeRole)->setEnabled(mayChangeRole(m_viewer, u));
    button(Action::Refresh)->setEnabled(hasUser());
}

} // namespace Banter::Console
