#include "http/ErrorStatus.h"

#include <banter/ErrorCode.h>

#include <QHash>

using namespace Qt::StringLiterals;
using Status = QHttpServerResponse::StatusCode;

namespace Banter::Server {

QHttpServerResponse::StatusCode ErrorStatus::statusFor(const QString &code)
{
    static const QHash<QString, Status> table = {
        {ErrorCode::ValidationFailed, Status::BadRequest},
        {ErrorCode::InvalidJson, Status::BadRequest},
        {ErrorCode::PayloadTooLarge, Status::PayloadTooLarge},
        {ErrorCode::QuotaExceeded, Status::PayloadTooLarge},
        {ErrorCode::UnsupportedMediaType, Status::UnsupportedMediaType},
        {ErrorCode::RangeNotSatisfiable, Status::RequestRangeNotSatisfiable},
        {ErrorCode::PreconditionFailed, Status::PreconditionFailed},
        {ErrorCode::Unauthorized, Status::Unauthorized},
        {u"invalid_credentials"_s, Status::Unauthorized},
        {u"totp_required"_s, Status::Unauthorized},
        {u"invalid_totp"_s, Status::Unauthorized},
        {ErrorCode::Forbidden, Status::Forbidden},
        {ErrorCode::NotMember, Status::Forbidden},
        {u"account_suspended"_s, Status::Forbidden},
        {ErrorCode::NotFound, Status::NotFound},
        {ErrorCode::MethodNotAllowed, Status::MethodNotAllowed},
        {ErrorCode::Conflict, Status::Conflict},
        {ErrorCode::DeviceMismatch, Status::Conflict},
        {u"username_taken"_s, Status::Conflict},
        {ErrorCode::RateLimited, Status::TooManyRequests},
        {ErrorCode::Unavailable, Status::ServiceUnavailable},
        {ErrorCode::NotConfigured, Status::ServiceUnavailable},
        {ErrorCode::InvalidRequest, Status::BadRequest},
        {ErrorCode::RequestTimeout, Status::RequestTimeout},
        {ErrorCode::UriTooLong, Status::UriTooLong},
        {ErrorCode::HeadersTooLarge, Status::RequestHeaderFieldsTooLarge},
        {ErrorCode::NotImplemented, Status::NotImplemented},
        {ErrorCode::HttpVersionNotSupported, Status::HttpVersionNotSupported},
    };
    return table.value(code, Status::InternalServerError);
}

QJsonObject ErrorStatus::body(const Error &error, const QString &requestId, bool devMode)
{
    const bool internal = statusFor(error.code) == Status::InternalServerError;
    QJsonObject e{{u"code"_s, internal ? QString(ErrorCode::Internal) : error.code}};
    if (internal && !devMode)
        e.insert(u"message"_s, u"internal error (request id "_s + requestId + u")"_s);
    else
        e.insert(u"message"_s, error.message);
    if (internal && devMode)
        e.insert(u"detail"_s, error.code);
    if (!internal)
        for (auto it = error.details.begin(); it != error.details.end(); ++it)
            e.insert(it.key(), it.value());
    e.insert(u"requestId"_s, requestId);
    return QJsonObject{{u"error"_s, e}};
}

} // namespace Banter::Server
