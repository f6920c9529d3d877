#include "BenchReport.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <functional>
#include <tuple>

using namespace Qt::StringLiterals;

namespace {

double round2(double v)
{
    return std::round(v * 100.0) / 100.0;
}

// Nearest-rank percentile of sorted samples, in milliseconds.
double percentileMs(const std::vector<std::uint32_t> &sorted, double q)
{
    if (sorted.empty())
        return 0;
    const auto rank = std::size_t(std::ceil(q * double(sorted.size())));
    return round2(sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1] / 1000.0);
}

QJsonObject latencyMs(std::vector<std::uint32_t> &samples)
{
    std::sort(samples.begin(), samples.end());
    return QJsonObject{{u"p50"_s, percentileMs(samples, 0.50)},
                       {u"p99"_s, percentileMs(samples, 0.99)},
                       {u"max"_s, samples.empty() ? 0.0 : round2(samples.back() / 1000.0)},
                       {u"samples"_s, qint64(samples.size())}};
}

// WakeProbe's delays: null when the probe was off.
QJsonValue wakeLatency(std::vector<std::uint32_t> samples, int periodUs)
{
    if (samples.empty())
        return QJsonValue();
    std::sort(samples.begin(), samples.end());
    return QJsonObject{{u"periodUs"_s, periodUs},
                       {u"p50"_s, percentileMs(samples, 0.50)},
                       {u"p99"_s, percentileMs(samples, 0.99)},
                       {u"p999"_s, percentileMs(samples, 0.999)},
                       {u"max"_s, round2(samples.back() / 1000.0)},
                       {u"samples"_s, qint64(samples.size())}};
}

// Several servers: how the sockets were spread over them, and deliveries within one node against those that
// crossed the bus.
QJsonObject cluster(const BenchPlan &plan, std::vector<std::uint32_t> &sameNode, std::vector<std::uint32_t> &crossNode,
                    const BenchReport::RunInfo &info, double window)
{
    const BenchOptions &o = plan.options;
    QJsonArray urls, sockets, cpu;
    QList<int> perServer(o.servers.size(), 0);
    for (int u = 0; u < plan.users.size(); ++u)
        ++perServer[o.serverOf(u)];
    for (qsizetype i = 0; i < o.servers.size(); ++i) {
        urls.append(o.servers[i].toString());
        sockets.append(perServer[i]);
    }
    for (double seconds : info.serverCpuSecondsEach)
        cpu.append(round2(100.0 * seconds / window));
    const auto same = qint64(sameNode.size()), cross = qint64(crossNode.size());
    return QJsonObject{
        {u"servers"_s, qint64(o.servers.size())},
        {u"urls"_s, urls},
        {u"socketsPerServer"_s, sockets},
        {u"sameNodeDeliveriesPerSec"_s, round2(double(same) / window)},
        {u"crossNodeDeliveriesPerSec"_s, round2(double(cross) / window)},
        {u"sameNodeDeliveryLatencyMs"_s, latencyMs(sameNode)},
        {u"crossNodeDeliveryLatencyMs"_s, latencyMs(crossNode)},
        {u"serverCpuPercentEach"_s, cpu.isEmpty() ? QJsonValue() : QJsonValue(cpu)},
    };
}

