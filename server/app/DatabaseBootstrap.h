#pragma once

#include "storage/ConnectionFactory.h"

namespace Banter::Server {

// Start-up checks before serving: the database is reachable, durable (fsync and synchronous_commit on),
// and migrated to this binary's schema. Returns the schema version.
class DatabaseBootstrap
{
public:
    static Result<int> run(const ConnectionFactory &factory);
};

} // namespace Banter::Server
