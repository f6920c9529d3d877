#pragma once

#include <banter/ErrorCode.h>
#include <banter/HomeLoop.h>
#include <banter/TaskQueue.h>
#include <banter/Result.h>

#include <QFuture>
#include <QPromise>
#include <QString>

#include <functional>
#include <memory>
#include <thread>
#include <vector>

namespace Banter::Server {

// A fixed set of threads for slow work that must stay off the event loops (file I/O, encryption, image
// decoding). Like DbExecutor: run() hands back a QFuture finished on the caller's event loop (HomeLoop), and
// the queue is bounded (past it, work fails fast with "unavailable").
class WorkerPool
{
public:
    WorkerPool(QString name, int threads, int maxQueued = 1000);
    ~WorkerPool();
    WorkerPool(const WorkerPool &) = delete;
    WorkerPool &operator=(const WorkerPool &) = delete;

    // f() -> Result<T>, run on a worker thread.
    template <typename F>
    auto run(F &&f) -> QFuture<std::invoke_result_t<F>>
    {
        using R = std::invoke_result_t<F>;
        auto promise = std::make_shared<QPromise<R>>();
        QFuture<R> future = promise->future();
        promise->start();
        const bool queued = enqueue([promise, home = HomeLoop::current(), fn = std::forward<F>(f)]() mutable {
            home.finish(promise, fn());
        });
        if (!queued) {
            promise->addResult(R(makeError(ErrorCode::Unavailable, QStringLiteral("the server is busy; retry"))));
            promise->finish();
        }
        return future;
    }

    void shutdown();

private:
    bool enqueue(std::function<void()> task) { return m_queue.push(std::move(task)); }
    void work(int index);

    QString m_name;
    TaskQueue<std::function<void()>> m_queue;
    std::vector<std::thread> m_threads;
};

} // namespace Banter::Server
