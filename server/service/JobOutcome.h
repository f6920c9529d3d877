#pragma once

#include <QString>

#include <chrono>
#include <functional>
#include <optional>

namespace Banter::Server {

// What a job handler says about one run of its job (JobRunner).
struct JobOutcome
{
    enum class Kind { Done, Retry, Fail };

    Kind kind = Kind::Done;
    QString error;
    // With Retry: the soonest the job may run again (e.g. a push service's Retry-After); wins over the backoff
    // when it is longer.
    std::optional<std::chrono::milliseconds> retryAfter;
    // With Done: runs once the handler's transaction committed (live events of what it wrote).
    std::function<void()> afterCommit;

    // The job ran: it is deleted in the transaction of whatever the handler wrote.
    static JobOutcome done(std::function<void()> afterCommit = {})
    {
        JobOutcome o;
        o.afterCommit = std::move(afterCommit);
        return o;
    }
    // Try again later (backoff with jitter), unless that was its last attempt: then dead, with this error.
    static JobOutcome retry(QString error, std::optional<std::chrono::milliseconds> after = std::nullopt)
    {
        return {Kind::Retry, std::move(error), after, {}};
    }
    // Never going to work (a malformed payload, a gone subscription): dead at once, with this error.
    static JobOutcome fail(QString error) { return {Kind::Fail, std::move(error), std::nullopt, {}}; }
};

} // namespace Banter::Server
