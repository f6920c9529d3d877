#pragma once

#include "storage/AuditRepository.h"

#include <QList>

namespace Banter::Server {

// What moderation announces; realtime/ turns it into Socket.IO events (members' tombstones, the admin feed).
// Thread-safe and non-blocking, like ChatEvents.
class ModerationEvents
{
public:
    virtual ~ModerationEvents() = default;
    virtual void auditAppended(const AuditEntry &entry) = 0;
};

} // namespace Banter::Server
