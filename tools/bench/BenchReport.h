#pragma once

#include "BenchPlan.h"
#include "BenchResult.h"

#include <QJsonObject>
#include <QList>

#include <cstdint>
#include <vector>

// Turns the workers' raw results into the report: throughput and latency over the window, errors, and the
// correctness check over the whole run (every acked message reached every other member of its group exactly
// once; seqs per conversation gapless and the same message at the same seq for every member). With several
// servers (the nodes of a cluster) it adds "cluster": the spread of the sockets, and the delivery latency of
// deliveries between sockets on one node and between sockets on different nodes.
class BenchReport
{
public:
    struct RunInfo
    {
        double setupSeconds = 0;
        double connectSeconds = 0;
        double windowSeconds = 0;
        double driverCpuSeconds = 0; // this process, during the window
        double serverCpuSeconds = -1; // --server-pid's processes together, during the window (-1: not measured)
        QList<double> serverCpuSecondsEach; // each --server-pid's process, when more than one was given
        double machineBusyPercent = -1; // all cores, everything running, during the window
        std::vector<std::uint32_t> wakeLateUs; // WakeProbe's delays during the window (--wake-probe-us)
        bool drained = false;        // every ack and delivery arrived before the drain deadline
    };

    static QJsonObject build(const BenchPlan &plan, std::vector<BenchResult> results, const RunInfo &info);
    static bool passed(const QJsonObject &report);
    static QString text(const QJsonObject &report);
    static QString compare(const QList<QJsonObject> &reports); // one column per report
};
