#pragma once

#include "bus/EventBus.h"

#include <QList>

#include <shared_mutex>

namespace Banter::Server {

class SocketWorker;

// The in-process EventBus: every call reaches this process's socket workers as one queued call each. Thread-safe:
// the worker list is set before the first connection and emptied (detachWorkers) before the first worker is
// deleted, under a lock every delivery holds. Without that, a socket thread still finishing a continuation at
// shutdown (a user going offline) posted to a worker another socket thread had already deleted: the heap
// corruption behind the baseline's one segfault at shutdown (ASan: heap-use-after-free in SocketHub::post).
class LocalBus final : public EventBus
{
public:
    void setWorkers(QList<SocketWorker *> workers);
    // From here on nothing reaches a worker: SocketGateway calls it before it stops the first socket thread.
    void detachWorkers();

    void publish(std::shared_ptr<const QList<Outgoing>> batch) override;
    void endSession(const QString &sessionId) override;
    void endUserSessions(qint64 userId) override;

private:
    // std::shared_mutex: ThreadSanitizer sees pthread rwlocks, not the QReadWriteLock inside uninstrumented QtCore.
    mutable std::shared_mutex m_lock;
    QList<SocketWorker *> m_workers;
};

} // namespace Banter::Server
