#pragma once

#include <banter/Result.h>

#include <QSqlDatabase>
#include <QUrl>

namespace Banter::Server {

// Opens QPSQL connections to the database a postgres:// URL names. Each thread opens its own.
class ConnectionFactory
{
public:
    explicit ConnectionFactory(QUrl databaseUrl);

    Result<QSqlDatabase> open(const QString &connectionName) const;
    // host:port/db for messages; never the password.
    QString describe() const;

private:
    QUrl m_url;
};

} // namespace Banter::Server
