#pragma once

#include "storage/ConnectionFactory.h"

#include <banter/Result.h>

#include <QHash>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVariantMap>

namespace Banter::Server {

// One thread's database connection: opens lazily, reconnects after a lost connection, and runs named
// queries (SqlFiles) with bound parameters, keeping each prepared statement for reuse.
class DbSession
{
public:
    DbSession(ConnectionFactory factory, QString connectionName);
    ~DbSession();
    DbSession(const DbSession &) = delete;
    DbSession &operator=(const DbSession &) = delete;

    Result<void> ensureOpen();
    QSqlDatabase &database() { return m_db; }

    // Runs :/sql/queries/<name>.sql with :placeholders bound from binds. The query is positioned before
    // the first row. Errors: unavailable (connection), conflict (unique violation, SQLSTATE 23505), internal.
    Result<QSqlQuery *> exec(const QString &name, const QVariantMap &binds = {});
    // exec() for queries whose rows are one bigint each (ids), as a list.
    Result<QList<qint64>> ids(const QString &name, const QVariantMap &binds = {});
    // exec() for statements whose rows nobody reads (INSERT/UPDATE/DELETE without RETURNING).
    Result<void> execute(const QString &name, const QVariantMap &binds = {});
    // Runs SQL text without parameters (migrations, SET, SHOW).
    Result<void> execText(const QString &sql);
    Result<QVariant> scalarText(const QString &sql);

    // The SQLSTATE of the last failed statement ("" if none); lets repositories tell constraint violations apart.
    QString lastSqlState() const { return m_lastSqlState; }
    Error errorFrom(const class QSqlError &error);

private:
    ConnectionFactory m_factory;
    QString m_name;
    QSqlDatabase m_db;
    QHash<QString, QSqlQuery *> m_prepared;
    QString m_lastSqlState;

    void dropConnection();
};

} // namespace Banter::Server
