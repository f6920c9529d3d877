#include "storage/DbExecutor.h"

#include <QThread>

namespace Banter::Server {

DbExecutor::DbExecutor(const ConnectionFactory &factory, int threads, int maxQueued)
    : m_factory(factory), m_queue(maxQueued)
{
    for (int i = 0; i < threads; ++i)
        m_threads.emplace_back([this, i] { work(i); });
}

DbExecutor::~DbExecutor()
{
    shutdown();
}

void DbExecutor::work(int index)
{
    QThread::currentThread()->setObjectName(QStringLiteral("db-%1").arg(index));
    DbSession session(m_factory, QStringLiteral("banter-db-%1").arg(index));
    while (std::optional<Task> task = m_queue.take()) // none: stopping and drained
        (*task)(session);
}

void DbExecutor::shutdown()
{
    m_queue.stop();
    for (std::thread &t : m_threads) {
        if (t.joinable())
            t.join();
    }
}

} // namespace Banter::Server
