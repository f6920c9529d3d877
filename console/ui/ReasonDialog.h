#pragma once

#include <QDialog>

class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace Banter::Console {

// Confirms one moderation action and asks why: the question, optional extra fields (a duration, a role, ...),
// a reason of 1-500 characters, and a confirm button that stays disabled until the reason is there.
// The server writes the reason into the audit log, so it is never optional here.
class ReasonDialog : public QDialog
{
    Q_OBJECT
public:
    static constexpr int MaxReasonLength = 500;

    ReasonDialog(const QString &title, const QString &question, const QString &confirmText, QWidget *parent = nullptr);

    // Adds a labelled field above the reason (the dialog takes ownership).
    void addField(const QString &label, QWidget *field);
    QString reason() const;
    void setReason(const QString &reason);
    QPushButton *confirmButton() const;

protected:
    void showEvent(QShowEvent *event) override;

private:
    void updateState();

    QLabel *m_question;
    QFormLayout *m_fields;
    QPlainTextEdit *m_reason;
    QLabel *m_counter;
    QDialogButtonBox *m_buttons;
};

} // namespace Banter::Console
