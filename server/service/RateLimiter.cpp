#include "service/RateLimiter.h"

#include <cmath>

namespace Banter::Server {

RateLimiter::RateLimiter(double ratePerSecond, double burst)
    : m_rate(ratePerSecond), m_burst(burst), m_lastPrune(std::chrono::steady_clock::now())
{
}

int RateLimiter::acquire(const QString &key)
{
    const auto now = std::chrono::steady_clock::now();
    QMutexLocker lock(&m_mutex);
    if (now - m_lastPrune > std::chrono::minutes(1))
        prune(now);
    auto it = m_buckets.find(key);
    if (it == m_buckets.end())
        it = m_buckets.insert(key, Bucket{m_burst, now});
    const double elapsed = std::chrono::duration<double>(now - it->updated).count();
    it->tokens = std::min(m_burst, it->tokens + elapsed * m_rate);
    it->updated = now;
    if (it->tokens >= 1.0) {
        it->tokens -= 1.0;
        return 0;
    }
    return std::max(1, int(std::ceil((1.0 - it->tokens) / m_rate)));
}

int RateLimiter::peek(const QString &key)
{
    const auto now = std::chrono::steady_clock::now();
    QMutexLocker lock(&m_mutex);
    const auto it = m_buckets.constFind(key);
    if (it == m_buckets.cend())
        return 0;
    const double elapsed = std::chrono::duration<double>(now - it->updated).count();
    const double tokens = std::min(m_burst, it->tokens + elapsed * m_rate);
    return tokens >= 1.0 ? 0 : std::max(1, int(std::ceil((1.0 - tokens) / m_rate)));
}

void RateLimiter::reset(const QString &key)
{
    QMutexLocker lock(&m_mutex);
    m_buckets.remove(key);
}

void RateLimiter::prune(std::chrono::steady_clock::time_point now)
{
    m_lastPrune = now;
    for (auto it = m_buckets.begin(); it != m_buckets.end();) {
        const double elapsed = std::chrono::duration<double>(now - it->updated).count();
        if (it->tokens + elapsed * m_rate >= m_burst)
            it = m_buckets.erase(it);
        else
            ++it;
    }
}

} // namespace Banter::Server
