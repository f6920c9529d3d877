#pragma once

#include <QCoreApplication>
#include <QJsonObject>
#include <QMetaType>
#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace Banter::Console {

// What went wrong with one admin API call, as the console sees it.
//
//   httpStatus  0 when no HTTP answer arrived (unreachable, timeout, TLS): code is then "unreachable"/"timeout"
//   code        the server's snake_case code ("forbidden", "validation_failed", ...), or one of the client's own:
//               "unreachable", "timeout", "invalid_response", "session_expired", "not_logged_in"
//   message     the server's sentence (or the client's, translated)
//   requestId   the server's X-Request-Id / error.requestId, for bug reports
//
// Exit-code classes for headless commands: isUnreachable() (no answer or 5xx) -> 2, isAuthFailure() -> 3,
// any other error -> 1.
struct ApiError
{
    Q_DECLARE_TR_FUNCTIONS(ApiError)

public:
    int httpStatus = 0;
    QString code;
    QString message;
    QString requestId;
    int retryAfterSeconds = 0; // from Retry-After on 429

    bool isUnreachable() const { return httpStatus == 0 || httpStatus >= 500; }
    bool isAuthFailure() const { return httpStatus == 401 || code == QLatin1StringView("session_expired"); }
    // "forbidden (403): only moderators and admins ..." in the user's language, for logs and stderr.
    QString describe() const;

    static ApiError client(const QString &code, const QString &message) { return ApiError{0, code, message, {}, 0}; }
};

// The outcome of one typed call: a value or an ApiError, plus the reply's JSON body as the server sent it
// (headless --json prints that, so scripts see the contract's shapes unchanged).
template <typename T>
class ApiResult
{
public:
    ApiResult(T value, QJsonObject json = {}) : m_state(std::in_place_index<0>, std::move(value)), m_json(std::move(json)) {}
    ApiResult(ApiError error, QJsonObject json = {}) : m_state(std::in_place_index<1>, std::move(error)), m_json(std::move(json)) {}

    bool ok() const { return m_state.index() == 0; }
    explicit operator bool() const { return ok(); }
    const T &value() const { return std::get<0>(m_state); }
    const T *operator->() const { return &value(); }
    const ApiError &error() const { return std::get<1>(m_state); }
    const QJsonObject &json() const { return m_json; }

private:
    std::variant<T, ApiError> m_state;
    QJsonObject m_json;
};

// The value of calls whose success carries nothing (204 routes).
struct NoContent
{
};

} // namespace Banter::Console

Q_DECLARE_METATYPE(Banter::Console::ApiError)
