#pragma once

#include "crypto/CryptoService.h"
#include "crypto/KeyStore.h"

#include <QString>

namespace Banter::Server {

// What an access token asserts. Times are Unix seconds.
struct AccessClaims
{
    QString sub; // user id
    QString sid; // session id, so revoking a session can refuse its tokens
    QString jti; // token id
    qint64 iat = 0;
    qint64 exp = 0;
    QString role; // optional; omitted from the token when empty

    bool operator==(const AccessClaims &) const = default;
};

// HS256 JWT access tokens keyed by the KeyStore's token keys. The header names the key (kid), so tokens
// signed before a rotation keep verifying while the old key is still in the store.
class TokenSigner
{
public:
    // Longer input is refused before any parsing; real tokens are a few hundred characters.
    static constexpr qsizetype maxTokenChars = 4096;

    // Both must outlive the signer. The store is read on every call, so a rotation takes effect at once.
    TokenSigner(const CryptoService &crypto, const KeyStore &keys) : m_crypto(&crypto), m_keys(&keys) {}

    // Signs with the store's current token key.
    QString sign(const AccessClaims &claims) const;
    // Every failure is "unauthorized" with a short reason; the reason is for logs, not for deciding anything.
    Result<AccessClaims> verify(const QString &token, qint64 nowSecs) const;

private:
    const CryptoService *m_crypto;
    const KeyStore *m_keys;
};

} // namespace Banter::Server
