#pragma once

#include <QString>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

// A property the code under test must keep for every input. Unlike Q_ASSERT it holds in every build type;
// abort() makes libFuzzer report the input as a crash and write it out as a reproducer.
#define BANTER_FUZZ_CHECK(condition)                                                                         \
    do {                                                                                                     \
        if (!(condition)) {                                                                                  \
            std::fprintf(stderr, "%s:%d: fuzz property violated: %s\n", __FILE__, __LINE__, #condition);     \
            std::abort();                                                                                    \
        }                                                                                                    \
    } while (false)

namespace Banter::Fuzz {

// The server sees text frames as QStrings decoded from UTF-8 (QWebSocket validates them), so do the same.
inline QString utf8(const std::uint8_t *data, std::size_t size)
{
    return QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
}

inline QByteArray bytes(const std::uint8_t *data, std::size_t size)
{
    return QByteArray(reinterpret_cast<const char *>(data), qsizetype(size));
}

} // namespace Banter::Fuzz