QJsonObject correctness(const BenchPlan &plan, std::vector<BenchResult::Acked> &acked,
                        std::vector<BenchResult::Delivered> &delivered)
{
    using Key = std::pair<std::int32_t, qint64>; // group, seq
    std::sort(acked.begin(), acked.end(), [](const auto &a, const auto &b) {
        return std::tie(a.group, a.seq) < std::tie(b.group, b.seq);
    });
    std::sort(delivered.begin(), delivered.end(), [](const auto &a, const auto &b) {
        return std::tie(a.group, a.seq, a.receiver) < std::tie(b.group, b.seq, b.receiver);
    });

    qint64 missing = 0, duplicates = 0, inconsistent = 0, unexpected = 0, unackedDelivered = 0, gaps = 0;
    qint64 expectedDeliveries = 0;
    QList<QString> examples; // a few concrete failures make a report actionable

    auto note = [&](const QString &what) {
        if (examples.size() < 10)
            examples.append(what);
    };

    std::size_t a = 0, d = 0;
    std::int32_t currentGroup = -1;
    qint64 expectedSeq = 1;
    while (a < acked.size() || d < delivered.size()) {
        // The next (group, seq) present in either list.
        Key key{INT32_MAX, INT64_MAX};
        if (a < acked.size())
            key = std::min(key, Key{acked[a].group, acked[a].seq});
        if (d < delivered.size())
            key = std::min(key, Key{delivered[d].group, delivered[d].seq});
        const auto [group, seq] = key;

        if (group != currentGroup) {
            currentGroup = group;
            expectedSeq = 1;
        }
        // With a --mix, other events (edits, reactions) take seqs between messages: gaps are expected there,
        // and only a seq that repeats or goes back would be wrong (the sort makes that show as inconsistent).
        if (seq != expectedSeq && !plan.options.mixed()) {
            gaps += std::max<qint64>(0, seq - expectedSeq);
            note(u"group %1: seq %2 follows %3"_s.arg(group).arg(seq).arg(expectedSeq - 1));
        }
        expectedSeq = seq + 1;

        // Who sent the message at this seq: the ack says so, else the first delivery does.
        const bool wasAcked = a < acked.size() && acked[a].group == group && acked[a].seq == seq;
        std::int32_t sender = -1, counter = -1;
        if (wasAcked) {
            sender = acked[a].sender;
            counter = acked[a].counter;
            ++a;
            while (a < acked.size() && acked[a].group == group && acked[a].seq == seq) {
                ++inconsistent; // two acked messages with one seq
                note(u"group %1: seq %2 acked for two messages"_s.arg(group).arg(seq));
                ++a;
            }
        }
        QList<std::int32_t> receivers;
        for (; d < delivered.size() && delivered[d].group == group && delivered[d].seq == seq; ++d) {
            const auto &rec = delivered[d];
            if (sender < 0) {
                sender = rec.sender;
                counter = rec.counter;
            }
            if (rec.sender != sender || rec.counter != counter) {
                ++inconsistent;
                note(u"group %1: seq %2 is u%3-%4 for one member and u%5-%6 for another"_s.arg(group).arg(seq)
                         .arg(sender).arg(counter).arg(rec.sender).arg(rec.counter));
            }
            if (!receivers.isEmpty() && receivers.last() == rec.receiver) {
                ++duplicates;
                note(u"group %1: seq %2 reached user %3 twice"_s.arg(group).arg(seq).arg(rec.receiver));
                continue;
            }
            receivers.append(rec.receiver);
        }
        if (!wasAcked)
            ++unackedDelivered;
        const QList<int> &members = plan.groups[group].members;
        for (std::int32_t r : receivers) {
            if (r == sender || !members.contains(r)) {
                ++unexpected;
                note(u"group %1: seq %2 reached user %3, the sender or a non-member"_s.arg(group).arg(seq).arg(r));
            }
        }
        if (wasAcked) {
            expectedDeliveries += members.size() - 1;
            for (int m : members) {
                if (m != sender && !std::binary_search(receivers.begin(), receivers.end(), m)) {
                    ++missing;
                    note(u"group %1: acked seq %2 (u%3-%4) never reached user %5"_s.arg(group).arg(seq).arg(sender)
                             .arg(counter).arg(m));
                }
            }
        }
    }
    const bool ok = !acked.empty() && missing == 0 && duplicates == 0 && inconsistent == 0 && unexpected == 0 &&
                    gaps == 0;
    return QJsonObject{
        {u"ok"_s, ok},
        {u"ackedMessages"_s, qint64(acked.size())},
        {u"expectedDeliveries"_s, expectedDeliveries},
        {u"deliveries"_s, qint64(delivered.size())},
        {u"missing"_s, missing},
        {u"duplicates"_s, duplicates},
        {u"inconsistent"_s, inconsistent},
        {u"unexpectedReceivers"_s, unexpected},
        {u"seqGaps"_s, gaps},
        {u"deliveredButNotAcked"_s, unackedDelivered},
        {u"examples"_s, QJsonArray::fromStringList(examples)},
    };
}

} // namespace

