#pragma once

#include "storage/DbExecutor.h"
#include "storage/HealthRepository.h"

#include <QFuture>
#include <QMutex>
#include <QObject>

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

    // Continues on context's thread (see ServiceFutures.h).
    QFuture<Readiness> readiness(QObject *context);

    // An acknowledgement must mean durable: refuse a server that may lose committed transactions.
    static Result<void> checkDurability(const DurabilitySettings &settings);

private:
    // The generic answer for clients; logs the detail.
    Readiness notReady(const Error &error);

    DbExecutor &m_db;
    int m_expectedSchemaVersion;
    QMutex m_logMutex;
    QString m_lastProblem; // the detail last logged; empty while ready
};

} // namespace Banter::Server
