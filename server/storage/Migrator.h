#pragma once

#include "storage/DbSession.h"

#include <QList>

namespace Banter::Server {

struct Migration
{
    int version = 0;
    QString name;
    QString sql;
};

// Applies the numbered migrations shipped in :/sql/migrations, each in its own transaction.
class Migrator
{
public:
    explicit Migrator(DbSession &session) : m_session(session) {}

    static QList<Migration> available();
    static int latestVersion();

    // Applies what is missing and returns the resulting version. Refuses a database newer than this binary.
    Result<int> migrate();
    Result<int> currentVersion();

private:
    DbSession &m_session;
};

} // namespace Banter::Server
