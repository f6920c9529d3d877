#include "BenchWorker.h"

#include "BenchClock.h"

#include "banter/client/SocketIoClient.h"

#include <QJsonArray>
#include <QJsonObject>

#include <cmath>

using namespace Qt::StringLiterals;
using Banter::Client::SocketIoClient;

namespace {
// "u<sender>-<counter>" -> sender, counter; false for ids this run did not make.
bool parseClientMessageId(const QString &id, int &sender, int &counter)
{
    if (!id.startsWith(u'u'))
        return false;
    const qsizetype dash = id.indexOf(u'-');
    if (dash < 0)
        return false;
    bool ok1 = false, ok2 = false;
    sender = QStringView(id).sliced(1, dash - 1).toInt(&ok1);
    counter = QStringView(id).sliced(dash + 1).toInt(&ok2);
    return ok1 && ok2;
}

// Content starts with "t=<send time in µs>;".
std::int64_t sentAt(const QString &content)
{
    if (!content.startsWith(u"t="_s))
        return -1;
    const qsizetype end = content.indexOf(u';');
    bool ok = false;
    const std::int64_t t = QStringView(content).sliced(2, (end < 0 ? content.size() : end) - 2).toLongLong(&ok);
    return ok ? t : -1;
}

std::uint32_t clampUs(std::int64_t us)
{
    return std::uint32_t(std::clamp<std::int64_t>(us, 0, std::numeric_limits<std::uint32_t>::max()));
}
} // namespace

// The timer is a child so that moveToThread takes it along to the worker's thread.
BenchWorker::BenchWorker(const BenchPlan *plan, QList<int> users) : m_plan(plan), m_openLoopTimer(this)
{
    m_clients.reserve(users.size());
    for (int user : users)
        m_clients.append(Client{.user = user, .group = plan->users[user].group});
    m_openLoopTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_openLoopTimer, &QTimer::timeout, this, &BenchWorker::onOpenLoopTick);
}

BenchWorker::~BenchWorker() = default;

void BenchWorker::connectAll()
{
    for (int i = 0; i < m_clients.size(); ++i) {
        auto *socket = new SocketIoClient(this);
        m_clients[i].socket = socket;
        socket->setAuth(QJsonObject{{u"token"_s, m_plan->users[m_clients[i].user].token}});
        connect(socket, &SocketIoClient::connected, this, [this, i] { settle(m_clients[i], true); });
        connect(socket, &SocketIoClient::connectError, this, [this, i](const QJsonObject &error) {
            const QString code = error.value(u"data"_s).toObject().value(u"code"_s).toString();
            const QString message = error.value(u"message"_s).toString().left(80);
            const QString what = (code.isEmpty() ? u"unknown"_s : code) + u" ("_s + message + u")"_s;
            // A handshake the server dropped is retried, as any Socket.IO client would; the retries stay
            // visible in the report's errors. A refusal (44, e.g. unauthorized) is final.
            if (code == u"unavailable"_s && ++m_clients[i].connectAttempts < 4) {
                ++m_result.errors[u"connect_retry:"_s + code];
                QTimer::singleShot(200, this, [this, i] { m_clients[i].socket->open(serverOf(m_clients[i])); });
                return;
            }
            ++m_result.errors[u"connect_error:"_s + what];
            settle(m_clients[i], false);
        });
        connect(socket, &SocketIoClient::disconnected, this, [this, i](const QString &reason) {
            m_clients[i].connected = false;
            ++m_result.disconnects;
            ++m_result.errors[u"disconnected:"_s + reason];
        });
        connect(socket, &SocketIoClient::event, this, [this, i](const QString &name, const QJsonArray &args) {
            if (name == u"message:received"_s)
                onDelivery(i, args);
        });
    }
    openMore();
    if (m_clients.isEmpty())
        emit connectFinished(0, 0);
}

void BenchWorker::openMore()
{
    // Enough handshakes at once to connect a thousand sockets in a second or two, few enough that the server's
    // accept queue is not what setup measures.
    while (m_opening < m_plan->options.connectConcurrency && m_nextToOpen < m_clients.size()) {
        ++m_opening;
        Client &c = m_clients[m_nextToOpen++];
        c.socket->open(serverOf(c));
    }
}

QUrl BenchWorker::serverOf(const Client &c) const
{
    const BenchOptions &o = m_plan->options;
    return o.servers[o.serverOf(c.user)];
}

void BenchWorker::settle(Client &c, bool ok)
{
    if (c.settled)
        return;
    c.settled = true;
    c.connected = ok;
    --m_opening;
    ++(ok ? m_connected : m_failed);
    if (!ok)
        ++m_result.connectFailures;
    openMore();
    if (m_connected + m_failed == m_clients.size())
        emit connectFinished(m_connected, m_failed);
}

