#pragma once

#include "service/AdminService.h"

#include <QJsonArray>
#include <QJsonObject>

namespace Banter::Server {

// The admin API's JSON shapes (docs/admin-api.md), shared by the REST routes and the /admin feed.
class AdminJson
{
public:
    static QJsonObject account(const AccountView &a);
    static QJsonObject details(const AccountDetails &d);
    static QJsonObject report(const ReportView &r);
    static QJsonObject auditEntry(const AuditEntry &e);
    static QJsonObject connection(const ConnectionView &c);
    // A connection's id as admins see it: the node's own number, prefixed with the node's name in a cluster.
    static QString connectionId(const QString &node, quint64 id);
};

} // namespace Banter::Server
