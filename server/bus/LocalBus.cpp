#include "bus/LocalBus.h"

#include "realtime/SocketWorker.h"

namespace Banter::Server {

void LocalBus::setWorkers(QList<SocketWorker *> workers)
{
    QWriteLocker lock(&m_lock);
    m_workers = std::move(workers);
}

void LocalBus::detachWorkers()
{
    QWriteLocker lock(&m_lock); // waits for every delivery in progress: none reaches a worker after this returns
    m_workers.clear();
}

void LocalBus::publish(std::shared_ptr<const QList<Outgoing>> batch)
{
    if (!batch || batch->isEmpty())
        return;
    QReadLocker lock(&m_lock); // held while posting: detachWorkers() cannot complete in between
    for (SocketWorker *worker : std::as_const(m_workers))
        worker->deliverLater(batch);
}

void LocalBus::endSession(const QString &sessionId)
{
    QReadLocker lock(&m_lock);
    for (SocketWorker *worker : std::as_const(m_workers))
        worker->closeSessionLater(sessionId);
}

void LocalBus::endUserSessions(qint64 userId)
{
    QReadLocker lock(&m_lock);
    for (SocketWorker *worker : std::as_const(m_workers))
        worker->closeUserLater(userId);
}

} // namespace Banter::Server
