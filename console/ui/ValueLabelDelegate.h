#pragma once

#include <QStyledItemDelegate>

#include <functional>

namespace Banter::Console {

// Shows a column's API value ("banned", "user.ban") as the word for it in the user's language (Labels), while
// the model keeps the value itself for sorting, filtering and tests.
class ValueLabelDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using Translate = std::function<QString(const QString &)>;

    explicit ValueLabelDelegate(Translate translate, QObject *parent = nullptr)
        : QStyledItemDelegate(parent), m_translate(std::move(translate))
    {
    }

    QString displayText(const QVariant &value, const QLocale &locale) const override
    {
        if (value.typeId() == QMetaType::QString)
            return m_translate(value.toString());
        return QStyledItemDelegate::displayText(value, locale);
    }

private:
    Translate m_translate;
};

} // namespace Banter::Console
