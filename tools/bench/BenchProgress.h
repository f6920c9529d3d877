#pragma once

#include <QString>

#include <cstdio>

// Progress goes to stderr, so --json output on stdout stays one clean object.
inline void benchProgress(const QString &line)
{
    std::fprintf(stderr, "banter-bench: %s\n", qPrintable(line));
    std::fflush(stderr);
}
