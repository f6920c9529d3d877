#include "storage/HealthRepository.h"

using namespace Qt::StringLiterals;

namespace Banter::Server {

Result<DurabilitySettings> HealthRepository::durability()
{
    auto q = m_session.exec(u"health/durability"_s);
    if (!q)
        return q.error();
    if (!q.value()->next())
        return makeError(u"internal_error", u"no durability settings returned"_s);
    return DurabilitySettings{q.value()->value(0).toString(), q.value()->value(1).toString()};
}

Result<int> HealthRepository::schemaVersion()
{
    auto q = m_session.exec(u"health/schema_version"_s);
    if (!q)
        return q.error();
    return q.value()->next() ? q.value()->value(0).toInt() : 0;
}

} // namespace Banter::Server
