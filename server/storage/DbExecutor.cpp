#include "storage/DbExecutor.h"

#include <QThread>

namespace Banter::Server {

DbExecutor::DbExecutor(const ConnectionFactory &factory, int threads, int maxQueued)
    : m_factory(factory), m_maxQueued(maxQueued)
{
    for (int i = 0; i < threads; ++i)
        m_threads.emplace_back([this, i] { work(i); });
}

DbExecutor::~DbExecutor()
{
    shutdown();
}

bool DbExecutor::enqueue(Task task)
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

void DbExecutor::work(int index)
{
    QThread::currentThread()->setObjectName(QStringLiteral("db-%1").arg(index));
    DbSession session(m_factory, QStringLiteral("banter-db-%1").arg(index));
    for (;;) {
        Task task;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
            if (m_queue.empty())
                return; // stopping and drained
            task = std::move(m_queue.front());
            m_queue.pop_front();
        }
        task(session);
    }
}

void DbExecutor::shutdown()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    for (std::thread &t : m_threads) {
        if (t.joinable())
            t.join();
    }
}

} // namespace Banter::Server
