#include "service/E2eeService.h"

#include "service/E2eeRules.h"
#include "service/ServiceFutures.h"
#include "storage/BlockRepository.h"
#include "storage/Transaction.h"
#include "storage/UserRepository.h"

#include <banter/ErrorCode.h>

using namespace Qt::StringLiterals;

namespace Banter::Server {

QFuture<Result<DeviceKeysState>> E2eeService::uploadKeys(const Principal &caller, const QJsonValue &body)
{
    auto keys = E2eeRules::deviceKeys(body);
    if (!keys)
        return fail<DeviceKeysState>(keys.error());
    const qint64 me = caller.userId.toLongLong();
    const QString session = caller.sessionId;
    return m_db.run([me, session, keys = std::move(keys.value())](DbSession &db) -> Result<DeviceKeysState> {
        auto tx = Transaction::begin(db);
        if (!tx)
            return tx.error();
        E2eeRepository repo(db);
        if (auto r = repo.lockUser(me); !r)
            return r.error();
        auto existing = repo.deviceOfSession(session);
        if (!existing)
            return existing.error();
        DeviceKeysState state;
        if (existing.value()) {
            if (existing.value()->second != keys.identityKey)
                return makeError(ErrorCode::Conflict,
                                 u"identityKey: this device registered another identity key; a new identity is a new "
                                 "device (log in again)"_s);
            auto device = repo.updateDevice(session, keys);
            if (!device)
                return device.error();
            state.deviceId = device.value();
        } else {
            auto count = repo.countDevices(me);
            if (!count)
                return count.error();
            if (count.value() >= E2eeRules::MaxDeviceId)
                return makeError(ErrorCode::Conflict, QStringLiteral("at most %1 devices with keys per user; log out "
                                                                     "of one").arg(E2eeRules::MaxDeviceId));
            auto device = repo.insertDevice(session, me, keys);
            if (!device)
                return device.error();
            state.deviceId = device.value();
        }
        auto held = repo.addPreKeys(session, keys.oneTimePreKeys);
        if (!held)
            return held.error();
        if (held.value() > E2eeRules::MaxPreKeysPerDevice)
            return makeError(ErrorCode::ValidationFailed,
                             QStringLiteral("oneTimePreKeys: a device holds at most %1 (it has %2 with these)")
                                 .arg(E2eeRules::MaxPreKeysPerDevice)
                                 .arg(held.value()));
        state.preKeyCount = held.value();
        if (auto r = tx.value().commit(); !r)
            return r.error();
        return state;
    });
}

QFuture<Result<std::pair<std::optional<int>, int>>> E2eeService::preKeyCount(const Principal &caller)
{
    using Answer = std::pair<std::optional<int>, int>;
    return m_db.run([session = caller.sessionId](DbSession &db) -> Result<Answer> {
        auto r = E2eeRepository(db).preKeyCount(session);
        if (!r)
            return r.error();
        if (!r.value())
            return Answer{std::nullopt, 0};
        return Answer{r.value()->first, r.value()->second};
    });
}

QFuture<Result<QList<StoredBundle>>> E2eeService::bundles(const Principal &caller, const QString &userId)
{
    const auto target = parseId(userId);
    if (!target)
        return fail<QList<StoredBundle>>(makeError(ErrorCode::NotFound, u"no such user"_s));
    if (const int retry = m_bundleLimiter.acquire(caller.userId); retry > 0)
        return fail<QList<StoredBundle>>(
            rateLimited(retry, QStringLiteral("too many pre-key bundle fetches; retry in %1 s").arg(retry)));
    const qint64 me = caller.userId.toLongLong();
    const int low = m_settings.lowPreKeys;
    E2eeEvents *events = &m_events;
    return m_db.run([me, session = caller.sessionId, target = *target, low,
                     events](DbSession &db) -> Result<QList<StoredBundle>> {
        auto active = UserRepository(db).countActive({target});
        if (!active)
            return active.error();
        if (active.value() != 1)
            return makeError(ErrorCode::NotFound, u"no such user"_s);
        if (target != me) {
            auto blocked = BlockRepository(db).anyBetween(me, {target});
            if (!blocked)
                return blocked.error();
            if (blocked.value())
                return makeError(ErrorCode::Forbidden, u"a blocked user's keys are not handed out"_s);
        }
        auto bundles = E2eeRepository(db).takeBundles(target, session, low); // one statement: committed when it returns
        if (!bundles)
            return bundles.error();
        for (const StoredBundle &b : bundles.value())
            if (b.notifyLow)
                events->preKeysLow(target, b.sessionId, b.remaining);
        return bundles;
    });
}

} // namespace Banter::Server
