#include "ui/AuditLogPage.h"

#include "core/AdminApi.h"
#include "core/AuditLogModel.h"
#include "ui/Labels.h"
#include "ui/RecordTableView.h"
#include "ui/ValueLabelDelegate.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Banter::Console {

AuditLogPage::AuditLogPage(AdminApi *api, AuditLogModel *model, QWidget *parent)
    : QWidget(parent), m_api(api), m_model(model)
{
    setObjectName(u"auditPage"_s);
    auto *layout = new QVBoxLayout(this);

    auto *filters = new QGridLayout;
    m_actor = new QLineEdit(this);
    m_actor->setObjectName(u"actorFilter"_s);
    m_actor->setPlaceholderText(tr("username or id"));
    m_action = new QComboBox(this);
    m_action->setObjectName(u"actionFilter"_s);
    m_action->addItem(tr("Any action"), QString());
    for (const QString &action : Labels::auditActions())
        m_action->addItem(Labels::auditAction(action), action);
    m_target = new QLineEdit(this);
    m_target->setObjectName(u"targetFilter"_s);
    m_target->setPlaceholderText(tr("id of a user, report, message ..."));
    const QDateTime now = QDateTime::currentDateTime();
    m_fromEnabled = new QCheckBox(tr("From:"), this);
    m_from = new QDateTimeEdit(now.addDays(-1), this);
    m_from->setCalendarPopup(true);
    m_toEnabled = new QCheckBox(tr("To:"), this);
    m_to = new QDateTimeEdit(now, this);
    m_to->setCalendarPopup(true);
    m_from->setEnabled(false);
    m_to->setEnabled(false);
    auto *apply = new QPushButton(tr("Apply"), this);
    apply->setObjectName(u"applyFilters"_s);
    apply->setDefault(true);
    auto *clear = new QPushButton(tr("Clear"), this);
    filters->addWidget(new QLabel(tr("Actor:"), this), 0, 0);
    filters->addWidget(m_actor, 0, 1);
    filters->addWidget(new QLabel(tr("Action:"), this), 0, 2);
    filters->addWidget(m_action, 0, 3);
    filters->addWidget(new QLabel(tr("Target:"), this), 0, 4);
    filters->addWidget(m_target, 0, 5);
    filters->addWidget(m_fromEnabled, 1, 0);
    filters->addWidget(m_from, 1, 1);
    filters->addWidget(m_toEnabled, 1, 2);
    filters->addWidget(m_to, 1, 3);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(apply);
    buttons->addWidget(clear);
    filters->addLayout(buttons, 1, 4, 1, 2);
    filters->setColumnStretch(1, 1);
    filters->setColumnStretch(3, 1);
    filters->setColumnStretch(5, 1);
    layout->addLayout(filters);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    m_view = new RecordTableView(u"auditView"_s, model, splitter);
    m_view->setItemDelegateForColumn(AuditLogModel::ActionColumn, new ValueLabelDelegate(&Labels::auditAction, m_view));
    m_view->setItemDelegateForColumn(AuditLogModel::TargetColumn, new ValueLabelDelegate(&Labels::auditTarget, m_view));
    QHeaderView *header = m_view->horizontalHeader();
    header->setStretchLastSection(true);
    header->resizeSection(AuditLogModel::TimeColumn, 150);
    header->resizeSection(AuditLogModel::ActorColumn, 120);
    header->resizeSection(AuditLogModel::ActionColumn, 200);
    header->resizeSection(AuditLogModel::TargetColumn, 130);
    m_details = new QPlainTextEdit(splitter);
    m_details->setObjectName(u"auditDetails"_s);
    m_details->setReadOnly(true);
    m_details->setPlaceholderText(tr("Select an entry to see all it recorded."));
    splitter->addWidget(m_view);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 4);
    splitter->setStretchFactor(1, 1);
    layout->addWidget(splitter, 1);

    auto *footer = new QHBoxLayout;
    m_status = new QLabel(this);
    m_status->setObjectName(u"status"_s);
    m_status->setWordWrap(true);
    m_older = new QPushButton(tr("Load older entries"), this);
    footer->addWidget(m_status, 1);
    footer->addWidget(m_older);
    layout->addLayout(footer);

    connect(m_fromEnabled, &QCheckBox::toggled, m_from, &QWidget::setEnabled);
    connect(m_toEnabled, &QCheckBox::toggled, m_to, &QWidget::setEnabled);
    connect(apply, &QPushButton::clicked, this, &AuditLogPage::applyFilters);
    connect(clear, &QPushButton::clicked, this, &AuditLogPage::clearFilters);
    connect(m_actor, &QLineEdit::returnPressed, this, &AuditLogPage::applyFilters);
    connect(m_target, &QLineEdit::returnPressed, this, &AuditLogPage::applyFilters);
    connect(m_older, &QPushButton::clicked, this, [this] { m_model->fetchMore({}); });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &AuditLogPage::showSelected);
    connect(model, &AuditLogModel::loadingChanged, this, &AuditLogPage::updateFooter);
    connect(model, &QAbstractItemModel::modelReset, this, &AuditLogPage::updateFooter);
    connect(model, &QAbstractItemModel::rowsInserted, this, &AuditLogPage::updateFooter);
    connect(model, &AuditLogModel::failed, this, [this](const ApiError &e) {
        m_status->setText(tr("Could not load the audit log: %1").arg(e.describe()));
        m_status->setStyleSheet(u"color: #cf222e"_s);
    });
    updateFooter();
}

