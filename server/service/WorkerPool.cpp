#include "service/WorkerPool.h"

#include <QThread>

namespace Banter::Server {

WorkerPool::WorkerPool(QString name, int threads, int maxQueued) : m_name(std::move(name)), m_queue(maxQueued)
{
    for (int i = 0; i < threads; ++i)
        m_threads.emplace_back([this, i] { work(i); });
}

WorkerPool::~WorkerPool()
{
    shutdown();
}

void WorkerPool::work(int index)
{
    QThread::currentThread()->setObjectName(QStringLiteral("%1-%2").arg(m_name).arg(index));
    while (std::optional<std::function<void()>> task = m_queue.take()) // none: stopping and drained
        (*task)();
}

void WorkerPool::shutdown()
{
    m_queue.stop();
    for (std::thread &t : m_threads)
        if (t.joinable())
            t.join();
}

} // namespace Banter::Server
