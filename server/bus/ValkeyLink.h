#pragma once

#include "bus/ValkeyReply.h"

#include <QByteArray>
#include <QFuture>
#include <QList>
#include <QString>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace Banter::Server {

// banterd's two connections to Valkey (or Redis), through hiredis, each on a thread of its own:
// - the command connection: PUBLISH and the presence scripts, in the order they were asked for (pipelined);
// - the subscriber connection: SUBSCRIBE to the channels, each message handed to a callback on its thread.
// Both reconnect by themselves with a backoff (100 ms doubling to 2 s). While the command connection is down,
// publishes are dropped (counted; the nodes that miss them fill the gap from PostgreSQL) and commands answer
// Disconnected. A publish Valkey answers with an error counts as dropped too. The blocking hiredis calls never
// run on a socket or database thread.
class ValkeyLink
{
public:
    struct Handlers
    {
        // On the subscriber thread. message: one published payload on one of the channels.
        std::function<void(const QByteArray &channel, const QByteArray &payload)> message;
        // After each successful (re)subscription; reconnected is false the first time.
        std::function<void(bool reconnected)> subscribed;
        // The subscriber connection was lost (it reconnects by itself).
        std::function<void()> lost;
    };

    // patterns: PSUBSCRIBE patterns; their messages reach `message` with the channel they were published on.
    ValkeyLink(QString host, quint16 port, QList<QByteArray> channels, Handlers handlers, QList<QByteArray> patterns = {});
    ~ValkeyLink();
    ValkeyLink(const ValkeyLink &) = delete;
    ValkeyLink &operator=(const ValkeyLink &) = delete;

    void start();
    // Sends what is queued (while connected; else it answers Disconnected), then joins both threads. Idempotent.
    void stop();

    // Fire and forget, in order with commands. Dropped while the command connection is down or when more
    // than maxQueued are waiting.
    void publish(const QByteArray &channel, const QByteArray &payload);
    // The reply is finished on the calling thread's event loop (HomeLoop): attach continuations right away.
    QFuture<ValkeyReply> command(QList<QByteArray> args);

    bool commandConnected() const { return m_commandUp.load(std::memory_order_relaxed); }
    bool subscriberConnected() const { return m_subscriberUp.load(std::memory_order_relaxed); }
    quint64 dropped() const { return m_dropped.load(std::memory_order_relaxed); }
    quint64 published() const { return m_published.load(std::memory_order_relaxed); }
    QString describe() const;

    static constexpr int MaxQueued = 100000;

private:
    struct Job
    {
        QList<QByteArray> args;
        std::function<void(ValkeyReply)> done; // empty for a publish
    };

    void commandLoop();
    void subscriberLoop();
    bool sleepUnlessStopped(int ms);

    const QString m_host;
    const quint16 m_port;
    const QList<QByteArray> m_channels;
    const QList<QByteArray> m_patterns;
    const Handlers m_handlers;

    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Job> m_jobs;
    bool m_stopping = false;
    std::thread m_commandThread;
    std::thread m_subscriberThread;
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_commandUp{false};
    std::atomic<bool> m_subscriberUp{false};
    std::atomic<quint64> m_dropped{0};
    std::atomic<quint64> m_published{0};
};

} // namespace Banter::Server
