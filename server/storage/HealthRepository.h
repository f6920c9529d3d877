#pragma once

#include "storage/DbSession.h"

namespace Banter::Server {

struct DurabilitySettings
{
    QString fsync;
    QString synchronousCommit;
};

// What the database says about itself: durability settings and schema version.
class HealthRepository
{
public:
    explicit HealthRepository(DbSession &session) : m_session(session) {}

    Result<DurabilitySettings> durability();
    Result<int> schemaVersion();

private:
    DbSession &m_session;
};

} // namespace Banter::Server
