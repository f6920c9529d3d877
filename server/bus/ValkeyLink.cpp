#include "bus/ValkeyLink.h"

#include "bus/BusLog.h"

#include <banter/HomeLoop.h>

#include <hiredis/hiredis.h>

#include <QPromise>

#include <cerrno>
#include <poll.h>

namespace Banter::Server {
namespace {

constexpr int MinBackoffMs = 100;
constexpr int MaxBackoffMs = 2000;
constexpr int BatchLimit = 1000;

ValkeyReply convert(const redisReply *r)
{
    ValkeyReply out;
    if (!r)
        return out;
    switch (r->type) {
    case REDIS_REPLY_INTEGER:
        out.type = ValkeyReply::Type::Integer;
        out.integer = r->integer;
        break;
    case REDIS_REPLY_STRING:
    case REDIS_REPLY_STATUS:
        out.type = ValkeyReply::Type::String;
        out.string = QByteArray(r->str, qsizetype(r->len));
        break;
    case REDIS_REPLY_ERROR:
        out.type = ValkeyReply::Type::Error;
        out.string = QByteArray(r->str, qsizetype(r->len));
        break;
    case REDIS_REPLY_ARRAY:
        out.type = ValkeyReply::Type::Array;
        for (size_t i = 0; i < r->elements; ++i) {
            const redisReply *e = r->element[i];
            if (e->type == REDIS_REPLY_STRING || e->type == REDIS_REPLY_STATUS)
                out.elements.append(QByteArray(e->str, qsizetype(e->len)));
            else if (e->type == REDIS_REPLY_INTEGER)
                out.elements.append(QByteArray::number(e->integer));
        }
        break;
    default:
        out.type = ValkeyReply::Type::Nil;
        break;
    }
    return out;
}

void appendArgv(redisContext *c, const QList<QByteArray> &args)
{
    std::vector<const char *> argv;
    std::vector<size_t> lengths;
    argv.reserve(size_t(args.size()));
    lengths.reserve(size_t(args.size()));
    for (const QByteArray &a : args) {
        argv.push_back(a.constData());
        lengths.push_back(size_t(a.size()));
    }
    redisAppendCommandArgv(c, int(argv.size()), argv.data(), lengths.data());
}

struct ContextFree
{
    void operator()(redisContext *c) const { redisFree(c); }
};
using Context = std::unique_ptr<redisContext, ContextFree>;

Context connectTo(const QString &host, quint16 port)
{
    const timeval timeout{1, 0};
    Context c(redisConnectWithTimeout(host.toUtf8().constData(), port, timeout));
    if (!c || c->err)
        return {};
    const timeval io{5, 0}; // a Valkey that stops answering counts as gone after this
    redisSetTimeout(c.get(), io);
    return c;
}

} // namespace

ValkeyLink::ValkeyLink(QString host, quint16 port, QList<QByteArray> channels, Handlers handlers,
                       QList<QByteArray> patterns)
    : m_host(std::move(host)), m_port(port), m_channels(std::move(channels)), m_patterns(std::move(patterns)),
      m_handlers(std::move(handlers))
{
}

ValkeyLink::~ValkeyLink()
{
    stop();
}

QString ValkeyLink::describe() const
{
    return QStringLiteral("redis://%1:%2").arg(m_host).arg(m_port);
}

void ValkeyLink::start()
{
    m_commandThread = std::thread([this] { commandLoop(); });
    if (!m_channels.isEmpty())
        m_subscriberThread = std::thread([this] { subscriberLoop(); });
}

void ValkeyLink::stop()
{
    m_stop.store(true);
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_commandThread.joinable())
        m_commandThread.join();
    if (m_subscriberThread.joinable())
        m_subscriberThread.join();
}

void ValkeyLink::publish(const QByteArray &channel, const QByteArray &payload)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping || !m_commandUp.load(std::memory_order_relaxed) || m_jobs.size() >= size_t(MaxQueued)) {
            m_dropped.fetch_add(1, std::memory_order_relaxed);
            return;
        }
        m_jobs.push_back(Job{{QByteArrayLiteral("PUBLISH"), channel, payload}, {}});
    }
    m_wake.notify_all(); // the subscriber waits on it too (its backoff)
}

