#include "ui/ReportDetailsPanel.h"

#include "ui/Labels.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMap>
#include <QPushButton>
#include <QTextBrowser>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Banter::Console {

ReportDetailsPanel::ReportDetailsPanel(QWidget *parent) : QWidget(parent)
{
    setObjectName(u"reportDetails"_s);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_title = new QLabel(this);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    layout->addWidget(m_title);

    auto *form = new QFormLayout;
    m_reported = new QLabel(this);
    m_reporter = new QLabel(this);
    m_reason = new QLabel(this);
    m_reason->setWordWrap(true);
    m_created = new QLabel(this);
    m_assignee = new QLabel(this);
    m_resolution = new QLabel(this);
    m_resolution->setWordWrap(true);
    for (QLabel *label : {m_reported, m_reporter, m_reason, m_created, m_assignee, m_resolution})
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(tr("Reported user:"), m_reported);
    form->addRow(tr("Reported by:"), m_reporter);
    form->addRow(tr("Reason:"), m_reason);
    form->addRow(tr("Created:"), m_created);
    form->addRow(tr("Assigned to:"), m_assignee);
    form->addRow(tr("Outcome:"), m_resolution);
    m_group = new QLabel(this);
    m_group->setObjectName(u"group"_s);
    m_group->setWordWrap(true);
    m_group->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(tr("Group:"), m_group);
    layout->addLayout(form);

    auto *actions = new QHBoxLayout;
    addButton(actions, Action::Assign, tr("Assign to me"), tr("Take this report: it shows as assigned to you"));
    addButton(actions, Action::Resolve, tr("Resolve ..."), tr("Close the report saying what was done"));
    addButton(actions, Action::Dismiss, tr("Dismiss ..."), tr("Close the report without action"));
    actions->addStretch(1);
    addButton(actions, Action::HideMessage, tr("Hide message ..."), tr("Hide the reported message from everyone; its content is kept"));
    addButton(actions, Action::DeleteMessage, tr("Delete message ..."), tr("Erase the reported message's content"));
    layout->addLayout(actions);

    layout->addWidget(new QLabel(tr("The reported message and the messages around it:"), this));
    m_conversation = new QTextBrowser(this);
    m_conversation->setObjectName(u"conversation"_s);
    m_conversation->setOpenLinks(false);
    layout->addWidget(m_conversation, 1);
    clear();
}

void ReportDetailsPanel::addButton(QHBoxLayout *row, Action action, const QString &text, const QString &tip)
{
    auto *button = new QPushButton(text, this);
    button->setToolTip(tip);
    row->addWidget(button);
    m_buttons.insert(int(action), button);
    connect(button, &QPushButton::clicked, this, [this, action] { emit actionRequested(action); });
}

void ReportDetailsPanel::setViewer(const SessionUser &viewer)
{
    m_viewer = viewer;
    updateButtons();
}

void ReportDetailsPanel::clear()
{
    m_versions = {};
    m_report = {};
    m_title->setText(tr("Select a report"));
    for (QLabel *label : {m_reported, m_reporter, m_reason, m_created, m_assignee, m_resolution, m_group})
        label->clear();
    m_conversation->clear();
    updateButtons();
}

void ReportDetailsPanel::showReport(const Report &report)
{
    if (report.messageId != m_report.messageId || report.id != m_report.id)
        m_versions = {}; // another report: its versions come separately (setVersions)
    m_report = report;
    m_title->setText(tr("Report %1 · %2").arg(report.id, Labels::reportState(report.state)));
    m_reported->setText(report.reportedUser.username);
    m_reporter->setText(report.reporter.username);
    m_reason->setText(report.reason);
    m_created->setText(Labels::time(report.createdAt));
    m_assignee->setText(report.assignee.isNull() ? tr("nobody") : report.assignee.username);
    if (report.resolution) {
        const ReportResolution &r = *report.resolution;
        m_resolution->setText(tr("%1 by %2 at %3: %4")
                                  .arg(report.state == "dismissed"_L1 ? tr("Dismissed") : r.action, r.by.username,
                                       Labels::time(r.at), r.reason));
    } else {
        m_resolution->setText(tr("open"));
    }
    m_group->setText(report.group ? tr("%1 · %2").arg(report.group->title, Labels::groupMembers(report.group->members))
                                  : tr("not a group"));
    m_conversation->setHtml(renderConversation(report, m_names, m_versions));
    updateButtons();
}

void ReportDetailsPanel::setVersions(const QJsonArray &versions)
{
    m_versions = versions;
    if (hasReport())
        m_conversation->setHtml(renderConversation(m_report, m_names, m_versions));
}

QString ReportDetailsPanel::conversationText() const
{
    return m_conversation->toPlainText();
}

void ReportDetailsPanel::setSenderNames(const QHash<QString, QString> &names)
{
    m_names = names;
    if (hasReport())
        m_conversation->setHtml(renderConversation(m_report, m_names, m_versions));
}

