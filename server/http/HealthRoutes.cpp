#include "http/HealthRoutes.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;
using Method = QHttpServerRequest::Method;

namespace Banter::Server {

void HealthRoutes::registerOn(ApiRouter &router, HealthService &health)
{
    router.add(Method::Get, u"/healthz"_s, Access::Public, [](const ApiRequest &) {
        return ApiRouter::ready(ApiReply::ok(
            {{u"status"_s, u"alive"_s}, {u"version"_s, QCoreApplication::applicationVersion()}}));
    });
    router.add(Method::Get, u"/readyz"_s, Access::Public, [&health](const ApiRequest &) {
        return health.readiness().then([](const Readiness &r) -> ApiResult {
            return ApiReply{r.ready ? 200 : 503,
                            {{u"status"_s, r.ready ? u"ready"_s : u"not_ready"_s},
                             {u"reason"_s, r.reason},
                             {u"schemaVersion"_s, r.schemaVersion}},
                            false};
        });
    });
}

} // namespace Banter::Server
