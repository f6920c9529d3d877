#pragma once

#include <QtTypes>

namespace Banter::Server::ProcessStats {

// This process's resident memory in bytes (/proc/self/statm), or -1 where that is not available.
qint64 residentBytes();
// Open file descriptors (/proc/self/fd), or -1.
int openFiles();

} // namespace Banter::Server::ProcessStats
