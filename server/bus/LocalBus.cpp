#include "bus/LocalBus.h"

#include "realtime/SocketWorker.h"

#include <mutex>

namespace Banter::Server {

void LocalBus::setWorkers(QList<SocketWorker *> workers)
{
    std::unique_lock lock(m_lock);
    m_workers = std::move(workers);
}

void LocalBus::detachWorkers()
{
    std::unique_lock lock(m_lock); // waits for every delivery in progress: none reaches a worker after this returns
    m_workers.clear();
}

void LocalBus::publish(std::shared_ptr<const QList<Outgoing>> batch)
{
    if (!batch || batch->isEmpty())
        return;
    std::shared_lock lock(m_lock); // held while posting: detachWorkers() cannot complete in between
    for (SocketWorker *worker : std::as_const(m_workers))
        worker->deliverLater(batch);
}

void LocalBus::endSession(const QString &sessionId)
{
    std::shared_lock lock(m_lock);
    for (SocketWorker *worker : std::as_const(m_workers))
        worker->closeSessionLater(sessionId);
}

void LocalBus::endUserSessions(qint64 userId)
{
    std::shared_lock lock(m_lock);
    for (SocketWorker *worker : std::as_const(m_workers))
        worker->closeUserLater(userId);
}

} // namespace Banter::Server
