#include "metrics/ServerMetrics.h"

namespace Banter::Server {

void ServerMetrics::render(QByteArray &out) const
{
    eventsIn.render(out);
    eventsOut.render(out);
    httpRequests.render(out);
    authFailures.render(out);
    rateLimited.render(out);
    ackLatency.render(out);
    dbBatch.render(out);
}

} // namespace Banter::Server
