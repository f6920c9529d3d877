#include "WakeProbe.h"

#include <time.h>

#include <algorithm>
#include <limits>

namespace {

std::int64_t nowNs()
{
    timespec t{};
    clock_gettime(CLOCK_MONOTONIC, &t);
    return std::int64_t(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

} // namespace

WakeProbe::WakeProbe(int periodUs)
    : m_periodUs(periodUs)
{
    m_lateUs.reserve(std::size_t(std::max(1, 1'000'000 / std::max(1, periodUs))) * 120);
    m_thread = std::thread([this] { run(); });
}

WakeProbe::~WakeProbe()
{
    (void)finish();
}

std::vector<std::uint32_t> WakeProbe::finish()
{
    m_stop.store(true);
    if (m_thread.joinable())
        m_thread.join();
    return std::move(m_lateUs);
}

void WakeProbe::run()
{
    // An absolute deadline each time: the delay is measured against when the thread asked to run, and a late
    // wake-up does not shift the ones after it.
    std::int64_t due = nowNs();
    while (!m_stop.load(std::memory_order_relaxed)) {
        due += std::int64_t(m_periodUs) * 1000;
        const timespec at{time_t(due / 1'000'000'000), long(due % 1'000'000'000)};
        while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &at, nullptr) != 0) {
        }
        const std::int64_t late = (nowNs() - due) / 1000;
        m_lateUs.push_back(std::uint32_t(std::clamp<std::int64_t>(late, 0, std::numeric_limits<std::uint32_t>::max())));
        if (late > m_periodUs) // came back after the next deadline: start again from now
            due = nowNs();
    }
}
