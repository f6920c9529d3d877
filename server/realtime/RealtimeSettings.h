#pragma once

#include <QString>
#include <QtTypes>

namespace Banter::Server {

struct ServerMetrics;

struct RealtimeSettings
{
    int threads = 2;                      // socket event-loop threads
    int pingIntervalMs = 25000;           // Engine.IO heartbeat
    int pingTimeoutMs = 20000;            // no pong within this after a ping: the peer is gone
    int maxPayloadBytes = 64 * 1024;      // one frame / one packet
    int eventsPerSecond = 50;             // per socket, burst 2x
    int pendingAuthMs = 10000;            // a socket must be authenticated within this
    qint64 maxBufferedBytes = 8 * 1024 * 1024; // outgoing bytes a slow reader may have queued before it is dropped
    int maxConnections = 19000;
    QString sidPrefix;                    // "<node>." in a cluster: the load balancer routes a session by it
    ServerMetrics *metrics = nullptr;     // counts events, refusals and ack latency when set
};

} // namespace Banter::Server