QJsonObject BenchReport::build(const BenchPlan &plan, std::vector<BenchResult> results, const RunInfo &info)
{
    const BenchOptions &o = plan.options;
    std::vector<BenchResult::Acked> acked;
    std::vector<BenchResult::Delivered> delivered;
    std::vector<std::uint32_t> ackLatency, deliveryLatency, opLatency, sameNodeLatency, crossNodeLatency;
    qint64 opsAcked = 0;
    QJsonObject opsByKind;
    qint64 sent = 0, ackedInWindow = 0, deliveredInWindow = 0, foreign = 0, outOfOrder = 0;
    int connectFailures = 0, disconnects = 0;
    QJsonObject errors;
    for (BenchResult &r : results) {
        acked.insert(acked.end(), r.acked.begin(), r.acked.end());
        delivered.insert(delivered.end(), r.delivered.begin(), r.delivered.end());
        ackLatency.insert(ackLatency.end(), r.ackLatencyUs.begin(), r.ackLatencyUs.end());
        deliveryLatency.insert(deliveryLatency.end(), r.deliveryLatencyUs.begin(), r.deliveryLatencyUs.end());
        opLatency.insert(opLatency.end(), r.opLatencyUs.begin(), r.opLatencyUs.end());
        sameNodeLatency.insert(sameNodeLatency.end(), r.sameNodeLatencyUs.begin(), r.sameNodeLatencyUs.end());
        crossNodeLatency.insert(crossNodeLatency.end(), r.crossNodeLatencyUs.begin(), r.crossNodeLatencyUs.end());
        opsAcked += r.opsAckedInWindow;
        for (auto it = r.opsByKind.cbegin(); it != r.opsByKind.cend(); ++it)
            opsByKind.insert(it.key(), opsByKind.value(it.key()).toInteger() + it.value());
        sent += r.sentInWindow;
        ackedInWindow += r.ackedInWindow;
        deliveredInWindow += r.deliveredInWindow;
        foreign += r.foreignDeliveries;
        outOfOrder += r.outOfOrder;
        connectFailures += r.connectFailures;
        disconnects += r.disconnects;
        for (auto it = r.errors.cbegin(); it != r.errors.cend(); ++it)
            errors.insert(it.key(), errors.value(it.key()).toInteger() + it.value());
    }
    std::sort(ackLatency.begin(), ackLatency.end());
    std::sort(deliveryLatency.begin(), deliveryLatency.end());
    std::sort(opLatency.begin(), opLatency.end());
    const double window = info.windowSeconds > 0 ? info.windowSeconds : o.durationS;

    QJsonObject check = correctness(plan, acked, delivered);
    check.insert(u"outOfOrderDeliveries"_s, outOfOrder); // informational: the contract orders by seq, not arrival
    check.insert(u"foreignDeliveries"_s, foreign);
    check.insert(u"drained"_s, info.drained);
    if (connectFailures > 0 || !info.drained)
        check.insert(u"ok"_s, false);

    QJsonObject report{
        {u"server"_s, o.label},
        {u"scenario"_s,
         QJsonObject{{u"groups"_s, o.groups},
                     {u"members"_s, o.members},
                     {u"sockets"_s, o.groups * o.members},
                     {u"mode"_s, o.rate > 0 ? u"open"_s : u"closed"_s},
                     {u"inflight"_s, o.rate > 0 ? QJsonValue() : QJsonValue(o.inflight)},
                     {u"offeredPerSec"_s, o.rate > 0 ? QJsonValue(o.rate) : QJsonValue()},
                     {u"mix"_s, o.mixed() ? QJsonValue(u"%1,%2,%3,%4"_s.arg(o.mixSend).arg(o.mixEdit).arg(o.mixReact)
                                                           .arg(o.mixReceipt))
                                          : QJsonValue()},
                     {u"durationSeconds"_s, o.durationS},
                     {u"warmupSeconds"_s, o.warmupS},
                     {u"threads"_s, o.threads}}},
        {u"setupSeconds"_s, round2(info.setupSeconds)},
        {u"connectSeconds"_s, round2(info.connectSeconds)},
        {u"sentPerSec"_s, round2(double(sent) / window)},
        {u"ackedPerSec"_s, round2(double(ackedInWindow) / window)},
        {u"deliveriesPerSec"_s, round2(double(deliveredInWindow) / window)},
        {u"opsAckedPerSec"_s, round2(double(opsAcked) / window)},
        {u"opsPerSecByKind"_s,
         [&] {
             QJsonObject perSec;
             for (auto it = opsByKind.begin(); it != opsByKind.end(); ++it)
                 perSec.insert(it.key(), round2(double(it.value().toInteger()) / window));
             return perSec;
         }()},
        {u"opAckLatencyMs"_s,
         QJsonObject{{u"p50"_s, percentileMs(opLatency, 0.50)},
                     {u"p99"_s, percentileMs(opLatency, 0.99)},
                     {u"samples"_s, qint64(opLatency.size())}}},
        {u"ackLatencyMs"_s,
         QJsonObject{{u"p50"_s, percentileMs(ackLatency, 0.50)},
                     {u"p90"_s, percentileMs(ackLatency, 0.90)},
                     {u"p99"_s, percentileMs(ackLatency, 0.99)},
                     {u"p999"_s, percentileMs(ackLatency, 0.999)},
                     {u"max"_s, ackLatency.empty() ? 0.0 : round2(ackLatency.back() / 1000.0)},
                     {u"samples"_s, qint64(ackLatency.size())}}},
        {u"deliveryLatencyMs"_s,
         QJsonObject{{u"p50"_s, percentileMs(deliveryLatency, 0.50)},
                     {u"p99"_s, percentileMs(deliveryLatency, 0.99)},
                     {u"p999"_s, percentileMs(deliveryLatency, 0.999)},
                     {u"max"_s, deliveryLatency.empty() ? 0.0 : round2(deliveryLatency.back() / 1000.0)},
                     {u"samples"_s, qint64(deliveryLatency.size())}}},
        {u"errors"_s, errors},
        {u"connectFailures"_s, connectFailures},
        {u"disconnects"_s, disconnects},
        {u"driverCpuPercent"_s, round2(100.0 * info.driverCpuSeconds / window)},
        {u"serverCpuPercent"_s,
         info.serverCpuSeconds < 0 ? QJsonValue() : QJsonValue(round2(100.0 * info.serverCpuSeconds / window))},
        {u"machineBusyPercent"_s, info.machineBusyPercent < 0 ? QJsonValue() : QJsonValue(round2(info.machineBusyPercent))},
        {u"wakeLatencyMs"_s, wakeLatency(info.wakeLateUs, o.wakeProbeUs)},
        {u"correctness"_s, check},
    };
    if (o.servers.size() > 1)
        report.insert(u"cluster"_s, cluster(plan, sameNodeLatency, crossNodeLatency, info, window));
    return report;
}

