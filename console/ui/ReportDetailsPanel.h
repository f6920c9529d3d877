#pragma once

#include "core/AdminSession.h"
#include "core/AdminTypes.h"

#include <QHash>
#include <QJsonArray>
#include <QWidget>

class QHBoxLayout;
class QLabel;
class QPushButton;
class QTextBrowser;

namespace Banter::Console {

// One report: who reported whom and why, its state and resolution, and the reported message in the middle of
// the messages around it; plus the buttons to work on it.
class ReportDetailsPanel : public QWidget
{
    Q_OBJECT
public:
    enum class Action { Assign, Resolve, Dismiss, HideMessage, DeleteMessage };

    explicit ReportDetailsPanel(QWidget *parent = nullptr);

    void setViewer(const SessionUser &viewer);
    void showReport(const Report &report);
    // Usernames of message senders other than the reporter and the reported user (id -> username).
    void setSenderNames(const QHash<QString, QString> &names);
    // The reported message's earlier versions ({version, content, replacedAt}, oldest first), shown below.
    void setVersions(const QJsonArray &versions);
    void clear();
    bool hasReport() const { return !m_report.id.isEmpty(); }
    const Report &report() const { return m_report; }
    QPushButton *button(Action action) const { return m_buttons.value(int(action)); }
    QString conversationText() const;

    // The reported message among its context, oldest first, the reported one marked; as HTML.
    static QString renderConversation(const Report &report, const QHash<QString, QString> &names = {},
                                      const QJsonArray &versions = {});
    QStringList unknownSenders() const; // sender ids of the shown messages without a name yet

signals:
    void actionRequested(Banter::Console::ReportDetailsPanel::Action action);

private:
    void addButton(QHBoxLayout *row, Action action, const QString &text, const QString &tip);
    void updateButtons();

    SessionUser m_viewer;
    Report m_report;
    QHash<QString, QString> m_names;
    QJsonArray m_versions;
    QLabel *m_title;
    QLabel *m_reported;
    QLabel *m_reporter;
    QLabel *m_reason;
    QLabel *m_created;
    QLabel *m_assignee;
    QLabel *m_resolution;
    QLabel *m_group;
    QTextBrowser *m_conversation;
    QHash<int, QPushButton *> m_buttons;
};

} // namespace Banter::Console
