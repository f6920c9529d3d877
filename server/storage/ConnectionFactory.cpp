#include "storage/ConnectionFactory.h"

#include <banter/ErrorCode.h>

#include <QSqlError>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace Banter::Server {

ConnectionFactory::ConnectionFactory(QUrl databaseUrl) : m_url(std::move(databaseUrl)) {}

ConnectionFactory ConnectionFactory::withSettings(const QString &settings) const
{
    ConnectionFactory copy(*this);
    copy.m_settings = m_settings.isEmpty() ? settings : m_settings + u' ' + settings;
    return copy;
}

QString ConnectionFactory::describe() const
{
    return QStringLiteral("%1:%2%3").arg(m_url.host()).arg(m_url.port(5432)).arg(m_url.path());
}

Result<QSqlDatabase> ConnectionFactory::open(const QString &connectionName) const
{
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, connectionName);
    if (!db.isValid())
        return makeError(ErrorCode::Unavailable, u"the Qt PostgreSQL driver (QPSQL) is not available"_s);
    db.setHostName(m_url.host());
    db.setPort(m_url.port(5432));
    db.setDatabaseName(m_url.path().mid(1));
    db.setUserName(m_url.userName(QUrl::FullyDecoded));
    db.setPassword(m_url.password(QUrl::FullyDecoded));
    // client_min_messages keeps libpq NOTICEs off stderr, where they would bypass the log handler. jit=off: every
    // Banter query is short, and compiling one (which PostgreSQL's default configuration starts above a cost
    // estimate that a search over many conversations reaches) takes longer than running it.
    QStringList options{u"connect_timeout=5"_s, u"application_name=banterd"_s,
                        u"options='-c client_min_messages=warning -c jit=off"_s
                            + (m_settings.isEmpty() ? QString() : u' ' + m_settings) + u"'"_s};
    const QUrlQuery query(m_url);
    if (query.hasQueryItem(u"sslmode"_s))
        options << u"sslmode="_s + query.queryItemValue(u"sslmode"_s);
    db.setConnectOptions(options.join(u';'));
    if (!db.open()) {
        const QString why = db.lastError().text().trimmed();
        return makeError(ErrorCode::Unavailable, QStringLiteral("cannot connect to %1: %2").arg(describe(), why));
    }
    return db;
}

} // namespace Banter::Server
