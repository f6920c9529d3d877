#pragma once

#include <banter/Result.h>

#include <QByteArray>
#include <QString>

struct evp_pkey_st; // OpenSSL's EVP_PKEY

namespace Banter::Server {

// A NIST P-256 key pair as Web Push spells keys: the private scalar as 32 big-endian bytes, the public key as
// the 65-byte uncompressed point 0x04 || X || Y (a subscription's p256dh, a VAPID applicationServerKey).
struct P256KeyPair
{
    QByteArray privateKey;
    QByteArray publicKey;

    bool operator==(const P256KeyPair &) const = default;
};

// The cryptography of Web Push (issue #12): message encryption (RFC 8291: ECDH P-256, HKDF-SHA-256 and the
// "aes128gcm" content coding of RFC 8188, one record) and VAPID (RFC 8292: an ES256 JWT in the Authorization
// header). QCA 2.3 has no elliptic curves, so this calls OpenSSL 3 directly; see WebPushCrypto.cpp.
class WebPushCrypto
{
public:
    static constexpr int PrivateKeyBytes = 32;
    static constexpr int PublicKeyBytes = 65;
    static constexpr int AuthSecretBytes = 16;
    static constexpr int SaltBytes = 16;
    static constexpr int TagBytes = 16;
    // The record size written into every body's header (RFC 8291 §5 uses it too).
    static constexpr quint32 RecordSize = 4096;
    // salt(16) || rs(4) || idlen(1) || keyid (the sender's public key, 65).
    static constexpr int HeaderBytes = SaltBytes + 4 + 1 + PublicKeyBytes;
    // A push service need not take a longer body (RFC 8030 §7.2), so no body we make is longer.
    static constexpr int MaxBodyBytes = 4096;
    // What fits in such a body after the header, the 0x02 delimiter and the GCM tag: 3993 (RFC 8291 §4).
    static constexpr int MaxPlaintextBytes = MaxBodyBytes - HeaderBytes - 1 - TagBytes;
    // RFC 8292 §2: a push service may refuse a VAPID token that expires more than 24 hours after it was sent.
    static constexpr qint64 MaxVapidLifetimeSecs = 24 * 60 * 60;

    static Result<P256KeyPair> generateKeyPair();
    // Derives the public key; refuses anything but 32 bytes encoding a scalar in [1, n-1].
    static Result<P256KeyPair> keyPairFromPrivate(const QByteArray &privateKey);
    // 65 bytes, 0x04 first, and a point on P-256.
    static bool isValidPublicKey(const QByteArray &publicKey);

    // The complete aes128gcm body of a push message to a subscription (its p256dh key and auth secret), under
    // a fresh sender key pair and salt. padTo > 0 pads the plaintext with zeros to that many bytes (longer
    // plaintext is not cut), so bodies do not tell how long their messages are.
    // Errors: invalid_public_key, invalid_auth_secret, payload_too_large (more than MaxPlaintextBytes, or a
    // padTo beyond it), crypto_failed.
    static Result<QByteArray> encrypt(const QByteArray &uaPublicKey, const QByteArray &authSecret,
                                      const QByteArray &plaintext, int padTo = 0);
    // The same with the sender key pair and salt given, for known-answer tests (RFC 8291 §5). Never reuse
    // either for two messages: the content key and nonce would repeat. Errors as above, and
    // invalid_private_key, invalid_salt.
    static Result<QByteArray> encryptWith(const P256KeyPair &sender, const QByteArray &salt,
                                          const QByteArray &uaPublicKey, const QByteArray &authSecret,
                                          const QByteArray &plaintext, int padTo = 0);
private:
    // The body, encrypted with the sender key `own` (its public key given as 65 bytes) and the salt.
    static Result<QByteArray> sealFor(::evp_pkey_st *own, const QByteArray &ownPublicKey, const QByteArray &salt,
                                      const QByteArray &uaPublicKey, const QByteArray &authSecret,
                                      const QByteArray &plaintext, int padTo);

public:
    // The receiving side (a browser's part; here for tests and round trips): opens a one-record body with the
    // subscription's key pair and auth secret, and removes the padding. Errors: invalid_private_key,
    // invalid_auth_secret, invalid_push_body (a header that does not parse, more than one record, a key not
    // on the curve), decryption_failed (wrong keys or a tampered body), invalid_padding.
    static Result<QByteArray> decrypt(const P256KeyPair &ua, const QByteArray &authSecret,
                                      const QByteArray &body);

    // The value of the Authorization header of a push request (RFC 8292 §3): "vapid t=<JWT>, k=<public key>",
    // the JWT signed with ES256 by the VAPID key, its "aud" the origin of the endpoint, scheme://host[:port].
    // subject is the "sub" claim: a mailto: or https: URI where the push service can reach the operator.
    // Errors: invalid_private_key, invalid_endpoint (not an absolute http(s) URL), invalid_vapid_subject,
    // invalid_vapid_expiry (not after now, or more than 24 h after it), crypto_failed.
    static Result<QString> vapidAuthorization(const P256KeyPair &vapid, const QString &endpointUrl,
                                              const QString &subject, qint64 expiresAtSecs);
    // The same against a given clock (Unix seconds), for tests.
    static Result<QString> vapidAuthorization(const P256KeyPair &vapid, const QString &endpointUrl,
                                              const QString &subject, qint64 expiresAtSecs, qint64 nowSecs);
};

} // namespace Banter::Server
