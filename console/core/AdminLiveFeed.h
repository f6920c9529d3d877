#pragma once

#include "core/AdminTypes.h"
#include "core/ApiError.h"

#include <QObject>

namespace Banter::Client {
class SocketIoClient;
}

namespace Banter::Console {

class AdminSession;

// The Socket.IO namespace "/admin" (docs/admin-api.md "Live"), on a connection of its own, authenticated with
// the session's access token; turns its events into typed signals.
//
//   AdminLiveFeed feed(&session);
//   connect(&feed, &AdminLiveFeed::snapshot, presenceModel, &PresenceModel::applySnapshot);
//   feed.start();
//
// Reconnects by itself (jittered backoff) after a lost connection; every (re)connect is followed by a fresh
// presence:snapshot, so models simply replace their state with it. A refused CONNECT (expired token) makes it
// refresh the session once and try again; if that fails too, connectFailed() is emitted and it stops (the
// session emits sessionExpired()). When the session's tokens change, the next (re)connect uses the new one.
class AdminLiveFeed : public QObject
{
    Q_OBJECT
public:
    explicit AdminLiveFeed(AdminSession *session, QObject *parent = nullptr);
    ~AdminLiveFeed() override;

    void start(); // needs a logged-in session
    void stop();
    bool isConnected() const { return m_connected; }
    bool isRunning() const { return m_running; }

signals:
    void connectedChanged(bool connected);
    void connectFailed(const Banter::Console::ApiError &error); // refused CONNECT after a refresh; stopped
    void snapshot(const Banter::Console::PresenceSnapshot &snapshot);            // presence:snapshot
    void presenceConnected(const QString &userId, const QString &username,
                           const Banter::Console::Connection &connection);        // presence:connected
    void presenceDisconnected(const QString &userId, const QString &connectionId); // presence:disconnected
    void metrics(const Banter::Console::MetricsSample &sample);                    // metrics
    void auditEntry(const Banter::Console::AuditEntry &entry);                     // audit:entry
    // Every event as received (name, first argument), e.g. for `--follow --json` output.
    void rawEvent(const QString &name, const QJsonObject &payload);

private:
    void open();
    void onEvent(const QString &name, const QJsonArray &args);
    void onConnectError(const QJsonObject &error);
    void setConnected(bool connected);

    AdminSession *m_session;
    Client::SocketIoClient *m_socket = nullptr;
    bool m_running = false;
    bool m_connected = false;
    bool m_refreshedAfterRefusal = false;
};

} // namespace Banter::Console
