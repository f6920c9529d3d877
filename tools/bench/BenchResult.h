#pragma once

#include <QHash>
#include <QString>

#include <cstdint>
#include <vector>

// What one worker thread saw. Records cover the whole run (warmup and drain too), so the correctness check sees
// every message; counters and latency samples cover only the measurement window.
struct BenchResult
{
    struct Acked
    {
        std::int32_t group;
        std::int32_t sender;
        std::int32_t counter; // the sender's clientMessageId is "u<sender>-<counter>"
        std::int64_t seq;
    };
    struct Delivered
    {
        std::int32_t group;
        std::int32_t receiver;
        std::int32_t sender;
        std::int32_t counter;
        std::int64_t seq;
    };

    std::vector<Acked> acked;
    std::vector<Delivered> delivered;
    std::vector<std::uint32_t> ackLatencyUs;      // acks received in the window
    std::vector<std::uint32_t> deliveryLatencyUs; // deliveries received in the window
    // With several servers, the same deliveries split by whether sender and receiver were on one server.
    std::vector<std::uint32_t> sameNodeLatencyUs;
    std::vector<std::uint32_t> crossNodeLatencyUs;
    std::vector<std::uint32_t> opLatencyUs;       // every operation acked in the window (sends included)
    std::int64_t opsAckedInWindow = 0;
    QHash<QString, std::int64_t> opsByKind;       // acked in the window, per event name
    std::int64_t sentInWindow = 0;
    std::int64_t ackedInWindow = 0;
    std::int64_t deliveredInWindow = 0;
    std::int64_t foreignDeliveries = 0; // message:received this run did not send (unknown conversation or id)
    std::int64_t outOfOrder = 0;        // a delivery with a lower seq than the previous one in its conversation
    QHash<QString, std::int64_t> errors;
    int connectFailures = 0;
    int disconnects = 0;
};
