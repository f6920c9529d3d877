#pragma once

#include <banter/Result.h>

#include <QJsonObject>
#include <QStringList>

#include <optional>

namespace Banter::Server {

// Reads typed fields from a request body; wrong types and fields a caller may not set are validation errors.
class JsonFields
{
public:
    explicit JsonFields(const QJsonObject &body) : m_body(body) {}

    // Error when the body has a field outside allowed (no mass assignment).
    Result<void> only(const QStringList &allowed) const;
    Result<QString> requiredString(const QString &name) const;
    Result<std::optional<QString>> optionalString(const QString &name) const;
    // A string or number id, as a string.
    Result<QString> requiredId(const QString &name) const;
    Result<QString> optionalId(const QString &name) const;
    // An array of ids (strings or integral numbers), as strings; none when absent or null.
    Result<std::optional<QStringList>> optionalIdList(const QString &name) const;
    Result<std::optional<bool>> optionalBool(const QString &name) const;
    // A whole number in [min, max]; none when absent or null.
    Result<std::optional<qint64>> optionalInteger(const QString &name, qint64 min, qint64 max) const;

private:
    QJsonObject m_body;
};

} // namespace Banter::Server
