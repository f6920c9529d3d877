#pragma once

#include <banter/Error.h>

#include <QHttpServerResponse>
#include <QJsonObject>

namespace Banter::Server {

// The one table from error codes to HTTP statuses, and the one error body shape.
class ErrorStatus
{
public:
    static QHttpServerResponse::StatusCode statusFor(const QString &code);
    // {"error":{"code","message"}}; internal errors say only the request id unless devMode.
    static QJsonObject body(const Error &error, const QString &requestId, bool devMode);
};

} // namespace Banter::Server
