#include "core/AdminSession.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimeZone>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Banter::Console {

namespace {
// Refresh this long before the access token expires, and refresh first when a request would leave with a token
// closer than RefreshMarginMs to its expiry.
constexpr qint64 RefreshAheadMs = 60000;
constexpr qint64 RefreshMarginMs = 15000;

struct TokenClaims
{
    QDateTime expiry;
    QString userId;
    QString role;
};

TokenClaims claimsOf(const QString &jwt)
{
    const QList<QStringView> parts = QStringView(jwt).split(u'.');
    if (parts.size() != 3)
        return {};
    const QByteArray payload = QByteArray::fromBase64(parts[1].toLatin1(),
                                                      QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    const QJsonObject o = QJsonDocument::fromJson(payload).object();
    TokenClaims c;
    if (o.value(u"exp"_s).isDouble())
        c.expiry = QDateTime::fromSecsSinceEpoch(o.value(u"exp"_s).toInteger(), QTimeZone::UTC);
    c.userId = o.value(u"sub"_s).isString() ? o.value(u"sub"_s).toString() : QString::number(o.value(u"sub"_s).toInteger());
    c.role = o.value(u"role"_s).toString();
    return c;
}

QByteArray userAgent()
{
    return "banter-console/" + QCoreApplication::applicationVersion().toUtf8();
}

// Status, body and error of a finished reply.
HttpResult resultOf(QNetworkReply *reply)
{
    HttpResult r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    if (r.status == 0) {
        const bool timedOut = reply->error() == QNetworkReply::OperationCanceledError ||
                              reply->error() == QNetworkReply::TimeoutError;
        r.error = ApiError::client(timedOut ? u"timeout"_s : u"unreachable"_s, reply->errorString());
        return r;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = body.isEmpty() ? QJsonDocument() : QJsonDocument::fromJson(body, &parseError);
    r.json = doc.object();
    if (r.status >= 200 && r.status < 300) {
        if (!body.isEmpty() && !doc.isObject()) {
            r.error = ApiError{r.status, u"invalid_response"_s,
                               QCoreApplication::translate("Banter::Console::AdminSession",
                                                           "The server's answer is not a JSON object."),
                               QString::fromLatin1(reply->rawHeader("X-Request-Id")), 0};
        }
        return r;
    }
    const QJsonObject error = r.json.value(u"error"_s).toObject();
    ApiError e;
    e.httpStatus = r.status;
    e.code = error.value(u"code"_s).toString();
    e.message = error.value(u"message"_s).toString();
    e.requestId = error.value(u"requestId"_s).toString();
    if (e.requestId.isEmpty())
        e.requestId = QString::fromLatin1(reply->rawHeader("X-Request-Id"));
    e.retryAfterSeconds = reply->rawHeader("Retry-After").toInt();
    if (e.code.isEmpty()) {
        e.code = u"http_%1"_s.arg(r.status);
        e.message = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
    }
    r.error = e;
    return r;
}
} // namespace

struct AdminSession::Pending
{
    QByteArray method;
    QString path;
    QUrlQuery query;
    QJsonObject body;
    QPointer<QObject> context;
    bool guarded = false; // a context was given: call back only while it lives
    HttpCallback done;

    void deliver(const HttpResult &result) const
    {
        if (guarded && !context)
            return;
        if (done)
            done(result);
    }
};

AdminSession::AdminSession(QNetworkAccessManager *network, QObject *parent) : QObject(parent), m_network(network)
{
    m_refreshTimer.setSingleShot(true);
    connect(&m_refreshTimer, &QTimer::timeout, this, [this] { refresh(nullptr, {}); });
}

AdminSession::~AdminSession()
{
    for (const QPointer<QNetworkReply> &reply : std::as_const(m_inFlight)) {
        if (!reply)
            continue;
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
}

void AdminSession::setServer(const QUrl &server)
{
    if (server == m_server)
        return;
    m_server = server;
    if (isLoggedIn()) {
        m_accessToken.clear();
        m_refreshToken.clear();
        m_refreshTimer.stop();
        emit loggedOut();
    }
}

QNetworkReply *AdminSession::post(const QString &path, const QJsonObject &body, const QByteArray &bearer)
{
    QUrl url = m_server;
    url.setPath(path);
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json"_ba);
    request.setHeader(QNetworkRequest::UserAgentHeader, userAgent());
    request.setTransferTimeout(m_timeoutMs);
    if (!bearer.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + bearer);
    QNetworkReply *reply = m_network->post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
    m_inFlight.removeIf([](const QPointer<QNetworkReply> &r) { return r.isNull(); });
    m_inFlight.append(reply);
    return reply;
}

void AdminSession::login(const QString &username, const QString &password, const QString &totp, QObject *context,
                         LoginCallback done)
{
    QJsonObject body{{u"username"_s, username}, {u"password"_s, password}};
    if (!totp.isEmpty())
        body.insert(u"totp"_s, totp);
    QNetworkReply *reply = post(u"/api/auth/login"_s, body, {});
    QPointer<QObject> guard(context);
    const bool guarded = context != nullptr;
    connect(reply, &QNetworkReply::finished, this, [this, reply, guard, guarded, done = std::move(done)] {
        reply->deleteLater();
        const HttpResult r = resultOf(reply);
        const bool alive = !guarded || guard;
        if (!r.ok()) {
            emit loginFailed(*r.error);
            if (alive && done)
                done(ApiResult<SessionUser>(*r.error, r.json));
            return;
        }
        m_expired = false;
        adoptTokens(r.json);
        emit loggedIn(m_user);
        emit tokensChanged();
        if (alive && done)
            done(ApiResult<SessionUser>(m_user, r.json));
    });
}

void AdminSession::logout()
{
    if (!isLoggedIn())
        return;
    QNetworkReply *reply = post(u"/api/auth/logout"_s, {}, m_accessToken.toUtf8());
    connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
    m_expired = false;
    m_accessToken.clear();
    m_refreshToken.clear();
    m_refreshTimer.stop();
    emit loggedOut();
}

void AdminSession::setTokens(const QString &accessToken, const QString &refreshToken)
{
    m_expired = false;
    m_accessToken = accessToken;
    m_refreshToken = refreshToken;
    const TokenClaims claims = claimsOf(accessToken);
    m_expiry = claims.expiry;
    m_user.id = claims.userId;
    m_user.role = claims.role;
    scheduleRefresh();
    emit tokensChanged();
}

void AdminSession::adoptTokens(const QJsonObject &reply)
{
    const QJsonObject user = reply.value(u"user"_s).toObject();
    m_accessToken = reply.value(u"token"_s).toString();
    m_refreshToken = reply.value(u"refreshToken"_s).toString();
    const TokenClaims claims = claimsOf(m_accessToken);
    m_expiry = claims.expiry;
    m_user.id = user.value(u"id"_s).isString() ? user.value(u"id"_s).toString() : claims.userId;
    m_user.username = user.value(u"username"_s).toString();
    m_user.displayName = user.value(u"displayName"_s).toString();
    m_user.role = user.value(u"role"_s).toString(claims.role);
    scheduleRefresh();
}

void AdminSession::scheduleRefresh()
{
    m_refreshTimer.stop();
    if (!m_expiry.isValid() || m_refreshToken.isEmpty())
        return;
    const qint64 due = QDateTime::currentDateTimeUtc().msecsTo(m_expiry) - RefreshAheadMs;
    m_refreshTimer.start(int(std::clamp<qint64>(due, 1000, 24 * 3600 * 1000)));
}

void AdminSession::refresh(QObject *context, std::function<void(const std::optional<ApiError> &)> done)
{
    QPointer<QObject> guard(context);
    const bool guarded = context != nullptr;
    auto waiter = [guard, guarded, done = std::move(done)](const std::optional<ApiError> &error) {
        if ((!guarded || guard) && done)
            done(error);
    };
    if (m_refreshToken.isEmpty()) {
        // A 401 that arrives after another request's refresh already failed: the login expired, it was not absent.
        waiter(m_expired ? ApiError::client(u"session_expired"_s, tr("The login has expired; log in again."))
                         : ApiError::client(u"not_logged_in"_s, tr("Not logged in.")));
        return;
    }
    m_refreshWaiters.append(std::move(waiter));
    if (m_refreshing)
        return;
    m_refreshing = true;
    QNetworkReply *reply = post(u"/api/auth/refresh-token"_s, {{u"refreshToken"_s, m_refreshToken}}, {});
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        const HttpResult r = resultOf(reply);
        if (r.ok()) {
            adoptTokens(r.json);
            emit tokensChanged();
            finishRefresh(std::nullopt);
        } else if (r.error->isUnreachable() || r.error->code == u"rate_limited"_s) {
            finishRefresh(r.error); // the login may still be fine: keep it, a later request tries again
        } else {
            expire();
        }
    });
}

void AdminSession::finishRefresh(const std::optional<ApiError> &error)
{
    m_refreshing = false;
    const auto waiters = std::exchange(m_refreshWaiters, {});
    for (const auto &waiter : waiters)
        waiter(error);
}

void AdminSession::expire()
{
    const bool wasLoggedIn = isLoggedIn();
    m_expired = true;
    m_accessToken.clear();
    m_refreshToken.clear();
    m_refreshTimer.stop();
    finishRefresh(ApiError::client(u"session_expired"_s, tr("The login has expired; log in again.")));
    if (wasLoggedIn)
        emit sessionExpired();
}

void AdminSession::send(const QByteArray &method, const QString &path, const QUrlQuery &query,
                        const QJsonObject &body, QObject *context, HttpCallback done)
{
    start(Pending{method, path, query, body, QPointer<QObject>(context), context != nullptr, std::move(done)}, false);
}

void AdminSession::start(Pending pending, bool retried)
{
    if (!isLoggedIn()) {
        HttpResult r;
        r.error = m_expired ? ApiError::client(u"session_expired"_s, tr("The login has expired; log in again."))
                      : ApiError::client(u"not_logged_in"_s, tr("Not logged in."));
        pending.deliver(r);
        return;
    }
    const bool nearExpiry = m_expiry.isValid() && QDateTime::currentDateTimeUtc().msecsTo(m_expiry) < RefreshMarginMs;
    if (m_refreshing || (nearExpiry && !retried)) {
        refresh(nullptr, [this, pending, retried](const std::optional<ApiError> &error) {
            if (error) {
                HttpResult r;
                r.error = error;
                pending.deliver(r);
            } else {
                start(pending, retried);
            }
        });
        return;
    }

    QUrl url = m_server;
    url.setPath(pending.path, QUrl::TolerantMode); // ids in it are percent-encoded already
    if (!pending.query.isEmpty())
        url.setQuery(pending.query);
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::UserAgentHeader, userAgent());
    request.setTransferTimeout(m_timeoutMs);
    const QString usedToken = m_accessToken;
    request.setRawHeader("Authorization", "Bearer " + usedToken.toUtf8());
    QNetworkReply *reply = nullptr;
    if (pending.method == "GET") {
        reply = m_network->get(request);
    } else {
        request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json"_ba);
        reply = m_network->sendCustomRequest(request, pending.method,
                                             QJsonDocument(pending.body).toJson(QJsonDocument::Compact));
    }
    m_inFlight.removeIf([](const QPointer<QNetworkReply> &r) { return r.isNull(); });
    m_inFlight.append(reply);
    connect(reply, &QNetworkReply::finished, this, [this, reply, pending, retried, usedToken] {
        reply->deleteLater();
        const HttpResult r = resultOf(reply);
        if (r.status == 401 && !retried) {
            if (m_accessToken != usedToken && isLoggedIn()) {
                start(pending, true); // refreshed meanwhile: the new token gets its chance
                return;
            }
            refresh(nullptr, [this, pending, r](const std::optional<ApiError> &error) {
                if (error) {
                    HttpResult failed = r;
                    failed.error = error;
                    pending.deliver(failed);
                } else {
                    start(pending, true);
                }
            });
            return;
        }
        pending.deliver(r);
    });
}

} // namespace Banter::Console