QFuture<ValkeyReply> ValkeyLink::command(QList<QByteArray> args)
{
    auto promise = std::make_shared<QPromise<ValkeyReply>>();
    QFuture<ValkeyReply> future = promise->future();
    promise->start();
    auto done = [promise, home = HomeLoop::current()](ValkeyReply reply) { home.finish(promise, std::move(reply)); };
    {
        std::unique_lock lock(m_mutex);
        if (!m_stopping && m_jobs.size() < size_t(MaxQueued)) {
            m_jobs.push_back(Job{std::move(args), std::move(done)});
            lock.unlock();
            m_wake.notify_all(); // the subscriber waits on it too (its backoff)
            return future;
        }
    }
    done(ValkeyReply{});
    return future;
}

bool ValkeyLink::sleepUnlessStopped(int ms)
{
    std::unique_lock lock(m_mutex);
    return !m_wake.wait_for(lock, std::chrono::milliseconds(ms), [this] { return m_stopping; });
}

void ValkeyLink::commandLoop()
{
    Context c;
    int backoff = MinBackoffMs;
    bool everConnected = false;
    bool refusing = false; // since a publish was refused (logged once until one gets through)
    auto failQueued = [this](std::deque<Job> &jobs) {
        for (Job &j : jobs) {
            if (j.done)
                j.done(ValkeyReply{});
            else
                m_dropped.fetch_add(1, std::memory_order_relaxed);
        }
        jobs.clear();
    };
    for (;;) {
        if (!c) {
            if (m_stop.load())
                break; // stopping while disconnected: what is queued is answered Disconnected below
            c = connectTo(m_host, m_port);
            if (!c) {
                std::deque<Job> stale;
                {
                    std::lock_guard lock(m_mutex);
                    stale.swap(m_jobs);
                }
                failQueued(stale);
                if (!sleepUnlessStopped(backoff))
                    break;
                backoff = qMin(backoff * 2, MaxBackoffMs);
                continue;
            }
            backoff = MinBackoffMs;
            m_commandUp.store(true);
            qCInfo(lcBus).noquote() << (everConnected ? "reconnected to" : "connected to") << describe();
            everConnected = true;
        }
        std::deque<Job> batch;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stopping || !m_jobs.empty(); });
            if (m_jobs.empty())
                break; // stopping; what was asked before stop() is still sent
            while (!m_jobs.empty() && batch.size() < size_t(BatchLimit)) {
                batch.push_back(std::move(m_jobs.front()));
                m_jobs.pop_front();
            }
        }
        for (const Job &j : batch)
            appendArgv(c.get(), j.args);
        bool broken = false;
        for (Job &j : batch) {
            if (broken) {
                if (j.done)
                    j.done(ValkeyReply{});
                else
                    m_dropped.fetch_add(1, std::memory_order_relaxed);
                continue;
            }
            void *raw = nullptr;
            if (redisGetReply(c.get(), &raw) != REDIS_OK) {
                broken = true;
                qCWarning(lcBus).noquote() << "lost the command connection to" << describe() << ':' << c->errstr;
                if (j.done)
                    j.done(ValkeyReply{});
                else
                    m_dropped.fetch_add(1, std::memory_order_relaxed);
                continue;
            }
            auto *reply = static_cast<redisReply *>(raw);
            if (j.done) {
                j.done(convert(reply));
            } else if (reply->type == REDIS_REPLY_ERROR) {
                // Refused (an ACL without PUBLISH, a server error): as lost as one on a broken connection.
                m_dropped.fetch_add(1, std::memory_order_relaxed);
                if (!refusing)
                    qCWarning(lcBus).noquote() << describe() << "refused a publish:"
                                               << QByteArray(reply->str, qsizetype(reply->len));
                refusing = true;
            } else {
                m_published.fetch_add(1, std::memory_order_relaxed);
                refusing = false;
            }
            freeReplyObject(reply);
        }
        if (broken) {
            m_commandUp.store(false);
            c.reset();
        }
    }
    m_commandUp.store(false);
    std::deque<Job> rest;
    {
        std::lock_guard lock(m_mutex);
        rest.swap(m_jobs);
    }
    failQueued(rest);
}

