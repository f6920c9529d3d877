#pragma once

#include "service/ChatEvents.h"

#include <QHash>
#include <QMutex>
#include <QObject>
#include <QTimer>

#include <chrono>

namespace Banter::Server {

// Who is typing where. Announces only changes; an indicator nobody refreshes ends by itself after the
// timeout, so a client that vanishes mid-sentence does not leave "typing..." behind. Thread-safe; one
// sweep timer for everyone.
class TypingTracker : public QObject
{
    Q_OBJECT
public:
    TypingTracker(ChatEvents &events, std::chrono::milliseconds timeout, QObject *parent = nullptr);

    void start(qint64 conversationId, qint64 userId);
    void stop(qint64 conversationId, qint64 userId);

private:
    void sweep();

    using Clock = std::chrono::steady_clock;
    ChatEvents &m_events;
    std::chrono::milliseconds m_timeout;
    QMutex m_mutex;
    QHash<std::pair<qint64, qint64>, Clock::time_point> m_expires; // (conversation, user) -> deadline
    QTimer m_sweep;
};

} // namespace Banter::Server
