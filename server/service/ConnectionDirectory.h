#pragma once

#include <QDateTime>
#include <QList>
#include <QString>

namespace Banter::Server {

// Live connections of a user, for the moderators' user details. Implemented by the socket layer.
struct ConnectionView
{
    quint64 id = 0;
    QString clientAddress;
    QString userAgent;
    QDateTime connectedSince;
    QDateTime lastActivity;
    QString node; // in a cluster: the node holding it (its id is then "<node>:<id>" in JSON)
};

class ConnectionDirectory
{
public:
    virtual ~ConnectionDirectory() = default;
    virtual QList<ConnectionView> connectionsOf(qint64 userId) const = 0;
};

} // namespace Banter::Server
