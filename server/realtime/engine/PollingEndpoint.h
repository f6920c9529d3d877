#pragma once

#include <QHash>
#include <QHostAddress>
#include <QMutex>
#include <QObject>

#include <functional>
#include <memory>

class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponder;

namespace Banter::Server {

class ConnectionLimiter;
class CorsPolicy;
class PollingTransport;
class WebSocketConnection;

// The HTTP side of Engine.IO long-polling on one path (/socket.io/): a QHttpServer route on the main thread.
// A GET without sid opens a session (a PollingTransport, handed to a socket worker by `adopt`); GET and POST
// with a sid are held (their QHttpServerResponder kept here by id) and passed to the session's transport on
// its worker thread, which tells us what to answer (answerLater). The directory of polling sessions (sid ->
// transport) is here too, under a lock: a transport leaves it in its destructor (on its thread) before it
// can no longer receive queued calls, so a call posted under the lock never reaches a deleted object.
// Bad requests are answered 400 with {"error":{code,message}}; a POST over maxPayload 413 (and the session
// ends); origins outside the CORS list 403.
class PollingEndpoint : public QObject
{
    Q_OBJECT
public:
    struct Settings
    {
        QString path;               // "/socket.io/"
        int maxPayloadBytes = 64 * 1024;
        QString sidPrefix;
    };
    // Gives a new session's transport (parentless, on this thread) to a worker; false: the server is full.
    using Adopt = std::function<bool(PollingTransport *)>;

    PollingEndpoint(QHttpServer &server, Settings settings, std::shared_ptr<ConnectionLimiter> limiter,
                    const CorsPolicy &cors, Adopt adopt, QObject *parent = nullptr);
    ~PollingEndpoint() override;

    // Any thread: answers a held request (dropped if it is gone).
    void answerLater(quint64 requestId, int status, QByteArray body);
    // Any thread: a transport leaves the directory.
    void remove(const QString &sid, const PollingTransport *transport);

    // Main thread, for a WebSocket handshake that names a sid: reserves the session's one upgrade (false:
    // no such polling session, or it is already being upgraded)...
    bool claimUpgrade(const QString &sid);
    // ...and hands the WebSocket over once answered (moved to the session's thread and offered to it; false if
    // the session ended meanwhile, and then the caller still owns the WebSocket).
    bool offerUpgrade(const QString &sid, WebSocketConnection *probe);

    // Any thread: the session's upgrade failed (its probe went away); another WebSocket may try. A null
    // transport: whichever session has this sid (the probe closed before it was handed over).
    void releaseUpgrade(const QString &sid, const PollingTransport *transport = nullptr);

    int sessionCount() const;

protected:
    bool event(QEvent *e) override;

private:
    void handle(const QHttpServerRequest &request, QHttpServerResponder &responder);
    void handshake(const QHttpServerRequest &request, QHttpServerResponder &responder);
    quint64 hold(QHttpServerResponder &responder, const QByteArray &origin, bool post);
    void answer(quint64 requestId, int status, const QByteArray &body);
    void refuse(QHttpServerResponder &responder, int status, QLatin1StringView code, const QString &message,
                const QByteArray &origin);

    struct Held
    {
        std::shared_ptr<QHttpServerResponder> responder;
        QByteArray origin;
        bool post = false;
    };
    struct Entry
    {
        PollingTransport *transport = nullptr;
        bool upgrading = false;
    };

    Settings m_settings;
    std::shared_ptr<ConnectionLimiter> m_limiter;
    const CorsPolicy &m_cors;
    Adopt m_adopt;
    mutable QMutex m_lock;
    QHash<QString, Entry> m_sessions; // under m_lock
    QHash<quint64, Held> m_held;      // main thread only
    quint64 m_nextRequest = 1;
};

} // namespace Banter::Server
