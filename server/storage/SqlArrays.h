#pragma once

#include <QJsonArray>
#include <QJsonDocument>
#include <QList>
#include <QString>
#include <QStringList>

namespace Banter::Server {

// A PostgreSQL bigint array literal ("{1,2,3}") to bind as one text parameter and CAST(:x AS bigint[]):
// QPSQL has no array binding, and numbers need no quoting, so this stays a bound value, never SQL text.
inline QString bigintArray(const QList<qint64> &ids)
{
    QStringList parts;
    parts.reserve(ids.size());
    for (qint64 id : ids)
        parts.append(QString::number(id));
    return u'{' + parts.join(u',') + u'}';
}

// A JSON array to bind as one text parameter and CAST(:x AS jsonb) (jsonb_to_recordset): several rows in one
// statement.
inline QString compactJson(const QJsonArray &array)
{
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

// Ids (any container of qint64) as a JSON array, for compactJson() and a CAST(:x AS jsonb) in the SQL.
template <typename Ids>
QJsonArray jsonIds(const Ids &ids)
{
    QJsonArray array;
    for (qint64 id : ids)
        array.append(id);
    return array;
}

} // namespace Banter::Server
