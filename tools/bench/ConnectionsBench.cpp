#include "ConnectionsBench.h"

#include "BenchProgress.h"
#include "BenchSetup.h"
#include "LeanSocketPool.h"

#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QRandomGenerator>

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {
constexpr qint64 ProbeDeadlineMs = 15000;
constexpr qint64 QuietMs = 1000; // after the last expected delivery: a duplicate would arrive late
constexpr qint64 ConnectProgressMs = 5000;
constexpr qint64 HoldProgressMs = 10000;

qint64 residentKiB()
{
    QFile f(u"/proc/self/status"_s);
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    return 0;
}

// The server's IPv4 address, host byte order (0 when it does not resolve to one).
std::uint32_t resolveIPv4(const QString &host)
{
    addrinfo hints{};
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo *found = nullptr;
    if (getaddrinfo(host.toUtf8().constData(), nullptr, &hints, &found) != 0 || !found)
        return 0;
    const std::uint32_t address = ntohl(reinterpret_cast<const sockaddr_in *>(found->ai_addr)->sin_addr.s_addr);
    freeaddrinfo(found);
    return address;
}

QString ipv4(quint32 address)
{
    return u"%1.%2.%3.%4"_s.arg(address >> 24).arg((address >> 16) & 255).arg((address >> 8) & 255).arg(address & 255);
}
} // namespace

ConnectionsBench::ConnectionsBench(const BenchOptions &options, QObject *parent) : QObject(parent)
{
    m_plan.options = options;
    const int perGroup = options.devices * options.members;
    m_plan.options.groups = (options.connections + perGroup - 1) / perGroup;
    m_poll.setInterval(50);
    connect(&m_poll, &QTimer::timeout, this, &ConnectionsBench::poll);
}

ConnectionsBench::~ConnectionsBench() = default;

void ConnectionsBench::start()
{
    const BenchOptions &o = m_plan.options;
    if (o.server.scheme() != u"http"_s)
        return abort(u"--connections speaks plain WebSocket: --server must be an http:// URL"_s);
    const int sockets = o.groups * o.members * o.devices;
    benchProgress(u"%1: connections: %2 sockets requested, %3 held (%4 groups x %5 members x %6 devices); "
                  u"registering %7 users"_s.arg(o.label).arg(o.connections).arg(sockets).arg(o.groups).arg(o.members)
                      .arg(o.devices).arg(o.groups * o.members));
    m_clock.start();
    m_setup = new BenchSetup(&m_plan, this);
    connect(m_setup, &BenchSetup::finished, this, &ConnectionsBench::onSetupFinished);
    m_setup->start();
}

void ConnectionsBench::onSetupFinished(const QString &error)
{
    if (!error.isEmpty())
        return abort(u"setup failed: "_s + error);
    m_setupSeconds = double(m_clock.elapsed()) / 1000.0;
    const BenchOptions &o = m_plan.options;
    LeanSocketPool::Settings settings;
    settings.serverAddress = resolveIPv4(o.server.host());
    if (settings.serverAddress == 0)
        return abort(u"--server: %1 has no IPv4 address"_s.arg(o.server.host()));
    settings.serverPort = quint16(o.server.port(80));
    settings.hostHeader = u"%1:%2"_s.arg(o.server.host()).arg(settings.serverPort).toStdString();
    settings.sourceFirst = o.sourceFirst;
    settings.sourceLast = o.sourceLast;
    settings.concurrency = o.connectConcurrency;
    settings.devices = o.devices;
    for (const BenchPlan::User &u : std::as_const(m_plan.users)) {
        const QJsonObject auth{{u"token"_s, u.token}};
        settings.connectPackets.push_back("40" + QJsonDocument(auth).toJson(QJsonDocument::Compact).toStdString());
        settings.groupOfUser.push_back(u.group);
    }
    m_pool = std::make_unique<LeanSocketPool>(std::move(settings));
    benchProgress(u"setup took %1 s; connecting %2 sockets, %3 handshakes at a time%4"_s.arg(m_setupSeconds, 0, 'f', 1)
                      .arg(m_pool->sockets())
                      .arg(o.connectConcurrency)
                      .arg(o.sourceFirst ? u" from %1-%2"_s.arg(ipv4(o.sourceFirst), ipv4(o.sourceLast)) : QString()));
    std::string problem;
    m_connectStartedAtMs = QDateTime::currentMSecsSinceEpoch();
    if (!m_pool->start(problem))
        return abort(QString::fromStdString(problem));
    m_phase = Phase::Connecting;
    m_clock.restart();
    m_lastProgressMs = 0;
    m_poll.start();
}

