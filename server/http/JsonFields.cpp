#include "http/JsonFields.h"

#include <banter/ErrorCode.h>

#include <QJsonArray>

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

Result<std::optional<QStringList>> JsonFields::optionalIdList(const QString &name) const
{
    const QJsonValue v = m_body.value(name);
    if (v.isUndefined() || v.isNull())
        return std::optional<QStringList>();
    const Error wrong = makeError(ErrorCode::ValidationFailed, name + u": an array of user ids"_s);
    if (!v.isArray())
        return wrong;
    QStringList ids;
    for (const QJsonValue &item : v.toArray()) {
        if (item.isString())
            ids.append(item.toString());
        else if (item.isDouble() && item.toDouble() == double(item.toInteger()))
            ids.append(QString::number(item.toInteger()));
        else
            return wrong;
    }
    return std::optional<QStringList>(ids);
}

Result<std::optional<bool>> JsonFields::optionalBool(const QString &name) const
{
    const QJsonValue v = m_body.value(name);
    if (v.isUndefined() || v.isNull())
        return std::optional<bool>();
    if (!v.isBool())
        return makeError(ErrorCode::ValidationFailed, name + u": true or false"_s);
    return std::optional<bool>(v.toBool());
}

Result<std::optional<qint64>> JsonFields::optionalInteger(const QString &name, qint64 min, qint64 max) const
{
    const QJsonValue v = m_body.value(name);
    if (v.isUndefined() || v.isNull())
        return std::optional<qint64>();
    const double d = v.toDouble();
    if (!v.isDouble() || d != double(v.toInteger()) || v.toInteger() < min || v.toInteger() > max)
        return makeError(ErrorCode::ValidationFailed, QStringLiteral("%1: a whole number %2-%3").arg(name).arg(min).arg(max));
    return std::optional<qint64>(v.toInteger());
}

} // namespace Banter::Server
