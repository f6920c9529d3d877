#pragma once

#include <QDateTime>
#include <QString>
#include <QVariant>

#include <optional>

namespace Banter::Server {

// Bound values that are SQL NULL when absent. A typed null QVariant keeps the parameter's type for QPSQL.
inline QVariant nullIfEmpty(const QString &text)
{
    return text.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(text);
}

inline QVariant nullIfUnset(std::optional<qint64> id)
{
    return id ? QVariant(*id) : QVariant(QMetaType::fromType<qint64>());
}

// Times travel as ISO 8601 text, cast to timestamptz in the SQL.
inline QVariant nullIfInvalid(const QDateTime &time)
{
    return time.isValid() ? QVariant(time.toUTC().toString(Qt::ISODateWithMs)) : QVariant(QMetaType::fromType<QString>());
}

} // namespace Banter::Server
