#include "http/UserJson.h"

#include "service/Principal.h"

using namespace Qt::StringLiterals;

namespace Banter::Server {

QJsonObject UserJson::publicUser(const UserRecord &u)
{
    // Invisible users look offline to others.
    const QString availability = u.availability == "invisible"_L1 ? u"offline"_s : u.availability;
    return {{u"id"_s, QString::number(u.id)}, {u"username"_s, u.username}, {u"displayName"_s, u.displayName},
            {u"bio"_s, u.bio}, {u"status"_s, QJsonObject{{u"availability"_s, availability}, {u"text"_s, u.statusText}}}};
}

QJsonObject UserJson::ownProfile(const UserRecord &u)
{
    return {{u"id"_s, QString::number(u.id)}, {u"username"_s, u.username}, {u"displayName"_s, u.displayName},
            {u"bio"_s, u.bio}, {u"role"_s, roleName(u.role)},
            {u"twoFactorEnabled"_s, u.totpEnabled},
            {u"status"_s, QJsonObject{{u"availability"_s, u.availability}, {u"text"_s, u.statusText}}}};
}

QJsonArray UserJson::publicUsers(const QList<UserRecord> &users)
{
    QJsonArray array;
    for (const UserRecord &u : users)
        array.append(publicUser(u));
    return array;
}

QJsonObject UserJson::authSession(const AuthSession &s)
{
    return {{u"user"_s, QJsonObject{{u"id"_s, QString::number(s.user.id)}, {u"username"_s, s.user.username},
                                    {u"displayName"_s, s.user.displayName}}},
            {u"token"_s, s.accessToken},
            {u"refreshToken"_s, s.refreshToken}};
}

} // namespace Banter::Server
