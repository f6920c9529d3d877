#pragma once

#include <QString>
#include <QtTypes>

namespace Banter::Server {

// What the key directory announces to one device; realtime/ turns it into `e2ee:prekeys-low` for the sockets of
// that login session. Thread-safe and non-blocking (called from database threads, after the commit).
class E2eeEvents
{
public:
    virtual ~E2eeEvents() = default;
    virtual void preKeysLow(qint64 userId, const QString &sessionId, int remaining) = 0;
};

} // namespace Banter::Server
