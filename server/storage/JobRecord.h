#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace Banter::Server {

// One row of the job queue (migration 016) as the admin API shows it, or as a runner claimed it.
struct JobRecord
{
    qint64 id = 0;
    QString kind;
    QString key;
    QString state; // pending, running, dead
    int attempts = 0;
    int maxAttempts = 0;
    QDateTime runAt;
    QString lastError;
    QDateTime createdAt;
    QJsonObject payload; // only filled for claimed jobs
};

// The queue per kind: jobs waiting or running, the age of the oldest of them, dead jobs.
struct JobKindStats
{
    QString kind;
    qint64 depth = 0;
    double oldestSeconds = 0;
    qint64 dead = 0;
};

} // namespace Banter::Server
