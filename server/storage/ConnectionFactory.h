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
    // The same database, with more `-c name=value` settings for the server session of every connection opened.
    ConnectionFactory withSettings(const QString &settings) const;
    // host:port/db for messages; never the password.
    QString describe() const;

private:
    QUrl m_url;
    QString m_settings;
};

} // namespace Banter::Server
