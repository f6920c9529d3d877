#pragma once

#include <QString>

namespace Banter::Server {

// SQL text from the :/sql resource tree (server/sql/...), read once and cached.
class SqlFiles
{
public:
    // "users/insert" -> contents of :/sql/queries/users/insert.sql. Aborts on a missing file: that is a build error.
    static QString query(const QString &name);
};

} // namespace Banter::Server