void ConnectionsBench::poll()
{
    const qint64 elapsed = m_clock.elapsed();
    LeanSocketPool &pool = *m_pool;
    switch (m_phase) {
    case Phase::Connecting:
        if (pool.settled() == pool.sockets()) {
            m_connectEndedAtMs = QDateTime::currentMSecsSinceEpoch();
            m_connectSeconds = double(elapsed) / 1000.0;
            const int connected = pool.connected.load();
            benchProgress(u"%1 connected, %2 failed in %3 s (%4 sockets/s, %5 retries)"_s.arg(pool.everConnected.load())
                              .arg(pool.failed.load())
                              .arg(m_connectSeconds, 0, 'f', 1)
                              .arg(double(pool.everConnected.load()) / qMax(m_connectSeconds, 0.001), 0, 'f', 0)
                              .arg(pool.retries.load()));
            benchProgress(u"holding %1 sockets"_s.arg(connected));
            m_phase = Phase::Holding;
            m_clock.restart();
            m_lastProgressMs = 0;
        } else if (elapsed - m_lastProgressMs >= ConnectProgressMs) {
            m_lastProgressMs = elapsed;
            benchProgress(u"connecting: %1 connected, %2 in progress, %3 failed, %4 retries"_s.arg(pool.connected.load())
                              .arg(pool.handshaking.load())
                              .arg(pool.failed.load())
                              .arg(pool.retries.load()));
        }
        return;
    case Phase::Holding:
        if (elapsed >= qint64(m_plan.options.holdS * 1000)) {
            m_holdSeconds = double(elapsed) / 1000.0;
            m_clientRssKiB = residentKiB();
            return startProbe();
        }
        if (elapsed - m_lastProgressMs >= HoldProgressMs) {
            m_lastProgressMs = elapsed;
            benchProgress(u"holding for %1 of %2 s: %3 connected, %4 disconnects, %5 pings answered"_s.arg(elapsed / 1000)
                              .arg(m_plan.options.holdS)
                              .arg(pool.connected.load())
                              .arg(pool.disconnects.load())
                              .arg(pool.pingsAnswered.load()));
        }
        return;
    case Phase::Probing: {
        const bool complete = pool.probes().acksOk.load() + pool.probes().acksFailed.load() >= m_probesSent
                              && pool.probes().deliveries.load() >= m_probeExpected;
        if (!complete) {
            m_probeQuietSinceMs = -1;
            if (elapsed < ProbeDeadlineMs)
                return;
            benchProgress(u"probe deadline: %1 of %2 acks, %3 of %4 deliveries"_s
                              .arg(pool.probes().acksOk.load() + pool.probes().acksFailed.load())
                              .arg(m_probesSent)
                              .arg(pool.probes().deliveries.load())
                              .arg(m_probeExpected));
            return finish();
        }
        if (m_probeQuietSinceMs < 0)
            m_probeQuietSinceMs = elapsed;
        if (elapsed - m_probeQuietSinceMs >= QuietMs)
            finish();
        return;
    }
    case Phase::Setup:
    case Phase::Done:
        return;
    }
}

