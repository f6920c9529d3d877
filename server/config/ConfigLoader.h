#pragma once

#include "config/ServerConfig.h"

#include <banter/Result.h>

#include <QCommandLineParser>
#include <QProcessEnvironment>

namespace Banter::Server {

// Builds a ServerConfig from, in order of precedence: command-line flags, BANTER_* environment variables,
// the INI file named by --config, then defaults. Each option has one entry in a table (ConfigLoader.cpp).
class ConfigLoader
{
public:
    // Adds every option (and --config) to the parser so --help lists them.
    static void addOptions(QCommandLineParser &parser);

    static Result<ServerConfig> load(const QCommandLineParser &parser, const QProcessEnvironment &env);
};

} // namespace Banter::Server