void AuditLogPage::setActor(const QString &nameOrId)
{
    m_actor->setText(nameOrId);
}

void AuditLogPage::setAction(const QString &action)
{
    m_action->setCurrentIndex(qMax(0, m_action->findData(action)));
}

void AuditLogPage::setTarget(const QString &targetId)
{
    m_target->setText(targetId);
}

QString AuditLogPage::statusText() const
{
    return m_status->text();
}

void AuditLogPage::reload()
{
    m_model->reload();
}

void AuditLogPage::clearFilters()
{
    m_actor->clear();
    m_target->clear();
    m_action->setCurrentIndex(0);
    m_fromEnabled->setChecked(false);
    m_toEnabled->setChecked(false);
    applyFilters();
}

void AuditLogPage::applyFilters()
{
    const QString actor = m_actor->text().trimmed();
    if (actor.isEmpty()) {
        applyWithActorId({});
        return;
    }
    // The API filters by actor id; people think in usernames.
    m_api->resolveUser(actor, this, [this, actor](const ApiResult<AdminUser> &r) {
        if (actor != m_actor->text().trimmed())
            return;
        if (!r) {
            m_status->setText(tr("No user %1: %2").arg(actor, r.error().describe()));
            m_status->setStyleSheet(u"color: #cf222e"_s);
            return;
        }
        applyWithActorId(r.value().id);
    });
}

void AuditLogPage::applyWithActorId(const QString &actorId)
{
    AuditQuery query;
    query.actor = actorId;
    query.action = m_action->currentData().toString();
    query.target = m_target->text().trimmed();
    if (m_fromEnabled->isChecked())
        query.from = m_from->dateTime().toUTC();
    if (m_toEnabled->isChecked())
        query.to = m_to->dateTime().toUTC();
    m_details->clear();
    m_model->setFilter(query);
}

void AuditLogPage::showSelected()
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid()) {
        m_details->clear();
        return;
    }
    const AuditEntry e = m_model->entryAt(current.row());
    QString text = tr("%1 · %2 by %3").arg(Labels::time(e.at), Labels::auditAction(e.action), e.actor.username);
    QString target = Labels::auditTarget(e.targetType + u' ' + e.targetId);
    if (e.details.contains(u"username"_s))
        target += u" (%1)"_s.arg(e.details.value(u"username"_s).toString());
    text += u"\n"_s + tr("Target: %1").arg(target);
    text += u"\n"_s + tr("Reason: %1").arg(Labels::orNone(e.reason));
    if (!e.details.isEmpty())
        text += u"\n"_s + tr("Details:") + u"\n"_s +
                QString::fromUtf8(QJsonDocument(e.details).toJson(QJsonDocument::Indented)).trimmed();
    m_details->setPlainText(text);
}

void AuditLogPage::updateFooter()
{
    m_older->setEnabled(!m_model->isLoading() && m_model->canFetchMore({}));
    m_status->setStyleSheet(QString());
    if (m_model->isLoading())
        m_status->setText(tr("Loading ..."));
    else
        m_status->setText(Labels::count(m_model->rowCount(), tr("1 entry shown; new entries appear at the top as they happen."),
                                        tr("%1 entries shown; new entries appear at the top as they happen.")));
}

} // namespace Banter::Console