QStringList ReportDetailsPanel::unknownSenders() const
{
    QStringList ids;
    QJsonArray messages = m_report.context;
    messages.append(m_report.message);
    for (const QJsonValue &v : std::as_const(messages)) {
        const QString id = idString(v.toObject().value(u"senderId"_s));
        if (!id.isEmpty() && id != m_report.reporter.id && id != m_report.reportedUser.id && !m_names.contains(id) &&
            !ids.contains(id))
            ids.append(id);
    }
    return ids;
}

QString ReportDetailsPanel::renderConversation(const Report &report, const QHash<QString, QString> &names,
                                              const QJsonArray &versions)
{
    if (report.messageId.isEmpty() && report.message.isEmpty())
        return u"<p><i>%1</i></p>"_s.arg(tr("This report is about the user, not about a message.").toHtmlEscaped());
    QMap<qint64, QJsonObject> bySeq;
    for (const QJsonValue &v : report.context)
        bySeq.insert(v.toObject().value(u"seq"_s).toInteger(), v.toObject());
    if (!report.message.isEmpty())
        bySeq.insert(report.message.value(u"seq"_s).toInteger(), report.message);
    if (bySeq.isEmpty())
        return u"<p><i>%1</i></p>"_s.arg(tr("The reported message is no longer available.").toHtmlEscaped());

    auto sender = [&report, &names](const QJsonObject &m) {
        const QString id = idString(m.value(u"senderId"_s));
        if (id == report.reportedUser.id)
            return report.reportedUser.username;
        if (id == report.reporter.id)
            return report.reporter.username;
        if (names.contains(id))
            return names.value(id);
        return tr("user %1").arg(id);
    };
    QString html = u"<table cellspacing='0' cellpadding='3' width='100%'>"_s;
    for (const QJsonObject &m : std::as_const(bySeq)) {
        const bool reported = idString(m.value(u"id"_s)) == report.messageId;
        const bool removed = m.value(u"removed"_s).toBool() || m.value(u"content"_s).isNull();
        QString content = removed ? u"<i>%1</i>"_s.arg(tr("(removed)").toHtmlEscaped())
                                  : m.value(u"content"_s).toString().toHtmlEscaped();
        if (!m.value(u"editedAt"_s).isNull() && m.contains(u"editedAt"_s))
            content += u" <i style='color:#656d76'>%1</i>"_s.arg(tr("(edited)").toHtmlEscaped());
        html += reported ? u"<tr style='background-color:#ffebe9'>"_s : u"<tr>"_s;
        html += u"<td style='color:#656d76'>#%1</td><td style='color:#656d76'>%2</td><td><b>%3</b></td><td>%4%5</td></tr>"_s
                    .arg(m.value(u"seq"_s).toInteger())
                    .arg(Labels::time(parseTimestamp(m.value(u"createdAt"_s))).toHtmlEscaped(),
                         sender(m).toHtmlEscaped(), content,
                         reported ? u" <b style='color:#cf222e'>&#9664; %1</b>"_s.arg(tr("reported").toHtmlEscaped())
                                  : QString());
    }
    html += u"</table>"_s;
    if (!versions.isEmpty()) {
        html += u"<p><b>%1</b></p><table cellspacing='0' cellpadding='3' width='100%'>"_s.arg(
            tr("Earlier versions of the reported message").toHtmlEscaped());
        for (const QJsonValue &v : versions) {
            const QJsonObject o = v.toObject();
            const QString text = o.value(u"content"_s).isNull() ? u"<i>%1</i>"_s.arg(tr("(does not open)").toHtmlEscaped())
                                                                : o.value(u"content"_s).toString().toHtmlEscaped();
            html += u"<tr><td style='color:#656d76'>%1</td><td style='color:#656d76'>%2</td><td>%3</td></tr>"_s
                        .arg(tr("version %1").arg(o.value(u"version"_s).toInt()).toHtmlEscaped(),
                             tr("replaced %1").arg(Labels::time(parseTimestamp(o.value(u"replacedAt"_s)))).toHtmlEscaped(),
                             text);
        }
        html += u"</table>"_s;
    }
    return html;
}

void ReportDetailsPanel::updateButtons()
{
    const bool open = hasReport() && !m_report.isClosed();
    const bool mine = m_report.assignee.id == m_viewer.id && !m_viewer.id.isEmpty();
    button(Action::Assign)->setEnabled(open && !mine);
    button(Action::Resolve)->setEnabled(open);
    button(Action::Dismiss)->setEnabled(open);
    const bool message = hasReport() && !m_report.messageId.isEmpty() && !m_report.message.isEmpty() &&
                         !m_report.message.value(u"removed"_s).toBool();
    button(Action::HideMessage)->setEnabled(message);
    button(Action::DeleteMessage)->setEnabled(hasReport() && !m_report.messageId.isEmpty() && !m_report.message.isEmpty());
}

} // namespace Banter::Console
