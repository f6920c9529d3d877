#include "banter/net/EpollEventDispatcher.h"

#include "banter/Tsan.h"

#include <QCoreApplication>
#include <QSocketNotifier>
#include <QTimerEvent>

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

using namespace std::chrono;

namespace Banter::Net {

EpollEventDispatcher *EpollEventDispatcher::create()
{
    auto *d = new EpollEventDispatcher;
    d->m_epoll = epoll_create1(EPOLL_CLOEXEC);
    d->m_wakeFd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = d->m_wakeFd;
    if (d->m_epoll < 0 || d->m_wakeFd < 0 || epoll_ctl(d->m_epoll, EPOLL_CTL_ADD, d->m_wakeFd, &ev) != 0) {
        delete d;
        return nullptr;
    }
    return d;
}

EpollEventDispatcher::~EpollEventDispatcher()
{
    // Another thread's last wakeUp()/interrupt() (QThread::quit() from the thread that stops this one) happens
    // before this: QThread orders them under its private mutex, inside QtCore where ThreadSanitizer cannot see.
    Tsan::acquire(this);
    if (m_wakeFd >= 0)
        ::close(m_wakeFd);
    if (m_epoll >= 0)
        ::close(m_epoll);
}

void EpollEventDispatcher::updateEpoll(int fd, Watch &watch)
{
    epoll_event ev{};
    ev.data.fd = fd;
    if (watch.read)
        ev.events |= EPOLLIN;
    if (watch.write)
        ev.events |= EPOLLOUT;
    if (watch.exception)
        ev.events |= EPOLLPRI;
    if (ev.events == 0) {
        if (watch.inEpoll)
            epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, nullptr);
        watch.inEpoll = false;
        return;
    }
    // The kernel drops a closed descriptor by itself, so our view and its may differ: fall back both ways.
    if (watch.inEpoll) {
        if (epoll_ctl(m_epoll, EPOLL_CTL_MOD, fd, &ev) != 0 && errno == ENOENT)
            epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &ev);
    } else if (epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &ev) != 0 && errno == EEXIST) {
        epoll_ctl(m_epoll, EPOLL_CTL_MOD, fd, &ev);
    }
    watch.inEpoll = true;
}

void EpollEventDispatcher::registerSocketNotifier(QSocketNotifier *notifier)
{
    const int fd = int(notifier->socket());
    Watch &watch = m_watches[fd];
    switch (notifier->type()) {
    case QSocketNotifier::Read: watch.read = notifier; break;
    case QSocketNotifier::Write: watch.write = notifier; break;
    case QSocketNotifier::Exception: watch.exception = notifier; break;
    }
    updateEpoll(fd, watch);
}

void EpollEventDispatcher::unregisterSocketNotifier(QSocketNotifier *notifier)
{
    const int fd = int(notifier->socket());
    auto it = m_watches.find(fd);
    if (it == m_watches.end())
        return;
    if (it->read == notifier)
        it->read = nullptr;
    if (it->write == notifier)
        it->write = nullptr;
    if (it->exception == notifier)
        it->exception = nullptr;
    updateEpoll(fd, *it);
    if (!it->read && !it->write && !it->exception)
        m_watches.erase(it);
}

void EpollEventDispatcher::registerTimer(Qt::TimerId timerId, Duration interval, Qt::TimerType timerType,
                                         QObject *object)
{
    m_timers.push_back(Timer{timerId, interval, timerType, object, Clock::now() + interval});
}

bool EpollEventDispatcher::unregisterTimer(Qt::TimerId timerId)
{
    const auto it = std::find_if(m_timers.begin(), m_timers.end(), [&](const Timer &t) { return t.id == timerId; });
    if (it == m_timers.end())
        return false;
    *it = m_timers.back(); // order does not matter: every pass looks at all of them
    m_timers.pop_back();
    return true;
}

bool EpollEventDispatcher::unregisterTimers(QObject *object)
{
    return std::erase_if(m_timers, [&](const Timer &t) { return t.object == object; }) > 0;
}

