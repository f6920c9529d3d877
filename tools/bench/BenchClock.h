#pragma once

#include <chrono>
#include <cstdint>

// One monotonic clock for every thread of the driver: send times travel inside message content and are read
// back on another thread, so all of them must count from the same origin.
struct BenchClock
{
    static std::int64_t nowUs()
    {
        using namespace std::chrono;
        return duration_cast<microseconds>(steady_clock::now().time_since_epoch()).count();
    }
};
