#include "ui/ReportsPage.h"

#include "core/AdminApi.h"
#include "core/ReportQueueModel.h"
#include "ui/ReportActions.h"
#include "ui/ReportDetailsPanel.h"
#include "ui/Labels.h"
#include "ui/RecordTableView.h"
#include "ui/ValueLabelDelegate.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Banter::Console {

ReportsPage::ReportsPage(AdminApi *api, ReportQueueModel *model, QWidget *parent)
    : QWidget(parent), m_api(api), m_model(model)
{
    setObjectName(u"reportsPage"_s);
    auto *layout = new QVBoxLayout(this);
    auto *top = new QHBoxLayout;
    m_state = new QComboBox(this);
    m_state->setObjectName(u"stateFilter"_s);
    m_state->addItem(tr("Open and assigned"), QString());
    m_state->addItem(tr("Open"), u"open"_s);
    m_state->addItem(tr("Assigned"), u"assigned"_s);
    m_state->addItem(tr("Resolved"), u"resolved"_s);
    m_state->addItem(tr("Dismissed"), u"dismissed"_s);
    auto *reload = new QPushButton(tr("Reload"), this);
    m_count = new QLabel(this);
    top->addWidget(new QLabel(tr("Show:"), this));
    top->addWidget(m_state);
    top->addWidget(reload);
    top->addStretch(1);
    top->addWidget(m_count);
    layout->addLayout(top);

    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->setObjectName(u"reportsSplitter"_s);
    m_view = new RecordTableView(u"reportsView"_s, model, m_splitter);
    m_view->setItemDelegateForColumn(ReportQueueModel::StateColumn, new ValueLabelDelegate(&Labels::reportState, m_view));
    m_view->horizontalHeader()->setStretchLastSection(false);
    m_details = new ReportDetailsPanel(m_splitter);
    m_splitter->addWidget(m_view);
    m_splitter->addWidget(m_details);
    m_splitter->setStretchFactor(0, 2);
    m_splitter->setStretchFactor(1, 3);
    layout->addWidget(m_splitter, 1);

    m_status = new QLabel(this);
    m_status->setObjectName(u"status"_s);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status);

    m_actions = new ReportActions(api, this);

    connect(m_state, &QComboBox::currentIndexChanged, this,
            [this] { m_model->setStateFilter(m_state->currentData().toString()); });
    connect(reload, &QPushButton::clicked, this, &ReportsPage::reload);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &ReportsPage::onCurrentChanged);
    auto updateCount = [this] {
        m_count->setText(Labels::count(m_model->rowCount(), tr("1 report listed"), tr("%1 reports listed")));
    };
    connect(model, &QAbstractItemModel::modelReset, this, updateCount);
    // Fit the columns to the first page once it is there (a page of rows: cheap); the reason takes the rest.
    auto fit = [this] {
        QTimer::singleShot(0, m_view, [this] {
            m_view->resizeColumnsToContents();
            m_view->horizontalHeader()->setSectionResizeMode(ReportQueueModel::ReasonColumn, QHeaderView::Stretch);
        });
    };
    connect(model, &QAbstractItemModel::modelReset, this, fit);
    connect(model, &QAbstractItemModel::rowsInserted, this, [fit](const QModelIndex &, int first) {
        if (first == 0)
            fit();
    });
    connect(model, &QAbstractItemModel::rowsInserted, this, updateCount);
    connect(model, &QAbstractItemModel::rowsRemoved, this, updateCount);
    connect(model, &ReportQueueModel::failed, this, [this](const ApiError &e) {
        showStatus(tr("Could not load reports: %1").arg(e.describe()), true);
    });
    connect(m_details, &ReportDetailsPanel::actionRequested, this,
            [this](ReportDetailsPanel::Action a) { onAction(int(a)); });
    connect(m_actions, &ReportActions::reportChanged, this, [this](const Report &report) {
        m_model->updateReport(report);
        if (report.id == m_reportId)
            loadReport(report.id); // the full report, with its message and context
    });
    connect(m_actions, &ReportActions::messageChanged, this, [this](const QString &reportId) {
        if (reportId == m_reportId)
            loadReport(reportId);
    });
    connect(m_actions, &ReportActions::succeeded, this, [this](const QString &text) { showStatus(text, false); });
    connect(m_actions, &ReportActions::failed, this, [this](const QString &text) { showStatus(text, true); });
    updateCount();
}

void ReportsPage::setViewer(const SessionUser &viewer)
{
    m_details->setViewer(viewer);
}

void ReportsPage::reload()
{
    m_model->reload();
    if (!m_reportId.isEmpty())
        loadReport(m_reportId);
}

void ReportsPage::setStateFilter(const QString &state)
{
    const int index = m_state->findData(state);
    if (index >= 0)
        m_state->setCurrentIndex(index);
}

void ReportsPage::selectRow(int row)
{
    if (row < 0 || row >= m_model->rowCount())
        return;
    m_view->selectRow(row);
    m_view->setCurrentIndex(m_model->index(row, 0));
}

QString ReportsPage::statusText() const
{
    return m_status->text();
}

void ReportsPage::onCurrentChanged()
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid())
        return;
    const Report report = m_model->reportAt(current.row());
    if (report.id == m_reportId)
        return;
    m_details->showReport(report); // what the list knows, until the full report arrives
    loadReport(report.id);
}

void ReportsPage::loadReport(const QString &reportId)
{
    m_reportId = reportId;
    m_api->report(reportId, this, [this, reportId](const ApiResult<Report> &r) {
        if (reportId != m_reportId)
            return;
        if (!r) {
            showStatus(tr("Could not load report %1: %2").arg(reportId, r.error().describe()), true);
            return;
        }
        m_details->showReport(r.value());
        resolveSenderNames();
        // An edited message: moderators see what it said before.
        const QJsonValue editedAt = r.value().message.value(u"editedAt"_s);
        if (!r.value().messageId.isEmpty() && editedAt.isString())
            m_api->messageHistory(r.value().messageId, this, [this, reportId](const ApiResult<QJsonObject> &h) {
                if (reportId != m_reportId || !h)
                    return;
                m_details->setVersions(h.value().value(u"versions"_s).toArray());
            });
    });
}

void ReportsPage::resolveSenderNames()
{
    // Messages name their sender by id only; ask for each unknown one once.
    for (const QString &id : m_details->unknownSenders()) {
        m_senderNames.insert(id, tr("user %1").arg(id)); // asked for: no second request
        m_api->user(id, this, [this, id](const ApiResult<UserDetail> &r) {
            if (!r)
                return;
            m_senderNames.insert(id, r.value().user.username);
            m_details->setSenderNames(m_senderNames);
        });
    }
}

void ReportsPage::onAction(int action)
{
    const Report report = m_details->report();
    switch (ReportDetailsPanel::Action(action)) {
    case ReportDetailsPanel::Action::Assign: m_actions->assign(report); break;
    case ReportDetailsPanel::Action::Resolve: m_actions->resolve(report); break;
    case ReportDetailsPanel::Action::Dismiss: m_actions->dismiss(report); break;
    case ReportDetailsPanel::Action::HideMessage: m_actions->hideMessage(report); break;
    case ReportDetailsPanel::Action::DeleteMessage: m_actions->deleteMessage(report); break;
    }
}

void ReportsPage::showStatus(const QString &text, bool error)
{
    m_status->setText(text);
    m_status->setStyleSheet(error ? u"color: #cf222e"_s : u"color: #1a7f37"_s);
}

} // namespace Banter::Console
