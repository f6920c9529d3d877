#include "app/DatabaseBootstrap.h"

#include "service/HealthService.h"
#include "storage/HealthRepository.h"
#include "storage/Migrator.h"

using namespace Qt::StringLiterals;

namespace Banter::Server {

Result<int> DatabaseBootstrap::run(const ConnectionFactory &factory)
{
    DbSession session(factory, u"banter-bootstrap"_s);
    if (auto open = session.ensureOpen(); !open)
        return open.error();
    auto durability = HealthRepository(session).durability();
    if (!durability)
        return durability.error();
    if (auto durable = HealthService::checkDurability(durability.value()); !durable)
        return durable.error();
    return Migrator(session).migrate();
}

} // namespace Banter::Server
