#include "ui/ReasonDialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Banter::Console {

ReasonDialog::ReasonDialog(const QString &title, const QString &question, const QString &confirmText, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(u"reasonDialog"_s);
    setWindowTitle(title);
    auto *layout = new QVBoxLayout(this);
    m_question = new QLabel(question, this);
    m_question->setWordWrap(true);
    layout->addWidget(m_question);

    m_fields = new QFormLayout;
    m_reason = new QPlainTextEdit(this);
    m_reason->setObjectName(u"reason"_s);
    m_reason->setPlaceholderText(tr("Why? This is kept in the audit log."));
    m_reason->setTabChangesFocus(true);
    m_reason->setFixedHeight(fontMetrics().lineSpacing() * 5 + 2 * m_reason->frameWidth() + 8);
    m_fields->addRow(tr("Reason:"), m_reason);
    layout->addLayout(m_fields);

    m_counter = new QLabel(this);
    m_counter->setAlignment(Qt::AlignRight);
    layout->addWidget(m_counter);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(confirmText);
    m_buttons->button(QDialogButtonBox::Ok)->setObjectName(u"confirm"_s);
    m_buttons->button(QDialogButtonBox::Cancel)->setText(tr("Cancel")); // qtbase_de is not always installed
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_reason, &QPlainTextEdit::textChanged, this, &ReasonDialog::updateState);
    updateState();
}

void ReasonDialog::showEvent(QShowEvent *event)
{
    // The question wraps: size for a comfortable width and the height the wrapped text needs at it.
    const int width = qMax(460, minimumSizeHint().width());
    resize(width, hasHeightForWidth() ? qMax(heightForWidth(width), minimumSizeHint().height()) : sizeHint().height());
    QDialog::showEvent(event);
}

void ReasonDialog::addField(const QString &label, QWidget *field)
{
    m_fields->insertRow(m_fields->rowCount() - 1, label, field);
}

QString ReasonDialog::reason() const
{
    return m_reason->toPlainText().trimmed();
}

void ReasonDialog::setReason(const QString &reason)
{
    m_reason->setPlainText(reason);
}

QPushButton *ReasonDialog::confirmButton() const
{
    return m_buttons->button(QDialogButtonBox::Ok);
}

void ReasonDialog::updateState()
{
    const qsizetype length = reason().size();
    confirmButton()->setEnabled(length >= 1 && length <= MaxReasonLength);
    m_counter->setText(tr("%1 / %2").arg(length).arg(MaxReasonLength));
    m_counter->setStyleSheet(length > MaxReasonLength ? u"color: #cf222e"_s : QString());
}

} // namespace Banter::Console
