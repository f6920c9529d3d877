#include "service/HealthService.h"

using namespace Qt::StringLiterals;

namespace Banter::Server {

HealthService::HealthService(DbExecutor &db, int expectedSchemaVersion)
    : m_db(db), m_expectedSchemaVersion(expectedSchemaVersion)
{
}

QFuture<Readiness> HealthService::readiness()
{
    const int expected = m_expectedSchemaVersion;
    return m_db
        .run([expected](DbSession &session) -> Result<Readiness> {
            auto version = HealthRepository(session).schemaVersion();
            if (!version)
                return Readiness{false, version.error().message, 0};
            if (version.value() != expected)
                return Readiness{false, QStringLiteral("schema version %1, expected %2").arg(version.value()).arg(expected),
                                 version.value()};
            return Readiness{true, u"ok"_s, version.value()};
        })
        .then([](const Result<Readiness> &r) { return r ? r.value() : Readiness{false, r.error().message, 0}; });
}

Result<void> HealthService::checkDurability(const DurabilitySettings &settings)
{
    if (settings.fsync != "on"_L1)
        return makeError(u"not_durable", u"PostgreSQL runs with fsync=off; acknowledged messages could be lost. "
                                         "Turn fsync on."_s);
    if (settings.synchronousCommit == "off"_L1)
        return makeError(u"not_durable", u"PostgreSQL runs with synchronous_commit=off; acknowledged messages could be "
                                         "lost. Turn synchronous_commit on."_s);
    return {};
}

} // namespace Banter::Server