void ConnectionsBench::startProbe()
{
    std::vector<LeanProbeLedger::Send> sends;
    const quint32 run = QRandomGenerator::global()->generate();
    for (int g = 0; g < m_plan.groups.size(); ++g) {
        const BenchPlan::Group &group = m_plan.groups[g];
        LeanProbeLedger::Send p;
        p.group = g;
        p.user = group.members.first();
        p.conversationId = group.conversationId.toStdString();
        p.clientMessageId = u"probe-%1-%2"_s.arg(g).arg(run, 8, 16, QChar(u'0')).toStdString();
        sends.push_back(std::move(p));
        m_probeExpected += qint64(group.members.size()) * m_plan.options.devices - 1;
    }
    m_probesSent = int(sends.size());
    benchProgress(u"held %1 s: %2 connected, %3 disconnects, %4 pings answered; probing %5 groups"_s
                      .arg(m_holdSeconds, 0, 'f', 0)
                      .arg(m_pool->connected.load())
                      .arg(m_pool->disconnects.load())
                      .arg(m_pool->pingsAnswered.load())
                      .arg(m_probesSent));
    m_phase = Phase::Probing;
    m_clock.restart();
    m_pool->probe(std::move(sends));
}

void ConnectionsBench::finish()
{
    m_poll.stop();
    m_phase = Phase::Done;
    m_pool->stop();
    const LeanProbeLedger::Tally t = m_pool->probes().tally();
    m_probe = QJsonObject{{u"groups"_s, m_probesSent},
                          {u"expected"_s, qint64(t.expected)},
                          {u"received"_s, qint64(t.received)},
                          {u"missing"_s, qint64(t.missing)},
                          {u"duplicates"_s, qint64(t.duplicates)},
                          {u"echoes"_s, qint64(t.echoes)},
                          {u"foreign"_s, qint64(t.foreign)},
                          {u"acksOk"_s, t.acksOk},
                          {u"acksFailed"_s, t.acksFailed},
                          {u"firstAckError"_s, QString::fromStdString(t.firstAckError)}};
    for (const auto &[problem, count] : m_pool->problems())
        m_problems.insert(QString::fromStdString(problem), count);
    const QJsonObject r = report();
    if (m_plan.options.json)
        std::fputs(QJsonDocument(r).toJson(QJsonDocument::Indented).constData(), stdout);
    else
        std::fputs(qPrintable(text(r)), stdout);
    std::fflush(stdout);
    emit finished(r.value(u"passed"_s).toBool() ? 0 : 1);
}

void ConnectionsBench::abort(const QString &message)
{
    benchProgress(message);
    m_poll.stop();
    m_phase = Phase::Done;
    if (m_pool)
        m_pool->stop();
    emit finished(2);
}

QJsonObject ConnectionsBench::report() const
{
    const BenchOptions &o = m_plan.options;
    const LeanSocketPool &pool = *m_pool;
    const int sockets = pool.sockets();
    const bool passed = pool.everConnected.load() == sockets && pool.failed.load() == 0
                        && pool.disconnects.load() == 0 && m_probe.value(u"acksOk"_s).toInt() == m_probesSent
                        && m_probe.value(u"acksFailed"_s).toInt() == 0 && m_probe.value(u"missing"_s).toInteger() == 0
                        && m_probe.value(u"duplicates"_s).toInteger() == 0 && m_probe.value(u"echoes"_s).toInteger() == 0
                        && m_probe.value(u"foreign"_s).toInteger() == 0;
    return QJsonObject{
        {u"scenario"_s, u"connections"_s},
        {u"label"_s, o.label},
        {u"requested"_s, o.connections},
        {u"sockets"_s, sockets},
        {u"groups"_s, o.groups},
        {u"members"_s, o.members},
        {u"devices"_s, o.devices},
        {u"users"_s, int(m_plan.users.size())},
        {u"sourceAddresses"_s, o.sourceFirst ? u"%1-%2"_s.arg(ipv4(o.sourceFirst), ipv4(o.sourceLast)) : QString()},
        {u"connectConcurrency"_s, o.connectConcurrency},
        {u"setupSeconds"_s, m_setupSeconds},
        {u"connected"_s, pool.everConnected.load()},
        {u"failed"_s, pool.failed.load()},
        {u"retries"_s, pool.retries.load()},
        {u"refused"_s, pool.refused.load()},
        {u"connectSeconds"_s, m_connectSeconds},
        {u"connectRate"_s, double(pool.everConnected.load()) / qMax(m_connectSeconds, 0.001)},
        {u"connectStartedAtMs"_s, m_connectStartedAtMs},
        {u"connectEndedAtMs"_s, m_connectEndedAtMs},
        {u"holdSeconds"_s, m_holdSeconds},
        {u"disconnects"_s, pool.disconnects.load()},
        {u"pingsAnswered"_s, qint64(pool.pingsAnswered.load())},
        {u"probe"_s, m_probe},
        {u"problems"_s, m_problems},
        {u"clientRssKiB"_s, m_clientRssKiB},
        {u"passed"_s, passed},
    };
}

