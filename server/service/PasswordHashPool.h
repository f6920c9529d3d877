#pragma once

#include "crypto/PasswordHasher.h"

#include <QFuture>
#include <QThreadPool>

#include <atomic>

namespace Banter::Server {

// Argon2id off the event loop, on a small bounded pool: each hash takes ~19 MiB and tens of milliseconds,
// so a login flood queues up to a limit and then fails fast with rate_limited instead of exhausting memory.
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
    PasswordHasher m_hasher;
    QThreadPool m_pool;
    int m_maxQueued;
    std::atomic<int> m_pending{0};
};

} // namespace Banter::Server
