#pragma once

#include "crypto/PasswordHasher.h"

#include <QFuture>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace Banter::Server {

// Argon2id off the event loop, on a small bounded pool: each hash takes ~19 MiB and tens of milliseconds,
// so a login flood queues up to a limit and then fails fast with rate_limited instead of exhausting memory.
// Plain std::threads with a std::mutex queue (like DbExecutor), so ThreadSanitizer sees the hand-over; results go
// back to the asker's loop (HomeLoop).
class PasswordHashPool
{
public:
    PasswordHashPool(PasswordHasher hasher, int threads, int maxQueued);
    ~PasswordHashPool();

    QFuture<Result<QString>> hash(const QByteArray &password);
    // Verifies against encoded, or against a dummy hash when encoded is empty (unknown user: same cost).
    QFuture<Result<bool>> verify(const QString &encoded, const QByteArray &password);

private:
    bool admit();
    void start(std::function<void()> job);
    void work();

    PasswordHasher m_hasher;
    int m_maxQueued;
    std::atomic<int> m_pending{0};
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::function<void()>> m_queue;
    bool m_stopping = false;
    std::vector<std::thread> m_threads;
};

} // namespace Banter::Server
