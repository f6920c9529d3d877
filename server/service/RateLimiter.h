#pragma once

#include <QHash>
#include <QMutex>
#include <QString>

#include <chrono>

namespace Banter::Server {

// Token buckets keyed by a string (client address, account, user). Thread-safe; idle buckets are pruned.
class RateLimiter
{
public:
    RateLimiter(double ratePerSecond, double burst);

    // Takes one token. Returns 0 when allowed, else the seconds until a token is available.
    int acquire(const QString &key);
    // What acquire() would answer, without taking a token: 0 when one is available.
    int peek(const QString &key);
    void reset(const QString &key);

private:
    struct Bucket
    {
        double tokens;
        std::chrono::steady_clock::time_point updated;
    };
    void prune(std::chrono::steady_clock::time_point now);

    double m_rate;
    double m_burst;
    QMutex m_mutex;
    QHash<QString, Bucket> m_buckets;
    std::chrono::steady_clock::time_point m_lastPrune;
};

} // namespace Banter::Server
