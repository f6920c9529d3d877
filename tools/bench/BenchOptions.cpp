#include "BenchOptions.h"

#include <QCommandLineParser>
#include <QHostAddress>

#include <limits>

using namespace Qt::StringLiterals;

QString BenchOptions::parse(const QStringList &arguments, BenchOptions &out)
{
    QCommandLineParser p;
    p.setApplicationDescription(u"Drives groups of Socket.IO chat clients through Banter's wire contract and "
                                u"reports throughput, latency and whether every acked message reached every "
                                u"other member exactly once."_s);
    p.addHelpOption();
    const QCommandLineOption server(u"server"_s,
                                    u"Server base URL. Repeat it for the nodes of a cluster: socket i connects to "
                                    u"server i % n, setup uses the first."_s,
                                    u"URL"_s, u"http://127.0.0.1:8080"_s);
    const QCommandLineOption label(u"label"_s, u"Name of the server in the report."_s, u"NAME"_s);
    const QCommandLineOption groups(u"groups"_s, u"Number of groups."_s, u"G"_s, u"100"_s);
    const QCommandLineOption members(u"members"_s, u"Members per group (one socket each)."_s, u"M"_s, u"10"_s);
    const QCommandLineOption inflight(u"inflight"_s, u"Closed loop: sends in flight per client."_s, u"K"_s, u"4"_s);
    const QCommandLineOption rate(u"rate"_s, u"Open loop: total messages/s offered (overrides --inflight)."_s,
                                  u"R"_s, u"0"_s);
    const QCommandLineOption duration(u"duration"_s, u"Measured window in seconds."_s, u"S"_s, u"20"_s);
    const QCommandLineOption warmup(u"warmup"_s, u"Load before the window, in seconds."_s, u"S"_s, u"5"_s);
    const QCommandLineOption drain(u"drain"_s, u"Seconds to wait for outstanding acks and deliveries."_s, u"S"_s,
                                   u"15"_s);
    const QCommandLineOption threads(u"threads"_s, u"Client event-loop threads."_s, u"T"_s, u"2"_s);
    const QCommandLineOption setup(u"setup-concurrency"_s, u"Parallel HTTP requests during setup."_s, u"N"_s,
                                   u"8"_s);
    const QCommandLineOption connect(u"connect-concurrency"_s, u"Socket handshakes in progress per thread."_s,
                                     u"N"_s, u"16"_s);
    const QCommandLineOption content(u"content-bytes"_s, u"Message content length."_s, u"B"_s, u"64"_s);
    const QCommandLineOption ackTimeout(u"ack-timeout"_s, u"Milliseconds before an ack counts as timed out."_s,
                                       u"MS"_s, u"30000"_s);
    const QCommandLineOption mix(u"mix"_s, u"Closed loop: percent of sends,edits,reactions,receipts (sum 100)."_s,
                                 u"S,E,R,C"_s, u"100,0,0,0"_s);
    const QCommandLineOption wakeProbe(u"wake-probe-us"_s,
                                       u"Also measure how late a thread woken every US microseconds runs during "
                                       u"the window: the machine's scheduling delay under the load (0: off)."_s,
                                       u"US"_s, u"0"_s);
    const QCommandLineOption serverPid(u"server-pid"_s,
                                       u"Process id of the server, to report its CPU use (repeatable: the sum)."_s,
                                       u"PID"_s);
    const QCommandLineOption searchMessages(u"search-messages"_s,
                                            u"The search benchmark: store N messages in the groups (the first user "
                                            u"is in every group), wait for the index, then time searches."_s,
                                            u"N"_s, u"0"_s);
    const QCommandLineOption searchQueries(u"search-queries"_s, u"Search benchmark: searches to time."_s, u"N"_s,
                                           u"1000"_s);
    const QCommandLineOption searchConcurrency(u"search-concurrency"_s, u"Search benchmark: searches at a time."_s,
                                               u"N"_s, u"1"_s);
    const QCommandLineOption searchIndexTimeout(u"search-index-timeout"_s,
                                                u"Search benchmark: seconds to wait for the index to catch up."_s,
                                                u"S"_s, u"3600"_s);
    const QCommandLineOption searchSeed(u"search-seed"_s, u"Search benchmark: seed of the message text and queries."_s,
                                        u"N"_s, u"1"_s);
    const QCommandLineOption connections(u"connections"_s,
                                         u"The connections benchmark: hold N idle authenticated WebSocket sockets "
                                         u"(at most 19000 per process), then check one message per group reaches "
                                         u"every other socket of the group."_s,
                                         u"N"_s, u"0"_s);
    const QCommandLineOption devices(u"devices"_s, u"Connections benchmark: sockets per user."_s, u"D"_s, u"10"_s);
    const QCommandLineOption hold(u"hold"_s, u"Connections benchmark: seconds to hold every socket once connected."_s,
                                  u"S"_s, u"60"_s);
    const QCommandLineOption sources(u"source-addresses"_s,
                                     u"Connections benchmark: bind the sockets to these IPv4 source addresses in "
                                     u"turn (A or A-B, e.g. 127.0.0.2-127.0.0.9)."_s,
                                     u"A-B"_s);
    const QCommandLineOption json(u"json"_s, u"Print the result as one JSON object."_s);
    const QCommandLineOption compare(u"compare"_s, u"Print saved --json results side by side (repeatable)."_s,
                                     u"FILE"_s);
    p.addOptions({server, label, groups, members, inflight, rate, duration, warmup, drain, threads, setup, connect, content,
                  ackTimeout, mix, wakeProbe, serverPid, searchMessages, searchQueries, searchConcurrency, searchIndexTimeout,
                  searchSeed, connections, devices, hold, sources, json, compare});
    if (!p.parse(arguments))
        return p.errorText();
    if (p.isSet(u"help"_s)) {
        p.showHelp(0); // exits
    }
    if (!p.positionalArguments().isEmpty())
        return u"unexpected argument: %1"_s.arg(p.positionalArguments().first());

    QString problem;
    auto integer = [&](const QCommandLineOption &o, int min, int max) {
        bool ok = false;
        const int v = p.value(o).toInt(&ok);
        if ((!ok || v < min || v > max) && problem.isEmpty())
            problem = u"--%1: expected an integer from %2 to %3, got \"%4\""_s.arg(o.names().first()).arg(min).arg(max)
                          .arg(p.value(o));
        return v;
    };
    auto number = [&](const QCommandLineOption &o, double min) {
        bool ok = false;
        const double v = p.value(o).toDouble(&ok);
        if ((!ok || v < min) && problem.isEmpty())
            problem = u"--%1: expected a number >= %2, got \"%3\""_s.arg(o.names().first()).arg(min).arg(p.value(o));
        return v;
    };
    for (const QString &value : p.values(server)) {
        const QUrl url(value);
        if (!url.isValid() || (url.scheme() != u"http"_s && url.scheme() != u"https"_s))
            return u"--server: expected an http:// or https:// URL, got \"%1\""_s.arg(value);
        out.servers.append(url);
    }
    out.server = out.servers.first();
    out.label = p.isSet(label) ? p.value(label)
                : out.servers.size() == 1 ? out.server.toString()
                                          : u"%1 nodes"_s.arg(out.servers.size());
    out.groups = integer(groups, 1, 100000);
    out.members = integer(members, 2, 1000);
    out.inflight = integer(inflight, 1, 10000);
    out.rate = number(rate, 0);
    out.durationS = number(duration, 0.1);
    out.warmupS = number(warmup, 0);
    out.drainS = number(drain, 0);
    out.threads = integer(threads, 1, 64);
    out.setupConcurrency = integer(setup, 1, 1000);
    out.connectConcurrency = integer(connect, 1, 100000);
    out.contentBytes = integer(content, 32, 4000);
    out.ackTimeoutMs = integer(ackTimeout, 1, 600000);
    out.wakeProbeUs = integer(wakeProbe, 0, 1000000);
    if (out.wakeProbeUs > 0 && out.wakeProbeUs < 100 && problem.isEmpty())
        problem = u"--wake-probe-us: expected 0 or at least 100"_s;
    for (const QString &value : p.values(serverPid)) {
        bool ok = false;
        const qint64 pid = value.toLongLong(&ok);
        if (!ok || pid < 0 || pid > std::numeric_limits<int>::max())
            return u"--server-pid: expected a process id, got \"%1\""_s.arg(value);
        if (pid > 0) // 0: not measured, as before
            out.serverPids.append(pid);
    }
    const QStringList shares = p.value(mix).split(u',');
    QList<int> values;
    for (const QString &share : shares) {
        bool ok = false;
        const int v = share.trimmed().toInt(&ok);
        if (ok && v >= 0 && v <= 100)
            values.append(v);
    }
    if (values.size() != 4 || values[0] + values[1] + values[2] + values[3] != 100 || values[0] == 0)
        return u"--mix: expected four percentages S,E,R,C adding up to 100 with S > 0, got \"%1\""_s.arg(p.value(mix));
    out.mixSend = values[0];
    out.mixEdit = values[1];
    out.mixReact = values[2];
    out.mixReceipt = values[3];
    if (out.mixed() && out.rate > 0)
        return u"--mix works with the closed loop only (no --rate)"_s;
    out.searchMessages = integer(searchMessages, 0, 100000000);
    out.searchQueries = integer(searchQueries, 1, 10000000);
    out.searchConcurrency = integer(searchConcurrency, 1, 1000);
    out.searchIndexTimeoutS = integer(searchIndexTimeout, 1, 86400);
    out.searchSeed = quint32(integer(searchSeed, 0, std::numeric_limits<int>::max()));
    if (out.searchMessages > 0 && (out.mixed() || out.rate > 0))
        return u"--search-messages runs the search benchmark: no --mix or --rate with it"_s;
    out.connections = integer(connections, 0, 19000);
    out.devices = integer(devices, 1, 1000);
    out.holdS = number(hold, 0);
    if (p.isSet(sources)) {
        const QStringList ends = p.value(sources).split(u'-');
        QHostAddress first(ends.value(0).trimmed()), last(ends.value(ends.size() - 1).trimmed());
        if (ends.size() > 2 || first.protocol() != QAbstractSocket::IPv4Protocol
            || last.protocol() != QAbstractSocket::IPv4Protocol || first.toIPv4Address() > last.toIPv4Address()
            || first.toIPv4Address() == 0)
            return u"--source-addresses: expected an IPv4 address or a range A-B, got \"%1\""_s.arg(p.value(sources));
        out.sourceFirst = first.toIPv4Address();
        out.sourceLast = last.toIPv4Address();
    }
    if (out.connections > 0 && (out.searchMessages > 0 || out.mixed() || out.rate > 0))
        return u"--connections runs the connections benchmark: no --search-messages, --mix or --rate with it"_s;
    if (out.servers.size() > 1 && (out.connections > 0 || out.searchMessages > 0))
        return u"--server given several times works with the load scenarios only (no --connections or "
               u"--search-messages)"_s;
    if (out.connections == 0 && out.sourceFirst != 0)
        return u"--source-addresses works with --connections only"_s;
    out.json = p.isSet(json);
    out.compareFiles = p.values(compare);
    return problem;
}
