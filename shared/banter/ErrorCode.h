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
inline constexpr auto NotMember = "not_member"_L1;          // realtime: the caller is not in that conversation
inline constexpr auto InvalidPacket = "invalid_packet"_L1;  // Engine.IO / Socket.IO framing that does not parse
inline constexpr auto Timeout = "timeout"_L1;               // client side: no ack in time
// Media (issue #11).
inline constexpr auto QuotaExceeded = "quota_exceeded"_L1;                // 413: the uploader's media quota is used up
inline constexpr auto UnsupportedMediaType = "unsupported_media_type"_L1; // 415: content that is not what it claims
inline constexpr auto RangeNotSatisfiable = "range_not_satisfiable"_L1;   // 416
inline constexpr auto PreconditionFailed = "precondition_failed"_L1;      // 412: e.g. a tus version we do not speak
// HTTP framing, refused before a request reaches a route (server/http/HttpGuard).
inline constexpr auto InvalidRequest = "invalid_request"_L1;       // 400: not HTTP/1.1 as RFC 9112 frames it
inline constexpr auto RequestTimeout = "request_timeout"_L1;       // 408: the head or body came too slowly
inline constexpr auto UriTooLong = "uri_too_long"_L1;              // 414
inline constexpr auto HeadersTooLarge = "headers_too_large"_L1;    // 431: too many or too long header lines
inline constexpr auto NotImplemented = "not_implemented"_L1;       // 501: a transfer coding other than chunked
inline constexpr auto HttpVersionNotSupported = "http_version_not_supported"_L1; // 505
// Sign-in with OpenID Connect (issue #15).
inline constexpr auto NotConfigured = "not_configured"_L1; // 503: no such provider is configured on this server
// End-to-end encryption (issue #15).
inline constexpr auto DeviceMismatch = "device_mismatch"_L1; // 409: the ciphertexts do not cover exactly the current devices
} // namespace Banter::ErrorCode
