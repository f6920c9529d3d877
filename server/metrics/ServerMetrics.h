#pragma once

#include "metrics/MetricFamilies.h"

#include <functional>

namespace Banter::Server {

// banterd's Prometheus metrics that are counted as things happen (the rest — connections by transport, online
// users, writer queue depth, RSS, open files — are read at scrape time by MetricsRoutes). One instance, owned by
// the Daemon, injected by reference or pointer into what counts; every member is thread-safe.
struct ServerMetrics
{
    CounterFamily eventsIn{"banter_socket_events_in_total", "Socket.IO events received from clients, by event."};
    CounterFamily eventsOut{"banter_socket_events_out_total",
                            "Events published to sockets, by event (once per event, before fan-out to its sockets)."};
    CounterFamily httpRequests{"banter_http_requests_total", "REST requests answered, by route and status."};
    CounterFamily authFailures{"banter_auth_failures_total",
                               "Refused credentials (unauthorized), by where: http (a request) or socket (a CONNECT or register_user)."};
    CounterFamily rateLimited{"banter_rate_limited_total", "Requests and socket events refused for rate, by where."};
    Histogram ackLatency{"banter_socket_ack_seconds", "From a Socket.IO event's arrival to its acknowledgement.",
                         {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5}};
    Histogram dbBatch{"banter_db_batch_seconds", "Time the message writer spends on one batch, BEGIN to COMMIT.",
                      {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1}};

    void render(QByteArray &out) const;
};

} // namespace Banter::Server
