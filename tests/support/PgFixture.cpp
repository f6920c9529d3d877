#include "support/PgFixture.h"

#include "storage/ConnectionFactory.h"

#include <QFile>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <QtDebug>

using namespace Qt::StringLiterals;

namespace Banter::Test {
namespace {

QString readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()).trimmed() : QString();
}

} // namespace

PgFixture::PgFixture()
{
    const QString dir = qEnvironmentVariable("BANTER_TEST_PG_DIR", QStringLiteral(BANTER_TEST_PG_DIR));
    m_port = readFile(dir + u"/port"_s).toInt();
    m_password = readFile(dir + u"/password"_s);
}

PgFixture::~PgFixture()
{
    const QUrl admin = serverUrl(u"postgres"_s);
    for (const QString &db : std::as_const(m_created))
        exec(admin, QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(db));
}

QUrl PgFixture::serverUrl(const QString &database) const
{
    QUrl url;
    url.setScheme(u"postgres"_s);
    url.setUserName(u"banter"_s);
    url.setPassword(m_password);
    url.setHost(u"127.0.0.1"_s);
    url.setPort(m_port);
    url.setPath(u"/"_s + database);
    return url;
}

QUrl PgFixture::createDatabase()
{
    const QString name = u"t_"_s + QUuid::createUuid().toString(QUuid::Id128).left(16);
    if (!exec(serverUrl(u"postgres"_s), u"CREATE DATABASE "_s + name))
        return {};
    m_created << name;
    return serverUrl(name);
}

bool PgFixture::exec(const QUrl &database, const QString &sql)
{
    const QString connection = u"fixture-"_s + QString::number(QRandomGenerator::global()->generate64());
    bool ok = false;
    {
        // The server's own ConnectionFactory, so tests connect exactly as banterd does.
        auto db = Banter::Server::ConnectionFactory(database).open(connection);
        if (db) {
            QSqlQuery q(db.value());
            ok = q.exec(sql);
            if (!ok)
                qWarning() << "fixture SQL failed:" << q.lastError().text();
            db->close();
        } else {
            qWarning() << "fixture cannot connect:" << db.error().message;
        }
    }
    QSqlDatabase::removeDatabase(connection);
    return ok;
}

} // namespace Banter::Test
