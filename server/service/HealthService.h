#pragma once

#include "storage/DbExecutor.h"
#include "storage/HealthRepository.h"

#include <QFuture>

namespace Banter::Server {

struct Readiness
{
    bool ready = false;
    QString reason;
    int schemaVersion = 0;
};

// Liveness and readiness decisions; readiness asks the database on a database thread.
class HealthService
{
public:
    HealthService(DbExecutor &db, int expectedSchemaVersion);

    QFuture<Readiness> readiness();

    // An acknowledgement must mean durable: refuse a server that may lose committed transactions.
    static Result<void> checkDurability(const DurabilitySettings &settings);

private:
    DbExecutor &m_db;
    int m_expectedSchemaVersion;
};

} // namespace Banter::Server
