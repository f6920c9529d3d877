#pragma once

#include <QJsonObject>
#include <QString>

namespace Banter {

// An operational error: a stable snake_case code for programs and a sentence for people.
struct Error
{
    QString code;
    QString message;
    int retryAfterSeconds = 0; // for rate_limited: when to come back (the HTTP edge sends Retry-After)
    QJsonObject details{};     // more fields of the error object, e.g. device_mismatch's missing and stale devices

    bool operator==(const Error &) const = default;
};

} // namespace Banter
