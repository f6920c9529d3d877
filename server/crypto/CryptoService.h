#pragma once

#include <banter/Result.h>

#include <QByteArray>

namespace Banter::Server {

// The only code that touches QCA. Created after QCA::Initializer in main; checkSupport() runs once at start.
class CryptoService
{
public:
    CryptoService() = default;

    // Fails naming what is missing when aes256-gcm, hmac(sha256), hmac(sha1), sha256 or random are unavailable.
    static Result<void> checkSupport();

    QByteArray randomBytes(int count) const;
    QByteArray sha256(const QByteArray &data) const;
    QByteArray hmacSha256(const QByteArray &key, const QByteArray &data) const;
    QByteArray hmacSha1(const QByteArray &key, const QByteArray &data) const;

    // AES-256-GCM. The sealed form is ciphertext || 16-byte tag. Context binds the ciphertext to where it
    // belongs: the key actually used is HMAC-SHA256(key, context), so a row moved elsewhere fails to open.
    Result<QByteArray> seal(const QByteArray &key, const QByteArray &nonce, const QByteArray &context,
                            const QByteArray &plaintext) const;
    Result<QByteArray> open(const QByteArray &key, const QByteArray &nonce, const QByteArray &context,
                            const QByteArray &sealed) const;

    static bool constantTimeEquals(const QByteArray &a, const QByteArray &b);
};

} // namespace Banter::Server
