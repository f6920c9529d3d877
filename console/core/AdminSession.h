#pragma once

#include "core/ApiError.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>
#include <QUrlQuery>

#include <functional>

class QNetworkAccessManager;
class QNetworkReply;

namespace Banter::Console {

// A logged-in console: the server, the access and refresh tokens, and the one authenticated HTTP pipeline
// every admin call goes through.
//
//   AdminSession session(&network);
//   session.setServer(QUrl(u"http://127.0.0.1:8080"_s));
//   session.login(u"alice"_s, password, {}, this, [](const ApiResult<SessionUser> &r) { ... });
//   // r.error().code == "totp_required": ask for the 2FA code and call login() again with it.
//
// Tokens: the access token (15 min) is refreshed shortly before it expires (timer at exp - 60 s, and before a
// request when it is about to expire), and once more on a 401 of a request, which is then retried once.
// Refreshes are single-flight: requests arriving meanwhile wait for it (a refresh token rotates on every use;
// presenting it twice would end the login). When refreshing fails with a 4xx the tokens are dropped, waiting
// requests fail with code "session_expired", and sessionExpired() is emitted ONCE (the UI shows a re-login
// prompt; no error storm). When it fails because the server is unreachable, requests fail with that error and
// the session stays (the next request tries again).
//
// Callbacks run on this object's thread; `context` guards them: a callback whose context was destroyed is
// never called. Destroying the session aborts its requests without calling back.
struct SessionUser
{
    QString id;
    QString username;
    QString displayName;
    QString role; // from the access token's "role" claim: "user" | "moderator" | "admin"
};

// One answer of the authenticated pipeline: 2xx with its JSON body (empty for 204), or an error.
struct HttpResult
{
    int status = 0;
    QJsonObject json;
    std::optional<ApiError> error;
    bool ok() const { return !error.has_value(); }
};

class AdminSession : public QObject
{
    Q_OBJECT
public:
    using HttpCallback = std::function<void(const HttpResult &)>;
    using LoginCallback = std::function<void(const ApiResult<SessionUser> &)>;

    explicit AdminSession(QNetworkAccessManager *network, QObject *parent = nullptr);
    ~AdminSession() override;

    void setServer(const QUrl &server); // http(s)://host:port; changing it logs out locally
    QUrl server() const { return m_server; }
    void setRequestTimeout(int ms) { m_timeoutMs = ms; } // default 15000; a timeout is code "timeout", status 0

    // POST /api/auth/login. Errors: invalid_credentials, totp_required, invalid_totp, account_suspended,
    // rate_limited, unreachable... Emits loggedIn() on success, loginFailed() otherwise.
    void login(const QString &username, const QString &password, const QString &totp, QObject *context,
               LoginCallback done);
    // POST /api/auth/logout (best effort), then forget the tokens; emits loggedOut().
    void logout();
    // Uses tokens obtained elsewhere (tests, a remembered login); user() is filled from the access token.
    void setTokens(const QString &accessToken, const QString &refreshToken);

    bool isLoggedIn() const { return !m_accessToken.isEmpty(); }
    SessionUser user() const { return m_user; }
    QString accessToken() const { return m_accessToken; }
    QString refreshToken() const { return m_refreshToken; }
    QDateTime accessTokenExpiry() const { return m_expiry; }

    // POST /api/auth/refresh-token now (joins a refresh already in flight). done(nullptr) on success.
    void refresh(QObject *context, std::function<void(const std::optional<ApiError> &)> done);

    // The authenticated pipeline: Bearer token, refresh before expiry, one refresh + retry on 401.
    // method: "GET", "POST", "PUT", "DELETE"; body is sent as JSON unless method is GET (DELETE with a body
    // is sent with one: the admin routes take {reason}).
    void send(const QByteArray &method, const QString &path, const QUrlQuery &query, const QJsonObject &body,
              QObject *context, HttpCallback done);

signals:
    void loggedIn(const Banter::Console::SessionUser &user);
    void loginFailed(const Banter::Console::ApiError &error);
    void tokensChanged(); // after login and after every refresh: the live feed reconnects with the new token
    void sessionExpired();
    void loggedOut();

private:
    struct Pending;
    void start(Pending pending, bool retried);
    void finishRefresh(const std::optional<ApiError> &error);
    void adoptTokens(const QJsonObject &reply);
    void scheduleRefresh();
    void expire();
    QNetworkReply *post(const QString &path, const QJsonObject &body, const QByteArray &bearer);

    QNetworkAccessManager *m_network;
    QUrl m_server;
    int m_timeoutMs = 15000;
    QString m_accessToken;
    QString m_refreshToken;
    QDateTime m_expiry;
    SessionUser m_user;
    QTimer m_refreshTimer;
    bool m_refreshing = false;
    bool m_expired = false; // the last login ended by a failed refresh (not by logout)
    QList<std::function<void(const std::optional<ApiError> &)>> m_refreshWaiters;
    QList<QPointer<QNetworkReply>> m_inFlight;
};

} // namespace Banter::Console

Q_DECLARE_METATYPE(Banter::Console::SessionUser)
