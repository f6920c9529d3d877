#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>

namespace Banter {

// The bounded queue between event-loop threads and a pool's worker threads (DbExecutor, WorkerPool): push()
// refuses work when full or stopping, take() blocks until there is some and answers nothing once stopping and
// drained, so workers finish what was queued before they end.
template <typename Task>
class TaskQueue
{
public:
    explicit TaskQueue(int maxQueued) : m_maxQueued(maxQueued) {}

    bool push(Task task)
    {
        {
            std::lock_guard lock(m_mutex);
            if (m_stopping || int(m_queue.size()) >= m_maxQueued)
                return false;
            m_queue.push_back(std::move(task));
        }
        m_wake.notify_one();
        return true;
    }

    std::optional<Task> take()
    {
        std::unique_lock lock(m_mutex);
        m_wake.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
        if (m_queue.empty())
            return std::nullopt; // stopping and drained
        Task task = std::move(m_queue.front());
        m_queue.pop_front();
        return task;
    }

    void stop()
    {
        {
            std::lock_guard lock(m_mutex);
            m_stopping = true;
        }
        m_wake.notify_all();
    }

private:
    int m_maxQueued;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Task> m_queue;
    bool m_stopping = false;
};

} // namespace Banter
