#pragma once

#include "realtime/SocketNamespace.h"

#include <QList>

namespace Banter::Server {

class ConnectionRegistry;
class SocketWorker;

// "/admin": moderator and admin consoles connect with {"token"} and get the live feed (a presence snapshot on
// connect, then presence changes, reports and audit entries). It only pushes; an event sent to it is answered
// with an error, since actions go through the admin REST API.
class AdminNamespace final : public SocketNamespace
{
public:
    AdminNamespace(SocketWorker &worker, ConnectionRegistry &registry);

    QString name() const override;
    void onConnect(SocketConnection &c, const QJsonValue &auth) override;
    void onEvent(SocketConnection &c, const Protocol::SocketPacket &event) override;
    void onAuthenticated(SocketConnection &c) override;
    void onGone(SocketConnection &c) override;

    // An encoded packet to every console on this worker.
    void broadcast(const QString &packet);

private:
    SocketWorker &m_worker;
    ConnectionRegistry &m_registry;
    QList<SocketConnection *> m_consoles;
};

} // namespace Banter::Server
