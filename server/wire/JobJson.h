#pragma once

#include "storage/JobRecord.h"

#include <QJsonObject>

namespace Banter::Server {

// A job as the admin API shows it (docs/admin-api.md, GET /api/admin/jobs).
class JobJson
{
public:
    static QJsonObject job(const JobRecord &j);
};

} // namespace Banter::Server
