#include "storage/DbSession.h"

#include "storage/SqlFiles.h"
#include "storage/StorageLog.h"

#include <banter/ErrorCode.h>

#include <QSqlError>

using namespace Qt::StringLiterals;

namespace Banter::Server {

DbSession::DbSession(ConnectionFactory factory, QString connectionName)
    : m_factory(std::move(factory)), m_name(std::move(connectionName))
{
}

DbSession::~DbSession()
{
    dropConnection();
}

void DbSession::dropConnection()
{
    qDeleteAll(m_prepared);
    m_prepared.clear();
    if (m_db.isValid()) {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_name);
    }
}

Result<void> DbSession::ensureOpen()
{
    if (m_db.isValid() && m_db.isOpen())
        return {};
    dropConnection();
    auto db = m_factory.open(m_name);
    if (!db) {
        QSqlDatabase::removeDatabase(m_name);
        return db.error();
    }
    m_db = db.value();
    return {};
}

Error DbSession::errorFrom(const QSqlError &error)
{
    m_lastSqlState = error.nativeErrorCode();
    const bool lost = error.type() == QSqlError::ConnectionError || m_lastSqlState.startsWith(u"08"_s)
                      || m_lastSqlState.startsWith(u"57P"_s) || !m_db.isOpen()
                      || (m_lastSqlState.isEmpty() && error.type() != QSqlError::NoError);
    if (lost) {
        qCWarning(lcStorage) << "database connection lost:" << error.text();
        dropConnection();
        return makeError(ErrorCode::Unavailable, u"the database is unavailable"_s);
    }
    // A unique violation, or BW001: a statement's own precondition (banter_require, migration 013) no longer held.
    if (m_lastSqlState == "23505"_L1 || m_lastSqlState == "BW001"_L1)
        return makeError(ErrorCode::Conflict, error.databaseText());
    qCWarning(lcStorage) << "query failed:" << m_lastSqlState << error.text();
    return makeError(ErrorCode::Internal, error.text());
}

Result<QSqlQuery *> DbSession::exec(const QString &name, const QVariantMap &binds)
{
    if (auto open = ensureOpen(); !open)
        return open.error();
    QSqlQuery *query = m_prepared.value(name);
    if (!query) {
        query = new QSqlQuery(m_db);
        if (!query->prepare(SqlFiles::query(name))) {
            Error e = errorFrom(query->lastError());
            delete query;
            return e;
        }
        m_prepared.insert(name, query);
    }
    query->finish();
    for (auto it = binds.cbegin(); it != binds.cend(); ++it)
        query->bindValue(u':' + it.key(), it.value());
    if (!query->exec())
        return errorFrom(query->lastError());
    m_lastSqlState.clear();
    return query;
}

Result<void> DbSession::execute(const QString &name, const QVariantMap &binds)
{
    auto q = exec(name, binds);
    if (!q)
        return q.error();
    return {};
}

Result<void> DbSession::execText(const QString &sql)
{
    if (auto open = ensureOpen(); !open)
        return open.error();
    QSqlQuery query(m_db);
    if (!query.exec(sql))
        return errorFrom(query.lastError());
    return {};
}

Result<QVariant> DbSession::scalarText(const QString &sql)
{
    if (auto open = ensureOpen(); !open)
        return open.error();
    QSqlQuery query(m_db);
    if (!query.exec(sql))
        return errorFrom(query.lastError());
    if (!query.next())
        return QVariant();
    return query.value(0);
}

Result<QList<qint64>> DbSession::ids(const QString &name, const QVariantMap &binds)
{
    auto q = exec(name, binds);
    if (!q)
        return q.error();
    QList<qint64> out;
    while (q.value()->next())
        out.append(q.value()->value(0).toLongLong());
    return out;
}

} // namespace Banter::Server
