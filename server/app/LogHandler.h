#pragma once

#include "config/ServerConfig.h"

namespace Banter::Server {

// The one message handler: human-readable lines, or JSON lines for log shippers. Writes to stderr.
class LogHandler
{
public:
    static void install(LogFormat format, const QString &rules);
};

} // namespace Banter::Server