void BenchWorker::startLoad()
{
    m_loadRunning = true;
    const BenchOptions &o = m_plan->options;
    m_padding = QString(std::max(0, o.contentBytes - 18), u'x');
    if (o.rate > 0) {
        // Open loop: this worker offers its share of the total rate on a 1 ms tick, sends due since the start.
        m_ratePerUs = o.rate / o.threads / 1e6;
        m_openLoopTimer.start(1);
        return;
    }
    for (int i = 0; i < m_clients.size(); ++i) {
        for (int k = 0; k < o.inflight && m_clients[i].connected; ++k)
            send(i, BenchClock::nowUs());
    }
}

void BenchWorker::onOpenLoopTick()
{
    const std::int64_t now = BenchClock::nowUs();
    if (now >= m_plan->windowEndUs) {
        m_openLoopTimer.stop();
        m_loadRunning = false;
        return;
    }
    // Message k is due at startUs + k / rate: every k with that time <= now is due. (Counting only whole
    // intervals elapsed, as this did before, sent each message one interval after its intended time and added that
    // interval — 2.6 ms at 775/s on 2 threads, 40 ms at 50/s — to every latency measured, for both servers.)
    const auto due = std::int64_t(double(now - m_plan->startUs) * m_ratePerUs) + 1;
    for (int tries = 0; m_openLoopSent < due && tries < m_clients.size();) {
        const int i = m_roundRobin++ % int(m_clients.size());
        if (!m_clients[i].connected) {
            ++tries;
            continue;
        }
        tries = 0;
        // Latency counts from when the send was due, not when the tick got to it (no coordinated omission).
        send(i, m_plan->startUs + std::int64_t(double(m_openLoopSent) / m_ratePerUs));
        ++m_openLoopSent;
    }
}

void BenchWorker::send(int index, std::int64_t intendedUs)
{
    Client &c = m_clients[index];
    if (m_plan->options.mixed() && sendOther(index, intendedUs))
        return;
    const int counter = c.counter++;
    if (m_plan->inWindow(intendedUs))
        ++m_result.sentInWindow;
    const QJsonObject payload{
        {u"conversationId"_s, m_plan->groups[c.group].conversationId},
        {u"content"_s, u"t=%1;"_s.arg(intendedUs) + m_padding},
        {u"clientMessageId"_s, u"u%1-%2"_s.arg(c.user).arg(counter)},
    };
    ++inflight;
    c.socket->emitWithAck(
        u"message:send"_s, payload,
        [this, index, intendedUs, counter](const QJsonValue &r) { onAck(index, intendedUs, counter, r); },
        m_plan->options.ackTimeoutMs);
}

bool BenchWorker::sendOther(int index, std::int64_t intendedUs)
{
    Client &c = m_clients[index];
    const BenchOptions &o = m_plan->options;
    // A fixed spread over the clients and their operations, the same in every run.
    const int roll = int((std::uint32_t(c.user) * 2654435761u + std::uint32_t(c.counter) * 40503u) % 100u);
    QString event;
    QJsonObject payload;
    if (roll < o.mixSend) {
        return false;
    } else if (roll < o.mixSend + o.mixEdit) {
        if (c.lastOwnMessage.isEmpty())
            return false;
        event = u"message:edit"_s;
        payload = {{u"messageId"_s, c.lastOwnMessage}, {u"content"_s, u"edit %1;"_s.arg(c.counter) + m_padding}};
    } else if (roll < o.mixSend + o.mixEdit + o.mixReact) {
        if (c.lastSeenMessage.isEmpty())
            return false;
        event = u"reaction:add"_s;
        payload = {{u"messageId"_s, c.lastSeenMessage}, {u"emoji"_s, u"r%1"_s.arg(c.counter % 5)}};
    } else {
        if (c.lastSeq <= 0)
            return false;
        event = u"receipt:update"_s;
        payload = {{u"conversationId"_s, m_plan->groups[c.group].conversationId}, {u"readSeq"_s, qint64(c.lastSeq)}};
    }
    ++c.counter;
    ++inflight;
    c.socket->emitWithAck(
        event, payload, [this, index, event, intendedUs](const QJsonValue &r) { onOtherAck(index, event, intendedUs, r); },
        o.ackTimeoutMs);
    return true;
}

