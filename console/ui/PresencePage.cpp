#include "ui/PresencePage.h"

#include "core/PresenceModel.h"
#include "ui/Labels.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QSortFilterProxyModel>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Banter::Console {

PresencePage::PresencePage(PresenceModel *model, QWidget *parent) : QWidget(parent), m_model(model)
{
    setObjectName(u"presencePage"_s);
    auto *layout = new QVBoxLayout(this);
    auto *top = new QHBoxLayout;
    m_filter = new QLineEdit(this);
    m_filter->setObjectName(u"filter"_s);
    m_filter->setPlaceholderText(tr("Filter by username"));
    m_filter->setClearButtonEnabled(true);
    m_counts = new QLabel(this);
    m_counts->setObjectName(u"counts"_s);
    top->addWidget(m_filter, 1);
    top->addWidget(m_counts);
    layout->addLayout(top);

    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(model);
    m_proxy->setFilterRole(PresenceModel::UsernameRole);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setSortCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setDynamicSortFilter(true);

    m_view = new QTreeView(this);
    m_view->setObjectName(u"presenceView"_s);
    m_view->setModel(m_proxy);
    m_view->setUniformRowHeights(true);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(PresenceModel::NameColumn, Qt::AscendingOrder);
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setToolTip(tr("Double-click a user to open them on the Users page."));
    QHeaderView *header = m_view->header();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setStretchLastSection(true);
    header->resizeSection(PresenceModel::NameColumn, 200);
    header->resizeSection(PresenceModel::ConnectionCountColumn, 100);
    header->resizeSection(PresenceModel::ClientAddressColumn, 130);
    header->resizeSection(PresenceModel::UserAgentColumn, 200);
    header->resizeSection(PresenceModel::ConnectedSinceColumn, 150);
    layout->addWidget(m_view, 1);

    // Typing into the filter re-filters ten thousand rows; do it once the typing pauses.
    m_filterDelay = new QTimer(this);
    m_filterDelay->setSingleShot(true);
    m_filterDelay->setInterval(150);
    connect(m_filter, &QLineEdit::textChanged, m_filterDelay, qOverload<>(&QTimer::start));
    connect(m_filterDelay, &QTimer::timeout, this, &PresencePage::applyFilter);

    connect(model, &PresenceModel::totalsChanged, this, &PresencePage::updateCounts);
    connect(model, &QAbstractItemModel::modelReset, this, &PresencePage::updateCounts);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &PresencePage::updateCounts);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &PresencePage::updateCounts);
    connect(m_view, &QTreeView::doubleClicked, this, [this](const QModelIndex &index) {
        if (index.data(PresenceModel::IsConnectionRole).toBool())
            return;
        emit userActivated(index.data(PresenceModel::UserIdRole).toString(),
                           index.data(PresenceModel::UsernameRole).toString());
    });
    updateCounts();
}

void PresencePage::setFilterText(const QString &text)
{
    m_filter->setText(text);
    m_filterDelay->stop();
    applyFilter();
}

QString PresencePage::countsText() const
{
    return m_counts->text();
}

void PresencePage::applyFilter()
{
    m_proxy->setFilterFixedString(m_filter->text().trimmed());
    updateCounts();
}

void PresencePage::updateCounts()
{
    QString text = Labels::count(m_model->onlineUsers(), tr("1 user online"), tr("%1 users online")) + u" · "_s +
                   Labels::count(m_model->totalConnections(), tr("1 connection"), tr("%1 connections"));
    if (!m_proxy->filterRegularExpression().pattern().isEmpty())
        text += u" · "_s + tr("%1 shown").arg(QLocale().toString(m_proxy->rowCount()));
    m_counts->setText(text);
}

} // namespace Banter::Console
