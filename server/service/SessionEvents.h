#pragma once

#include <QString>

namespace Banter::Server {

// Told when sessions end (logout, revocation, refresh-token reuse, ban) so live connections of those
// sessions close at once. Thread-safe, non-blocking.
class SessionEvents
{
public:
    virtual ~SessionEvents() = default;
    virtual void sessionEnded(const QString &sessionId) = 0;
    virtual void userSessionsEnded(qint64 userId) = 0;
};

} // namespace Banter::Server
