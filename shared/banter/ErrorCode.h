#pragma once

#include <QLatin1StringView>

// The error codes clients see; the HTTP edge maps each to one status in one table.
namespace Banter::ErrorCode {
using namespace Qt::StringLiterals;
inline constexpr auto ValidationFailed = "validation_failed"_L1;
inline constexpr auto InvalidJson = "invalid_json"_L1;
inline constexpr auto PayloadTooLarge = "payload_too_large"_L1;
inline constexpr auto Unauthorized = "unauthorized"_L1;
inline constexpr auto Forbidden = "forbidden"_L1;
inline constexpr auto NotFound = "not_found"_L1;
inline constexpr auto Conflict = "conflict"_L1;
inline constexpr auto RateLimited = "rate_limited"_L1;
inline constexpr auto Unavailable = "unavailable"_L1;
inline constexpr auto Internal = "internal_error"_L1;
inline constexpr auto MethodNotAllowed = "method_not_allowed"_L1;
} // namespace Banter::ErrorCode
