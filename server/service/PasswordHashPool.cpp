#include "service/PasswordHashPool.h"

#include <banter/ErrorCode.h>

#include <banter/HomeLoop.h>

#include <QPromise>

using namespace Qt::StringLiterals;

namespace Banter::Server {

PasswordHashPool::PasswordHashPool(PasswordHasher hasher, int threads, int maxQueued)
    : m_hasher(std::move(hasher)), m_maxQueued(maxQueued)
{
    m_pool.setMaxThreadCount(threads);
    m_pool.setObjectName(u"password-hash"_s);
}

PasswordHashPool::~PasswordHashPool()
{
    m_pool.waitForDone();
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
    m_pool.start([this, password, promise, home = HomeLoop::current()] {
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
    m_pool.start([this, encoded, password, promise, home = HomeLoop::current()] {
        const bool known = !encoded.isEmpty();
        const bool ok = m_hasher.verify(known ? encoded : m_hasher.dummyHash(), password);
        m_pending.fetch_sub(1);
        const bool verdict = known && ok;
        home.finish(promise, verdict);
    });
    return future;
}

} // namespace Banter::Server
