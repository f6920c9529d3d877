#pragma once

#include <QAbstractEventDispatcher>
#include <QHash>

#include <atomic>
#include <chrono>
#include <vector>

namespace Banter::Net {

// An event dispatcher on epoll instead of poll, for threads that own many sockets (banterd's socket workers,
// banter-bench's client threads).
//
// Qt's Unix dispatchers (glib's and its own) hand the kernel every socket of the thread on every wake-up, so
// with thousands of sockets a thread most of its CPU goes into poll() itself, worst at light load where each
// wake-up has one event to show for it. epoll costs per ready socket instead. Only what those threads use is
// supported: socket notifiers, timers and posted events (no native event filters).
class EpollEventDispatcher : public QAbstractEventDispatcherV2
{
    Q_OBJECT
public:
    // nullptr when the kernel refuses an epoll instance or an eventfd; callers keep Qt's default then.
    static EpollEventDispatcher *create();
    ~EpollEventDispatcher() override;

    bool processEvents(QEventLoop::ProcessEventsFlags flags) override;
    void registerSocketNotifier(QSocketNotifier *notifier) override;
    void unregisterSocketNotifier(QSocketNotifier *notifier) override;
    void registerTimer(Qt::TimerId timerId, Duration interval, Qt::TimerType timerType, QObject *object) override;
    bool unregisterTimer(Qt::TimerId timerId) override;
    bool unregisterTimers(QObject *object) override;
    QList<TimerInfoV2> timersForObject(QObject *object) const override;
    Duration remainingTime(Qt::TimerId timerId) const override;
    void wakeUp() override;
    void interrupt() override;

private:
    EpollEventDispatcher() = default;
    using Clock = std::chrono::steady_clock;

    struct Watch
    {
        QSocketNotifier *read = nullptr;
        QSocketNotifier *write = nullptr;
        QSocketNotifier *exception = nullptr;
        bool inEpoll = false;
    };
    struct Timer
    {
        Qt::TimerId id;
        Duration interval;
        Qt::TimerType type;
        QObject *object;
        Clock::time_point due;
    };

    void updateEpoll(int fd, Watch &watch);
    bool fireTimers();
    int waitTimeoutMs() const;

    int m_epoll = -1;
    int m_wakeFd = -1;
    std::atomic<bool> m_interrupted{false};
    QHash<int, Watch> m_watches;
    std::vector<Timer> m_timers;
};

} // namespace Banter::Net
