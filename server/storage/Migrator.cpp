#include "storage/Migrator.h"

#include "storage/SqlFiles.h"
#include "storage/StorageLog.h"
#include "storage/Transaction.h"

#include <banter/ErrorCode.h>

#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Banter::Server {

QList<Migration> Migrator::available()
{
    static const QList<Migration> migrations = [] {
        QList<Migration> list;
        static const QRegularExpression folder(u"^(\\d{3})_([a-z0-9_]+)$"_s);
        QDirIterator it(u":/sql/migrations"_s, QDir::Dirs | QDir::NoDotAndDotDot);
        while (it.hasNext()) {
            it.next();
            const auto match = folder.match(it.fileName());
            if (!match.hasMatch())
                continue;
            QFile file(it.filePath() + u"/up.sql"_s);
            if (!file.open(QIODevice::ReadOnly))
                continue;
            list.append({match.captured(1).toInt(), match.captured(2), QString::fromUtf8(file.readAll())});
        }
        std::sort(list.begin(), list.end(), [](const Migration &a, const Migration &b) { return a.version < b.version; });
        return list;
    }();
    return migrations;
}

int Migrator::latestVersion()
{
    const auto list = available();
    return list.isEmpty() ? 0 : list.last().version;
}

Result<int> Migrator::currentVersion()
{
    // DDL cannot be a prepared statement.
    if (auto r = m_session.execText(SqlFiles::query(u"migrations/ensure_table"_s)); !r)
        return r.error();
    auto q = m_session.exec(u"migrations/current_version"_s);
    if (!q)
        return q.error();
    return q.value()->next() ? q.value()->value(0).toInt() : 0;
}

Result<int> Migrator::migrate()
{
    auto before = currentVersion();
    if (!before)
        return before.error();
    const int latest = latestVersion();
    if (before.value() > latest) {
        return makeError(u"schema_too_new",
                         QStringLiteral("the database schema is at version %1 but this banterd only knows up to %2; "
                                        "run a newer banterd").arg(before.value()).arg(latest));
    }
    int version = before.value();
    for (const Migration &m : available()) {
        if (m.version <= version)
            continue;
        auto tx = Transaction::begin(m_session);
        if (!tx)
            return tx.error();
        if (auto r = m_session.exec(u"migrations/lock"_s); !r)
            return r.error();
        // Another process may have applied it while we waited for the lock.
        auto now = currentVersion();
        if (!now)
            return now.error();
        if (now.value() >= m.version) {
            version = now.value();
            continue;
        }
        if (auto r = m_session.execText(m.sql); !r)
            return makeError(r.error().code, QStringLiteral("migration %1_%2 failed: %3").arg(m.version, 3, 10, QChar(u'0')).arg(m.name, r.error().message));
        if (auto r = m_session.exec(u"migrations/record"_s, {{u"version"_s, m.version}, {u"name"_s, m.name}}); !r)
            return r.error();
        if (auto r = tx->commit(); !r)
            return r.error();
        qCInfo(lcStorage, "applied migration %03d_%s", m.version, qPrintable(m.name));
        version = m.version;
    }
    return version;
}

} // namespace Banter::Server
