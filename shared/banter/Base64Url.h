#pragma once

// base64url without padding (RFC 4648 §5), as JWTs, OAuth's state and PKCE, and random ids in URLs spell bytes.
#include <QByteArray>
#include <QString>

namespace Banter {

inline constexpr auto Base64UrlOptions = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

inline QString base64url(const QByteArray &bytes)
{
    return QString::fromLatin1(bytes.toBase64(Base64UrlOptions));
}

} // namespace Banter
