#pragma once

#include "storage/UserRepository.h"

namespace Banter::Server {

class BlockRepository
{
public:
    explicit BlockRepository(DbSession &session) : m_session(session) {}

    Result<void> block(qint64 blocker, qint64 blocked);
    Result<void> unblock(qint64 blocker, qint64 blocked);
    Result<QList<UserRecord>> blockedBy(qint64 blocker);
    // Whether userId blocked, or was blocked by, any of ids.
    Result<bool> anyBetween(qint64 userId, const QList<qint64> &ids);

private:
    DbSession &m_session;
};

} // namespace Banter::Server
