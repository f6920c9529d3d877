#pragma once

#include "service/AuthTypes.h"

#include <QJsonArray>
#include <QJsonObject>

namespace Banter::Server {

// The JSON shapes of users and token pairs (docs/api.md). Ids are strings.
class UserJson
{
public:
    static QJsonObject publicUser(const UserRecord &user);
    static QJsonObject ownProfile(const UserRecord &user);
    static QJsonArray publicUsers(const QList<UserRecord> &users);
    static QJsonObject authSession(const AuthSession &session);
};

} // namespace Banter::Server
