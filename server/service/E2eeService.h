#pragma once

#include "service/E2eeEvents.h"
#include "service/Principal.h"
#include "service/RateLimiter.h"
#include "storage/DbExecutor.h"
#include "storage/E2eeRepository.h"

#include <QFuture>
#include <QJsonValue>

namespace Banter::Server {

struct E2eeSettings
{
    int lowPreKeys = 10;           // e2ee:prekeys-low when a device has fewer one-time pre-keys left than this
    double bundleFetchesPerSecond = 1.0; // per caller (a fetch drains the other user's one-time pre-keys)
    double bundleFetchBurst = 30.0;
};

// What an upload answers: the device's number (its libsignal device id) and its one-time pre-keys now.
struct DeviceKeysState
{
    int deviceId = 0;
    int preKeyCount = 0;
};

// The key directory of end-to-end encryption (issue #15): each device (login session) publishes its public
// keys; other users fetch a bundle per device to start Signal sessions (X3DH / PQXDH), each one-time pre-key
// handed out once. The server stores public keys only and verifies no signature (clients do). A device's
// identity key never changes: an upload with another one is conflict (the device logs in again, as a new
// device). Thread-safe; work runs on the database threads.
class E2eeService
{
public:
    E2eeService(DbExecutor &db, E2eeEvents &events, E2eeSettings settings)
        : m_db(db), m_events(events), m_settings(settings),
          m_bundleLimiter(settings.bundleFetchesPerSecond, settings.bundleFetchBurst)
    {
    }

    QFuture<Result<DeviceKeysState>> uploadKeys(const Principal &caller, const QJsonValue &body);
    // (device number or none, one-time pre-keys left).
    QFuture<Result<std::pair<std::optional<int>, int>>> preKeyCount(const Principal &caller);
    // One bundle per current device of the user; not_found for an unknown or inactive user, forbidden when one of
    // the two blocked the other; rate_limited per caller.
    QFuture<Result<QList<StoredBundle>>> bundles(const Principal &caller, const QString &userId);

    const E2eeSettings &settings() const { return m_settings; }

private:
    DbExecutor &m_db;
    E2eeEvents &m_events;
    E2eeSettings m_settings;
    RateLimiter m_bundleLimiter;
};

} // namespace Banter::Server
