#include "http/JobRoutes.h"

#include "http/RouteReply.h"
#include "wire/JobJson.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;
using Method = QHttpServerRequest::Method;

namespace Banter::Server {

void JobRoutes::registerOn(ApiRouter &router, JobAdminService &jobs)
{
    router.add(Method::Get, u"/api/admin/jobs"_s, Access::Admin, [&jobs](const ApiRequest &r) {
        const QString state = r.query.queryItemValue(u"state"_s);
        const QString limitText = r.query.queryItemValue(u"limit"_s);
        bool ok = true;
        const int limit = limitText.isEmpty() ? 50 : limitText.toInt(&ok);
        return reply(r, jobs.list(state.isEmpty() ? u"dead"_s : state, r.query.queryItemValue(u"kind"_s, QUrl::FullyDecoded),
                                  ok ? limit : -1),
                     [](const QList<JobRecord> &list) {
                         QJsonArray out;
                         for (const JobRecord &j : list)
                             out.append(JobJson::job(j));
                         return ApiReply::ok({{u"jobs"_s, out}});
                     });
    });
    router.add(Method::Post, u"/api/admin/jobs/<arg>/retry"_s, Access::Admin, [&jobs](const ApiRequest &r) {
        return reply(r, jobs.retry(*r.principal, r.args.value(0), r.body.value(u"reason"_s).toString()),
                     [](const JobRecord &j) { return ApiReply::ok({{u"job"_s, JobJson::job(j)}}); });
    });
}

} // namespace Banter::Server
