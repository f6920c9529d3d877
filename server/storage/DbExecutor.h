#pragma once

#include "storage/DbSession.h"

#include <banter/ErrorCode.h>
#include <banter/HomeLoop.h>
#include <banter/TaskQueue.h>

#include <QFuture>
#include <QPromise>

#include <functional>
#include <memory>
#include <thread>
#include <vector>

namespace Banter::Server {

// A fixed set of threads, each owning one DbSession. Event-loop threads hand work here and get a QFuture,
// so no socket or HTTP thread ever waits on SQL. The queue is bounded: past it, work fails fast with
// "unavailable" instead of piling up.
class DbExecutor
{
public:
    DbExecutor(const ConnectionFactory &factory, int threads, int maxQueued = 20000);
    ~DbExecutor();
    DbExecutor(const DbExecutor &) = delete;
    DbExecutor &operator=(const DbExecutor &) = delete;

    // f(DbSession&) -> Result<T>, run on a database thread; the future is finished on the calling thread's
    // event loop (see HomeLoop), so attach continuations right away, on this thread.
    template <typename F>
    auto run(F &&f) -> QFuture<std::invoke_result_t<F, DbSession &>>
    {
        using R = std::invoke_result_t<F, DbSession &>;
        auto promise = std::make_shared<QPromise<R>>();
        QFuture<R> future = promise->future();
        promise->start();
        const bool queued = enqueue([promise, home = HomeLoop::current(), fn = std::forward<F>(f)](DbSession &session) mutable {
            home.finish(promise, fn(session));
        });
        if (!queued) {
            promise->addResult(R(makeError(ErrorCode::Unavailable, QStringLiteral("the database queue is full"))));
            promise->finish();
        }
        return future;
    }

    // Stops accepting work, finishes what is queued, closes every connection.
    void shutdown();
    int threadCount() const { return int(m_threads.size()); }

private:
    using Task = std::function<void(DbSession &)>;
    bool enqueue(Task task) { return m_queue.push(std::move(task)); }
    void work(int index);

    ConnectionFactory m_factory;
    TaskQueue<Task> m_queue;
    std::vector<std::thread> m_threads;
};

} // namespace Banter::Server