bool BenchReport::passed(const QJsonObject &report)
{
    return report.value(u"correctness"_s).toObject().value(u"ok"_s).toBool();
}

namespace {

struct Row
{
    QString label;
    std::function<QString(const QJsonObject &)> value;
};

QString num(double v, int decimals = 0)
{
    return QString::number(v, 'f', decimals);
}

QString errorsText(const QJsonObject &r)
{
    const QJsonObject errors = r.value(u"errors"_s).toObject();
    if (errors.isEmpty())
        return u"none"_s;
    QStringList parts;
    for (auto it = errors.begin(); it != errors.end(); ++it)
        parts.append(u"%1 %2"_s.arg(it.key()).arg(it.value().toInteger()));
    return parts.join(u", "_s);
}

QString correctnessText(const QJsonObject &r)
{
    const QJsonObject c = r.value(u"correctness"_s).toObject();
    if (c.value(u"ok"_s).toBool())
        return u"PASS"_s;
    return u"FAIL (missing %1, duplicates %2, inconsistent %3, gaps %4%5)"_s.arg(c.value(u"missing"_s).toInteger())
        .arg(c.value(u"duplicates"_s).toInteger())
        .arg(c.value(u"inconsistent"_s).toInteger())
        .arg(c.value(u"seqGaps"_s).toInteger())
        .arg(c.value(u"drained"_s).toBool() ? QString() : u", not drained"_s);
}

// "12 / 13 / 11", or "-" for none.
QString joinedNumbers(const QJsonArray &values)
{
    QStringList parts;
    for (const QJsonValue &v : values)
        parts.append(num(v.toDouble()));
    return parts.isEmpty() ? u"-"_s : parts.join(u" / "_s);
}

// The rows of a --json result with several servers ("cluster"); "-" for a report without.
QList<Row> clusterRows()
{
    auto cluster = [](const QJsonObject &r) { return r.value(u"cluster"_s).toObject(); };
    auto perSec = [cluster](const char *key) {
        return [cluster, key](const QJsonObject &r) {
            const QJsonObject c = cluster(r);
            return c.isEmpty() ? u"-"_s : num(c.value(QLatin1StringView(key)).toDouble());
        };
    };
    auto ms = [cluster](const char *object, const char *key) {
        return [cluster, object, key](const QJsonObject &r) {
            const QJsonObject c = cluster(r);
            return c.isEmpty() ? u"-"_s
                               : num(c.value(QLatin1StringView(object)).toObject().value(QLatin1StringView(key)).toDouble(), 1);
        };
    };
    return {
        {u"servers (sockets on each)"_s,
         [cluster](const QJsonObject &r) {
             const QJsonObject c = cluster(r);
             return c.isEmpty() ? u"-"_s
                                : u"%1 (%2)"_s.arg(c.value(u"servers"_s).toInteger())
                                      .arg(joinedNumbers(c.value(u"socketsPerServer"_s).toArray()));
         }},
        {u"same-node deliveries/s"_s, perSec("sameNodeDeliveriesPerSec")},
        {u"same-node delivery latency p50 ms"_s, ms("sameNodeDeliveryLatencyMs", "p50")},
        {u"same-node delivery latency p99 ms"_s, ms("sameNodeDeliveryLatencyMs", "p99")},
        {u"cross-node deliveries/s"_s, perSec("crossNodeDeliveriesPerSec")},
        {u"cross-node delivery latency p50 ms"_s, ms("crossNodeDeliveryLatencyMs", "p50")},
        {u"cross-node delivery latency p99 ms"_s, ms("crossNodeDeliveryLatencyMs", "p99")},
    };
}

QList<Row> rows(bool withCluster)
{
    auto ms = [](const char *object, const char *key) {
        return [object, key](const QJsonObject &r) {
            return num(r.value(QLatin1StringView(object)).toObject().value(QLatin1StringView(key)).toDouble(), 1);
        };
    };
    QList<Row> all{
        {u"scenario"_s,
         [](const QJsonObject &r) {
             const QJsonObject s = r.value(u"scenario"_s).toObject();
             const QString load = s.value(u"mode"_s).toString() == u"open"_s
                                      ? u"open loop %1 msg/s"_s.arg(s.value(u"offeredPerSec"_s).toDouble())
                                      : u"%1 in flight/socket"_s.arg(s.value(u"inflight"_s).toInt());
             const QString mix = s.value(u"mix"_s).isString() ? u", mix %1"_s.arg(s.value(u"mix"_s).toString()) : QString();
             return u"%1x%2, %3%4, %5 s"_s.arg(s.value(u"groups"_s).toInt())
                 .arg(s.value(u"members"_s).toInt())
                 .arg(load, mix)
                 .arg(s.value(u"durationSeconds"_s).toDouble());
         }},
        {u"acked messages/s"_s, [](const QJsonObject &r) { return num(r.value(u"ackedPerSec"_s).toDouble()); }},
        {u"deliveries/s"_s, [](const QJsonObject &r) { return num(r.value(u"deliveriesPerSec"_s).toDouble()); }},
        {u"acked operations/s (all kinds)"_s,
         [](const QJsonObject &r) { return num(r.value(u"opsAckedPerSec"_s).toDouble()); }},
        {u"operation ack latency p99 ms"_s, ms("opAckLatencyMs", "p99")},
        {u"ack latency p50 ms"_s, ms("ackLatencyMs", "p50")},
        {u"ack latency p90 ms"_s, ms("ackLatencyMs", "p90")},
        {u"ack latency p99 ms"_s, ms("ackLatencyMs", "p99")},
        {u"ack latency p999 ms"_s, ms("ackLatencyMs", "p999")},
        {u"ack latency max ms"_s, ms("ackLatencyMs", "max")},
        {u"delivery latency p50 ms"_s, ms("deliveryLatencyMs", "p50")},
        {u"delivery latency p99 ms"_s, ms("deliveryLatencyMs", "p99")},
        {u"errors"_s, errorsText},
        {u"exactly-once check"_s, correctnessText},
        {u"server process CPU (% of a core)"_s, [](const QJsonObject &r) {
             const QJsonValue v = r.value(u"serverCpuPercent"_s);
             return v.isDouble() ? num(v.toDouble()) : u"-"_s;
         }},
        {u"driver CPU (% of a core)"_s,
         [](const QJsonObject &r) { return num(r.value(u"driverCpuPercent"_s).toDouble()); }},
        {u"wake-up delay p50 / p99 / p999 / max ms"_s, [](const QJsonObject &r) {
             const QJsonObject w = r.value(u"wakeLatencyMs"_s).toObject();
             if (w.isEmpty())
                 return u"-"_s;
             return u"%1 / %2 / %3 / %4"_s.arg(num(w.value(u"p50"_s).toDouble(), 2), num(w.value(u"p99"_s).toDouble(), 2),
                                               num(w.value(u"p999"_s).toDouble(), 2), num(w.value(u"max"_s).toDouble(), 1));
         }},
        {u"machine busy (% of all cores)"_s, [](const QJsonObject &r) {
             const QJsonValue v = r.value(u"machineBusyPercent"_s);
             return v.isDouble() ? num(v.toDouble()) : u"-"_s;
         }},
    };
    if (withCluster) {
        // After the overall delivery latency, and the per-node CPU after the sum.
        const auto after = [&all](const QString &label) {
            qsizetype i = 0;
            while (i < all.size() && all[i].label != label)
                ++i;
            return std::min(i + 1, all.size());
        };
        qsizetype at = after(u"delivery latency p99 ms"_s);
        for (const Row &row : clusterRows())
            all.insert(at++, row);
        all.insert(after(u"server process CPU (% of a core)"_s),
                   Row{u"server CPU per node (% of a core)"_s, [](const QJsonObject &r) {
                           return joinedNumbers(
                               r.value(u"cluster"_s).toObject().value(u"serverCpuPercentEach"_s).toArray());
                       }});
    }
    return all;
}

} // namespace

