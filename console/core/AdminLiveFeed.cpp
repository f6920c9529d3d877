#include "core/AdminLiveFeed.h"

#include "core/AdminSession.h"

#include <banter/client/SocketIoClient.h>

using namespace Qt::StringLiterals;

namespace Banter::Console {

AdminLiveFeed::AdminLiveFeed(AdminSession *session, QObject *parent) : QObject(parent), m_session(session)
{
    m_socket = new Client::SocketIoClient(this);
    m_socket->setNamespace(u"/admin"_s);
    m_socket->setReconnect(true, 500, 10000);
    connect(m_socket, &Client::SocketIoClient::connected, this, [this] {
        m_refreshedAfterRefusal = false;
        setConnected(true);
    });
    connect(m_socket, &Client::SocketIoClient::disconnected, this, [this](const QString &reason) {
        setConnected(false);
        // A server DISCONNECT ends the client for good; the console should come back (e.g. after a restart
        // that closed sockets politely), with a fresh token in case that was the reason.
        if (m_running && reason == u"io server disconnect"_s)
            open();
    });
    connect(m_socket, &Client::SocketIoClient::connectError, this, &AdminLiveFeed::onConnectError);
    connect(m_socket, &Client::SocketIoClient::event, this, &AdminLiveFeed::onEvent);
    // The next CONNECT (a reconnect included) presents the newest token.
    connect(m_session, &AdminSession::tokensChanged, this, [this] {
        m_socket->setAuth(QJsonObject{{u"token"_s, m_session->accessToken()}});
    });
    connect(m_session, &AdminSession::sessionExpired, this, &AdminLiveFeed::stop);
    connect(m_session, &AdminSession::loggedOut, this, &AdminLiveFeed::stop);
}

AdminLiveFeed::~AdminLiveFeed() = default;

void AdminLiveFeed::start()
{
    m_running = true;
    m_refreshedAfterRefusal = false;
    open();
}

void AdminLiveFeed::stop()
{
    m_running = false;
    m_socket->close();
    setConnected(false);
}

void AdminLiveFeed::open()
{
    m_socket->setAuth(QJsonObject{{u"token"_s, m_session->accessToken()}});
    m_socket->open(m_session->server());
}

void AdminLiveFeed::onConnectError(const QJsonObject &error)
{
    const QString code = error.value(u"data"_s).toObject().value(u"code"_s).toString();
    if (code == u"unavailable"_s)
        return; // the transport failed before CONNECT: the client retries by itself
    // Refused: the socket is closed now. An expired token gets one refresh, then one more attempt.
    if (!m_running)
        return;
    const ApiError refused{403, code.isEmpty() ? u"forbidden"_s : code, error.value(u"message"_s).toString(), {}, 0};
    if (m_refreshedAfterRefusal) {
        m_running = false;
        emit connectFailed(refused);
        return;
    }
    m_refreshedAfterRefusal = true;
    m_session->refresh(this, [this](const std::optional<ApiError> &failure) {
        if (!m_running)
            return;
        if (failure) {
            m_running = false;
            emit connectFailed(*failure);
            return;
        }
        open();
    });
}

void AdminLiveFeed::onEvent(const QString &name, const QJsonArray &args)
{
    const QJsonObject payload = args.at(0).toObject();
    emit rawEvent(name, payload);
    if (name == u"presence:snapshot"_s) {
        emit snapshot(PresenceSnapshot::fromJson(payload));
    } else if (name == u"presence:connected"_s) {
        emit presenceConnected(idString(payload.value(u"userId"_s)), payload.value(u"username"_s).toString(),
                               Connection::fromJson(payload.value(u"connection"_s)));
    } else if (name == u"presence:disconnected"_s) {
        emit presenceDisconnected(idString(payload.value(u"userId"_s)), idString(payload.value(u"connectionId"_s)));
    } else if (name == u"metrics"_s) {
        emit metrics(MetricsSample::fromJson(payload));
    } else if (name == u"audit:entry"_s) {
        emit auditEntry(AuditEntry::fromJson(payload.value(u"entry"_s)));
    }
}

void AdminLiveFeed::setConnected(bool connected)
{
    if (m_connected == connected)
        return;
    m_connected = connected;
    emit connectedChanged(connected);
}

} // namespace Banter::Console