void BenchWorker::onOtherAck(int index, const QString &event, std::int64_t intendedUs, const QJsonValue &response)
{
    const std::int64_t now = BenchClock::nowUs();
    --inflight;
    const QJsonObject ack = response.toObject();
    const bool ok = ack.value(u"ok"_s).toBool();
    if (ok && m_plan->inWindow(now)) {
        ++m_result.opsAckedInWindow;
        ++m_result.opsByKind[event];
        m_result.opLatencyUs.push_back(clampUs(now - intendedUs));
    } else if (!ok) {
        const QString code = ack.value(u"error"_s).toObject().value(u"code"_s).toString();
        ++m_result.errors[event + u' ' + (code.isEmpty() ? u"unknown"_s : code)];
    }
    next(index, ok, now);
}

void BenchWorker::onAck(int index, std::int64_t intendedUs, int counter, const QJsonValue &response)
{
    const std::int64_t now = BenchClock::nowUs();
    --inflight;
    Client &c = m_clients[index];
    const QJsonObject ack = response.toObject();
    const bool ok = ack.value(u"ok"_s).toBool();
    if (ok) {
        const QJsonObject message = ack.value(u"message"_s).toObject();
        const std::int64_t seq = message.value(u"seq"_s).toInteger();
        m_result.acked.push_back(BenchResult::Acked{c.group, c.user, counter, seq});
        ++acked;
        if (m_plan->options.mixed())
            c.lastOwnMessage = message.value(u"id"_s).toString();
        if (m_plan->inWindow(now)) {
            ++m_result.ackedInWindow;
            m_result.ackLatencyUs.push_back(clampUs(now - intendedUs));
            ++m_result.opsAckedInWindow;
            ++m_result.opsByKind[u"message:send"_s];
            m_result.opLatencyUs.push_back(clampUs(now - intendedUs));
        }
    } else {
        const QString code = ack.value(u"error"_s).toObject().value(u"code"_s).toString();
        ++m_result.errors[code.isEmpty() ? u"unknown"_s : code];
    }
    next(index, ok, now);
}

void BenchWorker::next(int index, bool ok, std::int64_t now)
{
    Client &c = m_clients[index];
    if (m_plan->options.rate > 0 || !m_loadRunning || !c.connected)
        return;
    if (now >= m_plan->windowEndUs) {
        m_loadRunning = false;
        return;
    }
    if (ok) {
        send(index, now);
    } else {
        // Back off a little after an error so a refusing server is not hammered in a tight loop.
        QTimer::singleShot(20, this, [this, index] {
            if (m_loadRunning && m_clients[index].connected && BenchClock::nowUs() < m_plan->windowEndUs)
                send(index, BenchClock::nowUs());
        });
    }
}

void BenchWorker::onDelivery(int index, const QJsonArray &args)
{
    const std::int64_t now = BenchClock::nowUs();
    Client &c = m_clients[index];
    const QJsonObject message = args.at(0).toObject().value(u"message"_s).toObject();
    const int group = m_plan->groupByConversation.value(message.value(u"conversationId"_s).toString(), -1);
    int sender = 0, counter = 0;
    if (group < 0 || !parseClientMessageId(message.value(u"clientMessageId"_s).toString(), sender, counter)) {
        ++m_result.foreignDeliveries;
        return;
    }
    const std::int64_t seq = message.value(u"seq"_s).toInteger();
    if (m_plan->options.mixed())
        c.lastSeenMessage = message.value(u"id"_s).toString();
    m_result.delivered.push_back(BenchResult::Delivered{group, c.user, sender, counter, seq});
    ++delivered;
    if (seq < c.lastSeq)
        ++m_result.outOfOrder;
    c.lastSeq = std::max(c.lastSeq, seq);
    if (m_plan->inWindow(now)) {
        ++m_result.deliveredInWindow;
        const std::int64_t sent = sentAt(message.value(u"content"_s).toString());
        if (sent > 0) {
            const std::uint32_t latency = clampUs(now - sent);
            m_result.deliveryLatencyUs.push_back(latency);
            const BenchOptions &o = m_plan->options;
            if (o.servers.size() > 1) {
                // Same node: the sender's socket and this one are on one server; cross node: the message had to
                // reach another node over the cluster's bus.
                const bool sameNode = o.serverOf(sender) == o.serverOf(c.user);
                (sameNode ? m_result.sameNodeLatencyUs : m_result.crossNodeLatencyUs).push_back(latency);
            }
        }
    }
}

void BenchWorker::closeAll()
{
    m_loadRunning = false;
    m_openLoopTimer.stop();
    for (Client &c : m_clients) {
        if (c.socket) {
            c.socket->disconnect(this);
            c.socket->close();
        }
    }
}

BenchResult BenchWorker::takeResult()
{
    return std::exchange(m_result, BenchResult{});
}
