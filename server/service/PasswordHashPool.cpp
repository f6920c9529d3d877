#include "service/PasswordHashPool.h"

#include <banter/ErrorCode.h>

#include <banter/HomeLoop.h>

#include <QPromise>

using namespace Qt::StringLiterals;

namespace Banter::Server {

PasswordHashPool::PasswordHashPool(PasswordHasher hasher, int threads, int maxQueued)
    : m_hasher(std::move(hasher)), m_maxQueued(maxQueued)
{
    for (int i = 0; i < qMax(1, threads); ++i)
        m_threads.emplace_back([this] { work(); });
}

PasswordHashPool::~PasswordHashPool()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    for (std::thread &t : m_threads)
        t.join(); // what was queued is done first
}

void PasswordHashPool::start(std::function<void()> job)
{
    {
        std::lock_guard lock(m_mutex);
        m_queue.push_back(std::move(job));
    }
    m_wake.notify_one();
}

void PasswordHashPool::work()
{
    for (;;) {
        std::function<void()> job;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
            if (m_queue.empty())
                return;
            job = std::move(m_queue.front());
            m_queue.pop_front();
        }
        job();
    }
}

bool PasswordHashPool::admit()
{
    if (m_pending.fetch_add(1) >= m_maxQueued) {
        m_pending.fetch_sub(1);
        return false;
    }
    return true;
}

QFuture<Result<QString>> PasswordHashPool::hash(const QByteArray &password)
{
    if (!admit())
        return QtFuture::makeReadyValueFuture(Result<QString>(rateLimited(1, u"the server is busy; try again"_s)));
    auto promise = std::make_shared<QPromise<Result<QString>>>();
    QFuture<Result<QString>> future = promise->future();
    promise->start();
    start([this, password, promise, home = HomeLoop::current()] {
        auto r = m_hasher.hash(password);
        m_pending.fetch_sub(1);
        home.finish(promise, std::move(r));
    });
    return future;
}

QFuture<Result<bool>> PasswordHashPool::verify(const QString &encoded, const QByteArray &password)
{
    if (!admit())
        return QtFuture::makeReadyValueFuture(Result<bool>(rateLimited(1, u"the server is busy; try again"_s)));
    auto promise = std::make_shared<QPromise<Result<bool>>>();
    QFuture<Result<bool>> future = promise->future();
    promise->start();
    start([this, encoded, password, promise, home = HomeLoop::current()] {
        const bool known = !encoded.isEmpty();
        const bool ok = m_hasher.verify(known ? encoded : m_hasher.dummyHash(), password);
        m_pending.fetch_sub(1);
        const bool verdict = known && ok;
        home.finish(promise, verdict);
    });
    return future;
}

} // namespace Banter::Server
