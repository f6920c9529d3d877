#include "service/TypingTracker.h"

namespace Banter::Server {

TypingTracker::TypingTracker(ChatEvents &events, std::chrono::milliseconds timeout, QObject *parent)
    : QObject(parent), m_events(events), m_timeout(timeout)
{
    m_sweep.setInterval(std::max<std::chrono::milliseconds>(std::chrono::milliseconds(100), timeout / 5));
    connect(&m_sweep, &QTimer::timeout, this, &TypingTracker::sweep);
    m_sweep.start();
}

void TypingTracker::start(qint64 conversationId, qint64 userId)
{
    QMutexLocker lock(&m_mutex);
    const bool inserted = !m_expires.contains({conversationId, userId});
    m_expires.insert({conversationId, userId}, Clock::now() + m_timeout);
    if (inserted)
        m_events.typingChanged(conversationId, userId, true);
}

void TypingTracker::stop(qint64 conversationId, qint64 userId)
{
    QMutexLocker lock(&m_mutex);
    if (m_expires.remove({conversationId, userId}))
        m_events.typingChanged(conversationId, userId, false);
}

void TypingTracker::sweep()
{
    const auto now = Clock::now();
    QMutexLocker lock(&m_mutex);
    for (auto it = m_expires.begin(); it != m_expires.end();) {
        if (it.value() <= now) {
            m_events.typingChanged(it.key().first, it.key().second, false);
            it = m_expires.erase(it);
        } else {
            ++it;
        }
    }
}

} // namespace Banter::Server