QString BenchReport::text(const QJsonObject &report)
{
    return compare({report});
}

QString BenchReport::compare(const QList<QJsonObject> &reports)
{
    const bool anyCluster = std::any_of(reports.begin(), reports.end(),
                                        [](const QJsonObject &r) { return r.contains(u"cluster"_s); });
    const QList<Row> all = rows(anyCluster);
    QList<QStringList> table;
    QStringList header{QString()};
    for (const QJsonObject &r : reports)
        header.append(r.value(u"server"_s).toString());
    table.append(header);
    for (const Row &row : all) {
        QStringList line{row.label};
        for (const QJsonObject &r : reports)
            line.append(row.value(r));
        table.append(line);
    }
    QList<qsizetype> widths(header.size(), 0);
    for (const QStringList &line : table) {
        for (qsizetype c = 0; c < line.size(); ++c)
            widths[c] = std::max(widths[c], line[c].size());
    }
    QString out;
    for (const QStringList &line : table) {
        QString text;
        for (qsizetype c = 0; c < line.size(); ++c)
            text += (c == 0 ? line[c].leftJustified(widths[c]) : u"  "_s + line[c].leftJustified(widths[c]));
        // Trailing spaces only: the header's first cell is empty, and its padding keeps the columns aligned.
        while (text.endsWith(u' '))
            text.chop(1);
        out += text + u'\n';
    }
    return out;
}
