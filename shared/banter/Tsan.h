#pragma once

// ThreadSanitizer annotations for hand-overs TSan cannot see because they happen inside uninstrumented Qt
// (its event queue, QThread::wait): a release on one thread and an acquire of the same address on another
// make everything before the release visible after the acquire. No-ops outside TSan builds.
#if defined(__SANITIZE_THREAD__)
extern "C" void __tsan_acquire(void *addr);
extern "C" void __tsan_release(void *addr);
#endif

namespace Banter::Tsan {

inline void release([[maybe_unused]] void *addr)
{
#if defined(__SANITIZE_THREAD__)
    __tsan_release(addr);
#endif
}

inline void acquire([[maybe_unused]] void *addr)
{
#if defined(__SANITIZE_THREAD__)
    __tsan_acquire(addr);
#endif
}

} // namespace Banter::Tsan