QList<QAbstractEventDispatcher::TimerInfoV2> EpollEventDispatcher::timersForObject(QObject *object) const
{
    QList<TimerInfoV2> list;
    for (const Timer &t : m_timers) {
        if (t.object == object)
            list.append(TimerInfoV2{t.interval, t.id, t.type});
    }
    return list;
}

QAbstractEventDispatcher::Duration EpollEventDispatcher::remainingTime(Qt::TimerId timerId) const
{
    for (const Timer &t : m_timers) {
        if (t.id == timerId)
            return std::max(Duration::zero(), duration_cast<Duration>(t.due - Clock::now()));
    }
    return Duration::min();
}

void EpollEventDispatcher::wakeUp()
{
    const quint64 one = 1;
    [[maybe_unused]] const auto written = ::write(m_wakeFd, &one, sizeof one);
    Tsan::release(this); // see the destructor
}

void EpollEventDispatcher::interrupt()
{
    m_interrupted = true;
    wakeUp();
}

int EpollEventDispatcher::waitTimeoutMs() const
{
    if (m_timers.empty())
        return -1;
    Clock::time_point next = Clock::time_point::max();
    for (const Timer &t : m_timers)
        next = std::min(next, t.due);
    const auto left = duration_cast<microseconds>(next - Clock::now()).count();
    return left <= 0 ? 0 : int(std::min<qint64>((left + 999) / 1000, 24 * 3600 * 1000)); // round up: never early
}

bool EpollEventDispatcher::fireTimers()
{
    const Clock::time_point now = Clock::now();
    std::vector<Qt::TimerId> due;
    for (Timer &t : m_timers) {
        if (t.due > now)
            continue;
        due.push_back(t.id);
        t.due = t.type == Qt::PreciseTimer && t.due + t.interval > now ? t.due + t.interval : now + t.interval;
    }
    for (Qt::TimerId id : due) {
        // A handler may have killed this timer (or all of its object's) meanwhile.
        const auto it = std::find_if(m_timers.begin(), m_timers.end(), [&](const Timer &t) { return t.id == id; });
        if (it == m_timers.end())
            continue;
        QTimerEvent event(id);
        QCoreApplication::sendEvent(it->object, &event);
    }
    return !due.empty();
}

bool EpollEventDispatcher::processEvents(QEventLoop::ProcessEventsFlags flags)
{
    m_interrupted = false;
    emit awake();
    QCoreApplication::sendPostedEvents();

    const bool wait = flags.testFlag(QEventLoop::WaitForMoreEvents) && !m_interrupted;
    int timeout = 0;
    if (wait) {
        timeout = waitTimeoutMs();
        emit aboutToBlock();
    }
    epoll_event events[256];
    const int n = epoll_wait(m_epoll, events, 256, timeout);
    bool handled = false;
    for (int i = 0; i < n && !m_interrupted; ++i) {
        const int fd = events[i].data.fd;
        if (fd == m_wakeFd) {
            quint64 value = 0;
            [[maybe_unused]] const auto read = ::read(m_wakeFd, &value, sizeof value);
            continue;
        }
        if (flags.testFlag(QEventLoop::ExcludeSocketNotifiers))
            continue;
        const uint32_t e = events[i].events;
        const bool broken = e & (EPOLLERR | EPOLLHUP);
        // Look the notifier up again before each delivery: the previous one may have removed it.
        auto deliver = [&](QSocketNotifier *Watch::*which) {
            auto it = m_watches.find(fd);
            if (it == m_watches.end() || !((*it).*which))
                return false;
            QEvent event(QEvent::SockAct);
            QCoreApplication::sendEvent((*it).*which, &event);
            handled = true;
            return true;
        };
        if (e & (EPOLLIN | EPOLLRDHUP) || broken)
            deliver(&Watch::read);
        if (e & EPOLLOUT || broken)
            deliver(&Watch::write);
        if (e & EPOLLPRI)
            deliver(&Watch::exception);
    }
    if (!m_interrupted)
        handled |= fireTimers();
    return handled;
}

} // namespace Banter::Net
