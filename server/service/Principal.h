#pragma once

#include <QString>
#include <QtTypes>

namespace Banter::Server {

enum class Role { User = 0, Moderator = 1, Admin = 2 };

// The role names of tokens, JSON and the admin API; users.role stores the enum's number.
inline QString roleName(int role)
{
    static const char *names[] = {"user", "moderator", "admin"};
    return QString::fromLatin1(names[qBound(0, role, 2)]);
}

// -1 for a name that is no role.
inline int roleFromName(const QString &name)
{
    for (int role = 0; role <= 2; ++role)
        if (roleName(role) == name)
            return role;
    return -1;
}

// The authenticated caller of a request or socket.
struct Principal
{
    QString userId;
    QString sessionId;
    Role role = Role::User;
    QString username;
};

} // namespace Banter::Server
