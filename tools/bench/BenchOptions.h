#pragma once

#include <QString>
#include <QList>
#include <QStringList>
#include <QUrl>

// Command-line options of banter-bench.
struct BenchOptions
{
    QUrl server;              // the first --server: setup's REST calls, and the other benchmarks' only server
    QList<QUrl> servers;      // every --server (nodes of one cluster); servers[0] == server
    QString label;            // names the server in reports (default: the URL, or "N nodes")
    int groups = 100;
    int members = 10;
    int inflight = 4;         // closed loop: sends in flight per client
    double rate = 0;          // open loop: total messages/s offered (> 0 overrides inflight)
    double durationS = 20;
    double warmupS = 5;
    double drainS = 15;       // after the window: how long to wait for outstanding acks and deliveries
    int threads = 2;
    int setupConcurrency = 8;
    int connectConcurrency = 16; // WebSocket handshakes in progress per thread
    int contentBytes = 64;
    // Closed loop: the share (percent) of each operation: message:send, message:edit (of the client's latest
    // message), reaction:add (to the latest message it saw), receipt:update (up to the latest seq it saw).
    int mixSend = 100, mixEdit = 0, mixReact = 0, mixReceipt = 0;
    int wakeProbeUs = 0; // > 0: measure how late a thread woken this often runs during the window (WakeProbe)
    int ackTimeoutMs = 30000; // closed loop with 4,000 sends in flight queues for seconds at a saturated server
    // --search-messages N > 0: the search benchmark (SearchBench) instead of a load scenario.
    int searchMessages = 0;
    int searchQueries = 1000;
    int searchConcurrency = 1;
    int searchIndexTimeoutS = 3600;
    quint32 searchSeed = 1;
    // --connections N > 0: the connections benchmark (ConnectionsBench): N idle authenticated sockets held on
    // LeanSocketPool, --devices sockets per user, --members users per group.
    int connections = 0;
    int devices = 10;
    double holdS = 60;
    quint32 sourceFirst = 0, sourceLast = 0; // --source-addresses A-B (IPv4, host byte order); 0: not set
    bool json = false;
    QList<qint64> serverPids; // when given, the report includes these processes' CPU during the window, summed
    QStringList compareFiles; // --compare: print earlier --json results side by side and exit

    // Parses argv; on a usage error returns the message (and the caller exits 64).
    bool mixed() const { return mixSend != 100; }
    // Socket i (user index i) connects to server i % servers.size().
    int serverOf(int user) const { return user % int(servers.size()); }
    static QString parse(const QStringList &arguments, BenchOptions &out);
};