QString ConnectionsBench::text(const QJsonObject &r)
{
    const QJsonObject p = r.value(u"probe"_s).toObject();
    QString out = u"connections: %1 sockets (%2 requested; %3 groups x %4 members x %5 devices)%6\n"_s
                      .arg(r.value(u"sockets"_s).toInt())
                      .arg(r.value(u"requested"_s).toInt())
                      .arg(r.value(u"groups"_s).toInt())
                      .arg(r.value(u"members"_s).toInt())
                      .arg(r.value(u"devices"_s).toInt())
                      .arg(r.value(u"sourceAddresses"_s).toString().isEmpty()
                               ? QString()
                               : u" from "_s + r.value(u"sourceAddresses"_s).toString());
    out += u"connected %1, failed %2 (%3 retries, %4 refused) in %5 s: %6 sockets/s\n"_s.arg(r.value(u"connected"_s).toInt())
               .arg(r.value(u"failed"_s).toInt())
               .arg(r.value(u"retries"_s).toInt())
               .arg(r.value(u"refused"_s).toInt())
               .arg(r.value(u"connectSeconds"_s).toDouble(), 0, 'f', 1)
               .arg(r.value(u"connectRate"_s).toDouble(), 0, 'f', 0);
    out += u"held %1 s: %2 disconnects, %3 pings answered; driver RSS %4 KiB\n"_s
               .arg(r.value(u"holdSeconds"_s).toDouble(), 0, 'f', 0)
               .arg(r.value(u"disconnects"_s).toInt())
               .arg(r.value(u"pingsAnswered"_s).toInteger())
               .arg(r.value(u"clientRssKiB"_s).toInteger());
    out += u"probe: %1 expected, %2 received, %3 missing, %4 duplicates, %5 echoes, %6 foreign; acks %7 ok, %8 failed\n"_s
               .arg(p.value(u"expected"_s).toInteger())
               .arg(p.value(u"received"_s).toInteger())
               .arg(p.value(u"missing"_s).toInteger())
               .arg(p.value(u"duplicates"_s).toInteger())
               .arg(p.value(u"echoes"_s).toInteger())
               .arg(p.value(u"foreign"_s).toInteger())
               .arg(p.value(u"acksOk"_s).toInt())
               .arg(p.value(u"acksFailed"_s).toInt());
    if (!p.value(u"firstAckError"_s).toString().isEmpty())
        out += u"first failed ack: %1\n"_s.arg(p.value(u"firstAckError"_s).toString());
    const QJsonObject problems = r.value(u"problems"_s).toObject();
    for (auto it = problems.begin(); it != problems.end(); ++it)
        out += u"problem: %1 x%2\n"_s.arg(it.key()).arg(it.value().toInt());
    out += r.value(u"passed"_s).toBool() ? u"PASS\n"_s : u"FAIL\n"_s;
    return out;
}
