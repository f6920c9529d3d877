#include "service/HealthService.h"

#include "service/ServiceLog.h"

#include <banter/ErrorCode.h>

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

constexpr auto SchemaMismatch = "schema_mismatch"_L1;

} // namespace

HealthService::HealthService(DbExecutor &db, int expectedSchemaVersion)
    : m_db(db), m_expectedSchemaVersion(expectedSchemaVersion)
{
}

QFuture<Readiness> HealthService::readiness(QObject *context)
{
    const int expected = m_expectedSchemaVersion;
    return m_db
        .run([expected](DbSession &session) -> Result<Readiness> {
            auto version = HealthRepository(session).schemaVersion();
            if (!version)
                return version.error();
            if (version.value() != expected)
                return makeError(SchemaMismatch, QStringLiteral("the database schema is at version %1, this banterd "
                                                                "expects %2").arg(version.value()).arg(expected));
            return Readiness{true, u"ok"_s, version.value()};
        })
        .then(context, [this](const Result<Readiness> &r) {
            if (!r)
                return notReady(r.error());
            QMutexLocker lock(&m_logMutex);
            m_lastProblem.clear();
            return r.value();
        });
}

Readiness HealthService::notReady(const Error &error)
{
    // /readyz is public: the answer names the kind of problem only. The detail (host, port, the driver's text)
    // goes to the log, each distinct one once until the server is ready again, so polling probes do not flood it.
    {
        QMutexLocker lock(&m_logMutex);
        if (error.message != m_lastProblem) {
            m_lastProblem = error.message;
            qCWarning(lcService).noquote() << "not ready:" << error.code << "-" << error.message;
        }
    }
    QString reason = u"database error"_s;
    if (error.code == ErrorCode::Unavailable)
        reason = u"database unavailable"_s;
    else if (error.code == SchemaMismatch)
        reason = u"database schema mismatch"_s;
    return Readiness{false, reason, 0};
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
