#include "http/JsonFields.h"

#include <banter/ErrorCode.h>

using namespace Qt::StringLiterals;

namespace Banter::Server {

Result<void> JsonFields::only(const QStringList &allowed) const
{
    for (auto it = m_body.begin(); it != m_body.end(); ++it) {
        if (!allowed.contains(it.key()))
            return makeError(ErrorCode::ValidationFailed, u"unknown or read-only field: "_s + it.key());
    }
    return {};
}

Result<QString> JsonFields::requiredString(const QString &name) const
{
    const QJsonValue v = m_body.value(name);
    if (!v.isString())
        return makeError(ErrorCode::ValidationFailed, name + u": required string"_s);
    return v.toString();
}

Result<std::optional<QString>> JsonFields::optionalString(const QString &name) const
{
    const QJsonValue v = m_body.value(name);
    if (v.isUndefined() || v.isNull())
        return std::optional<QString>();
    if (!v.isString())
        return makeError(ErrorCode::ValidationFailed, name + u": must be a string"_s);
    return std::optional<QString>(v.toString());
}

Result<QString> JsonFields::requiredId(const QString &name) const
{
    auto id = optionalId(name);
    if (id && id->isEmpty())
        return makeError(ErrorCode::ValidationFailed, name + u": required id"_s);
    return id;
}

Result<QString> JsonFields::optionalId(const QString &name) const
{
    const QJsonValue v = m_body.value(name);
    if (v.isUndefined() || v.isNull())
        return QString();
    if (v.isString())
        return v.toString();
    if (v.isDouble() && v.toDouble() == double(v.toInteger()))
        return QString::number(v.toInteger());
    return makeError(ErrorCode::ValidationFailed, name + u": must be an id string"_s);
}

} // namespace Banter::Server