void ValkeyLink::subscriberLoop()
{
    int backoff = MinBackoffMs;
    bool everSubscribed = false;
    while (!m_stop.load()) {
        Context c = connectTo(m_host, m_port);
        if (!c) {
            if (!sleepUnlessStopped(backoff))
                break;
            backoff = qMin(backoff * 2, MaxBackoffMs);
            continue;
        }
        redisEnableKeepAlive(c.get());
        QList<QByteArray> args{QByteArrayLiteral("SUBSCRIBE")};
        args.append(m_channels);
        appendArgv(c.get(), args);
        if (!m_patterns.isEmpty()) {
            QList<QByteArray> pargs{QByteArrayLiteral("PSUBSCRIBE")};
            pargs.append(m_patterns);
            appendArgv(c.get(), pargs);
        }
        int confirmations = 0;
        bool broken = false;
        // A connection that went silent (a half-open TCP connection) is noticed: a PING after 5 s without any
        // data, and the connection counts as lost if nothing arrives for 5 s more.
        auto lastData = std::chrono::steady_clock::now();
        bool pinged = false;
        while (!m_stop.load() && !broken) {
            void *raw = nullptr;
            if (redisGetReplyFromReader(c.get(), &raw) != REDIS_OK) {
                broken = true;
                break;
            }
            if (!raw) {
                // Nothing buffered: flush what we wrote, then wait for the socket (bounded, to notice stop()).
                int done = 1;
                if (c->obuf && sdslen(c->obuf) > 0 && redisBufferWrite(c.get(), &done) != REDIS_OK) {
                    broken = true;
                    break;
                }
                pollfd p{c->fd, POLLIN, 0};
                const int ready = ::poll(&p, 1, 250);
                if (ready < 0 && errno != EINTR) {
                    broken = true;
                } else if (ready > 0) {
                    if (redisBufferRead(c.get()) != REDIS_OK)
                        broken = true;
                    lastData = std::chrono::steady_clock::now();
                    pinged = false;
                } else if (const auto quiet = std::chrono::steady_clock::now() - lastData; quiet > std::chrono::seconds(10)) {
                    qCWarning(lcBus).noquote() << "the subscription to" << describe() << "went silent";
                    broken = true;
                } else if (quiet > std::chrono::seconds(5) && !pinged) {
                    appendArgv(c.get(), {QByteArrayLiteral("PING")});
                    pinged = true;
                }
                continue;
            }
            auto *reply = static_cast<redisReply *>(raw);
            if (reply->type == REDIS_REPLY_ARRAY && reply->elements == 3) {
                const redisReply *kind = reply->element[0];
                const QByteArray type(kind->str, qsizetype(kind->len));
                if (type == "message") {
                    const redisReply *ch = reply->element[1];
                    const redisReply *body = reply->element[2];
                    if (m_handlers.message)
                        m_handlers.message(QByteArray(ch->str, qsizetype(ch->len)),
                                           QByteArray(body->str, qsizetype(body->len)));
                } else if ((type == "subscribe" || type == "psubscribe")
                           && ++confirmations == m_channels.size() + m_patterns.size()) {
                    backoff = MinBackoffMs;
                    m_subscriberUp.store(true);
                    qCInfo(lcBus).noquote() << (everSubscribed ? "resubscribed on" : "subscribed on") << describe();
                    if (m_handlers.subscribed)
                        m_handlers.subscribed(everSubscribed);
                    everSubscribed = true;
                }
            }
            if (reply->type == REDIS_REPLY_ARRAY && reply->elements == 4) {
                const redisReply *kind = reply->element[0];
                if (QByteArray(kind->str, qsizetype(kind->len)) == "pmessage" && m_handlers.message) {
                    const redisReply *ch = reply->element[2];
                    const redisReply *body = reply->element[3];
                    m_handlers.message(QByteArray(ch->str, qsizetype(ch->len)), QByteArray(body->str, qsizetype(body->len)));
                }
            }
            freeReplyObject(reply);
        }
        if (m_subscriberUp.exchange(false)) {
            // Ending the subscription ourselves (stop()) is no loss worth a warning.
            if (m_stop.load())
                qCDebug(lcBus).noquote() << "left the subscription to" << describe();
            else
                qCWarning(lcBus).noquote() << "lost the subscription to" << describe();
            if (m_handlers.lost)
                m_handlers.lost();
        }
        if (!m_stop.load() && !sleepUnlessStopped(backoff))
            break;
        backoff = qMin(backoff * 2, MaxBackoffMs);
    }
}

} // namespace Banter::Server
