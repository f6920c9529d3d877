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
    router.add(Method::Get, u"/readyz"_s, Access::Public, [&health](const ApiRequest &r) {
        return health.readiness(r.context).then(r.context, [](const Readiness &ready) -> ApiResult {
            return ApiReply{ready.ready ? 200 : 503,
                            {{u"status"_s, ready.ready ? u"ready"_s : u"not_ready"_s},
                             {u"reason"_s, ready.reason},
                             {u"schemaVersion"_s, ready.schemaVersion}},
                            false};
        });
    });
}

} // namespace Banter::Server
