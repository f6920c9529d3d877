#pragma once

#include "core/AdminSession.h"
#include "core/AdminTypes.h"

#include <QHash>
#include <QWidget>

class QHBoxLayout;
class QLabel;
class QPushButton;
class QTabWidget;
class QTreeWidget;

namespace Banter::Console {

// One user as GET /api/admin/users/:id describes them: profile and state, logins (sessions and their devices),
// live connections, reports about them and how many conversations they are in; plus the moderation buttons,
// enabled only for what the logged-in moderator may do to this user (the server checks again).
class UserDetailsPanel : public QWidget
{
    Q_OBJECT
public:
    enum class Action { Suspend, Ban, Unban, Logout, ChangeRole, Refresh };

    explicit UserDetailsPanel(QWidget *parent = nullptr);

    void setViewer(const SessionUser &viewer); // who is logged in: decides which buttons are enabled
    void showDetail(const UserDetail &detail);
    void showLoading(const QString &username);
    void clear();
    bool hasUser() const { return !m_detail.user.id.isEmpty(); }
    const UserDetail &detail() const { return m_detail; }
    QPushButton *button(Action action) const;

    // May `viewer` act on `target`? Not on themselves, and only on lower roles; roles only by admins.
    static bool mayModerate(const SessionUser &viewer, const AdminUser &target);
    static bool mayChangeRole(const SessionUser &viewer, const AdminUser &target);

signals:
    void actionRequested(Banter::Console::UserDetailsPanel::Action action);

private:
    void updateButtons();
    QPushButton *addButton(QHBoxLayout *row, Action action, const QString &text, const QString &tip);

    SessionUser m_viewer;
    UserDetail m_detail;
    QLabel *m_title;
    QLabel *m_role;
    QLabel *m_state;
    QLabel *m_online;
    QLabel *m_lastSeen;
    QLabel *m_created;
    QLabel *m_conversations;
    QHash<int, QPushButton *> m_buttons;
    QTabWidget *m_tabs;
    QTreeWidget *m_sessions;
    QTreeWidget *m_connections;
    QTreeWidget *m_reports;
    QTreeWidget *m_groups;
};

} // namespace Banter::Console
