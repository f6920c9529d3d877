#pragma once

#include <QString>

namespace Banter::Server {

enum class Role { User = 0, Moderator = 1, Admin = 2 };

// The authenticated caller of a request or socket.
struct Principal
{
    QString userId;
    QString sessionId;
    Role role = Role::User;
    QString username;
};

} // namespace Banter::Server
