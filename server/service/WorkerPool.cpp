#include "service/WorkerPool.h"

#include <QThread>

namespace Banter::Server {

WorkerPool::WorkerPool(QString name, int threads, int maxQueued) : m_name(std::move(name)), m_maxQueued(maxQueued)
{
    for (int i = 0; i < threads; ++i)
        m_threads.emplace_back([this, i] { work(i); });
}

WorkerPool::~WorkerPool()
{
    shutdown();
}

bool WorkerPool::enqueue(std::function<void()> task)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping || int(m_queue.size()) >= m_maxQueued)
            return false;
        m_queue.push_back(std::move(task));
    }
    m_wake.notify_one();
    return true;
}

void WorkerPool::work(int index)
{
    QThread::currentThread()->setObjectName(QStringLiteral("%1-%2").arg(m_name).arg(index));
    for (;;) {
        std::function<void()> task;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
            if (m_queue.empty())
                return; // stopping and drained
            task = std::move(m_queue.front());
            m_queue.pop_front();
        }
        task();
    }
}

void WorkerPool::shutdown()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    for (std::thread &t : m_threads)
        if (t.joinable())
            t.join();
}

} // namespace Banter::Server
