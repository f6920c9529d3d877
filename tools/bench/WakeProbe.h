#pragma once

#include <atomic>
#include <cstdint>
#include <thread>
#include <vector>

// How long a woken thread waits for a core on this machine while the load runs (--wake-probe-us). A thread of its
// own sleeps for the period again and again and records by how much each wake-up came late. Every hand-off of a
// send (driver, socket thread, writer, database backend and back) is such a wake-up, so this is what the tail
// of an ack's latency is made of on a machine whose cores the driver, the server and PostgreSQL share. The probe
// costs one short wake-up per period (about 0.5 % of a core at 1,000 µs).
class WakeProbe
{
public:
    explicit WakeProbe(int periodUs);
    ~WakeProbe();
    WakeProbe(const WakeProbe &) = delete;
    WakeProbe &operator=(const WakeProbe &) = delete;

    // Stops the thread and hands over the delays in microseconds, unsorted.
    std::vector<std::uint32_t> finish();

private:
    void run();

    const int m_periodUs;
    std::atomic<bool> m_stop{false};
    std::vector<std::uint32_t> m_lateUs;
    std::thread m_thread;
};
