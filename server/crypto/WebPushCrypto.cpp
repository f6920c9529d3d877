// Why OpenSSL here: QCA 2.3, which CryptoService wraps, has no elliptic-curve support, and Web Push needs
// P-256 ECDH (RFC 8291) and ES256 signatures (RFC 8292). So this file calls OpenSSL 3 directly, through EVP
// and the non-deprecated EC_GROUP/EC_POINT/ECDSA_SIG helpers (nothing of the EC_KEY API deprecated in 3.0).
// It and CryptoService are the only code that touches these crypto libraries (PasswordHasher has libargon2
// for password hashes); everything else asks them. Every OpenSSL object here is owned by a unique_ptr.
#include "crypto/WebPushCrypto.h"

#include "crypto/CryptoLog.h"
#include "crypto/OpenSslOwned.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>
#include <QtEndian>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>

#include <algorithm>
#include <memory>
#include <optional>

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

using OpenSsl::EcdsaSig;
using OpenSsl::MdCtx;
using OpenSsl::Owned;
using OpenSsl::ParamBuilder;
using OpenSsl::Params;
using OpenSsl::Pkey;
using OpenSsl::PkeyCtx;

using CipherCtx = Owned<EVP_CIPHER_CTX, EVP_CIPHER_CTX_free>;
using Bignum = Owned<BIGNUM, BN_clear_free>;
using BnCtx = Owned<BN_CTX, BN_CTX_free>;
using Group = Owned<EC_GROUP, EC_GROUP_free>;
using Point = Owned<EC_POINT, EC_POINT_free>;

constexpr auto Base64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;
constexpr int HmacBytes = 32;
constexpr int CekBytes = 16;
constexpr int NonceBytes = 12;
constexpr char PaddingDelimiter = 0x02; // ends the last (here: only) record, RFC 8188 §2

const unsigned char *bytes(const QByteArray &a)
{
    return reinterpret_cast<const unsigned char *>(a.constData());
}

unsigned char *bytes(QByteArray &a)
{
    return reinterpret_cast<unsigned char *>(a.data());
}

// OpenSSL queues its errors per thread, and QCA's OpenSSL plugin shares that queue: take ours off it.
Error openSslError(const QString &what)
{
    QString detail;
    if (const unsigned long code = ERR_peek_last_error(); code != 0) {
        char text[256];
        ERR_error_string_n(code, text, sizeof text);
        detail = u" ("_s + QString::fromLatin1(text) + u')';
    }
    ERR_clear_error();
    qCWarning(lcCrypto) << "OpenSSL:" << what << detail;
    return makeError(u"crypto_failed", what + detail);
}

Error invalidPrivateKey()
{
    ERR_clear_error();
    return makeError(u"invalid_private_key", u"not a P-256 private key (32 bytes, a scalar in [1, n-1])"_s);
}

// An EVP_PKEY on P-256 from the 65-byte public point and, when given, the private scalar.
Pkey makeKey(const QByteArray &publicKey, const QByteArray *privateKey)
{
    ParamBuilder builder(OSSL_PARAM_BLD_new());
    Bignum d;
    if (!builder)
        return {};
    if (privateKey) {
        d.reset(BN_secure_new());
        if (!d || !BN_bin2bn(bytes(*privateKey), int(privateKey->size()), d.get()))
            return {};
    }
    if (!OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, SN_X9_62_prime256v1, 0)
        || !OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, publicKey.constData(),
                                             size_t(publicKey.size()))
        || (d && !OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_PRIV_KEY, d.get())))
        return {};
    Params params(OSSL_PARAM_BLD_to_param(builder.get()));
    PkeyCtx ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
    EVP_PKEY *key = nullptr;
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0
        || EVP_PKEY_fromdata(ctx.get(), &key, d ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, params.get()) <= 0)
        return {};
    return Pkey(key);
}

// The uncompressed-point check first: OpenSSL would also take the compressed (0x02/0x03) and hybrid
// (0x06/0x07) forms, which Web Push does not use. Then OpenSSL's full public key check: on the curve, not the
// point at infinity, of order n.
Pkey publicKeyFrom(const QByteArray &publicKey)
{
    if (publicKey.size() != WebPushCrypto::PublicKeyBytes || publicKey[0] != 0x04)
        return {};
    Pkey key = makeKey(publicKey, nullptr);
    if (!key) {
        ERR_clear_error();
        return {};
    }
    // The quick check (on the curve, not the point at infinity) is the full one for P-256: its cofactor is 1, so
    // every point on it has order n, and the full check's scalar multiplication by n (per push) proves nothing more.
    PkeyCtx check(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr));
    if (!check || EVP_PKEY_public_check_quick(check.get()) != 1) {
        ERR_clear_error();
        return {};
    }
    return key;
}

// The key pair as an EVP_PKEY, after checking that its public key is the one its private key gives.
Result<Pkey> keyPairFrom(const P256KeyPair &pair)
{
    auto derived = WebPushCrypto::keyPairFromPrivate(pair.privateKey);
    if (!derived)
        return derived.error();
    if (derived->publicKey != pair.publicKey)
        return makeError(u"invalid_private_key", u"the public key is not the private key's"_s);
    Pkey key = makeKey(pair.publicKey, &pair.privateKey);
    if (!key)
        return openSslError(u"cannot load the P-256 key pair"_s);
    return key;
}

// A fresh P-256 key pair.
Result<Pkey> newP256Key()
{
    PkeyCtx ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
    EVP_PKEY *generated = nullptr;
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) <= 0
        || EVP_PKEY_CTX_set_group_name(ctx.get(), SN_X9_62_prime256v1) <= 0
        || EVP_PKEY_generate(ctx.get(), &generated) <= 0)
        return openSslError(u"P-256 key generation failed"_s);
    return Pkey(generated);
}

Result<QByteArray> ecdh(EVP_PKEY *own, EVP_PKEY *peer)
{
    PkeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, own, nullptr));
    size_t length = 0;
    if (!ctx || EVP_PKEY_derive_init(ctx.get()) <= 0 || EVP_PKEY_derive_set_peer_ex(ctx.get(), peer, 1) <= 0
        || EVP_PKEY_derive(ctx.get(), nullptr, &length) <= 0)
        return openSslError(u"ECDH failed"_s);
    QByteArray secret(qsizetype(length), Qt::Uninitialized);
    if (EVP_PKEY_derive(ctx.get(), bytes(secret), &length) <= 0 || length != 32)
        return openSslError(u"ECDH failed"_s);
    return secret;
}

Result<QByteArray> hmacSha256(const QByteArray &key, const QByteArray &data)
{
    QByteArray mac(HmacBytes, Qt::Uninitialized);
    size_t length = 0;
    if (!EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, key.constData(), size_t(key.size()),
                   bytes(data), size_t(data.size()), bytes(mac), size_t(mac.size()), &length)
        || length != HmacBytes)
        return openSslError(u"HMAC-SHA-256 failed"_s);
    return mac;
}

// HKDF-SHA-256 (RFC 5869) for outputs of at most one hash length, which is all Web Push takes: one expansion
// block, T(1) = HMAC(PRK, info || 0x01).
Result<QByteArray> hkdf(const QByteArray &salt, const QByteArray &ikm, const QByteArray &info, int length)
{
    auto prk = hmacSha256(salt, ikm);
    if (!prk)
        return prk.error();
    auto block = hmacSha256(prk.value(), info + '\x01');
    if (!block)
        return block.error();
    return block.value().left(length);
}

struct ContentKeys
{
    QByteArray cek;
    QByteArray nonce;
};

// RFC 8291 §3.3 and §3.4, then RFC 8188 §2.2 and §2.3 for the only record (sequence number 0).
Result<ContentKeys> contentKeys(const QByteArray &ecdhSecret, const QByteArray &authSecret,
                                const QByteArray &uaPublicKey, const QByteArray &asPublicKey,
                                const QByteArray &salt)
{
    const QByteArray keyInfo = "WebPush: info"_ba + '\0' + uaPublicKey + asPublicKey;
    auto ikm = hkdf(authSecret, ecdhSecret, keyInfo, HmacBytes);
    if (!ikm)
        return ikm.error();
    auto cek = hkdf(salt, ikm.value(), "Content-Encoding: aes128gcm"_ba + '\0', CekBytes);
    if (!cek)
        return cek.error();
    auto nonce = hkdf(salt, ikm.value(), "Content-Encoding: nonce"_ba + '\0', NonceBytes);
    if (!nonce)
        return nonce.error();
    return ContentKeys{cek.value(), nonce.value()};
}

// AES-128-GCM, the ciphertext followed by the 16-byte tag (AEAD_AES_128_GCM, no associated data).
Result<QByteArray> gcmSeal(const ContentKeys &keys, const QByteArray &plaintext)
{
    CipherCtx ctx(EVP_CIPHER_CTX_new());
    QByteArray out(plaintext.size() + WebPushCrypto::TagBytes, Qt::Uninitialized);
    unsigned char *tag = bytes(out) + plaintext.size();
    int length = 0, finalLength = 0;
    if (!ctx
        || EVP_EncryptInit_ex(ctx.get(), EVP_aes_128_gcm(), nullptr, bytes(keys.cek), bytes(keys.nonce)) != 1
        || EVP_EncryptUpdate(ctx.get(), bytes(out), &length, bytes(plaintext), int(plaintext.size())) != 1
        || EVP_EncryptFinal_ex(ctx.get(), bytes(out) + length, &finalLength) != 1
        || length + finalLength != plaintext.size()
        || EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, WebPushCrypto::TagBytes, tag) != 1)
        return openSslError(u"AES-128-GCM encryption failed"_s);
    return out;
}

Result<QByteArray> gcmOpen(const ContentKeys &keys, const QByteArray &sealed)
{
    const qsizetype textBytes = sealed.size() - WebPushCrypto::TagBytes;
    QByteArray tag = sealed.right(WebPushCrypto::TagBytes);
    QByteArray out(textBytes, Qt::Uninitialized);
    CipherCtx ctx(EVP_CIPHER_CTX_new());
    int length = 0, finalLength = 0;
    if (!ctx
        || EVP_DecryptInit_ex(ctx.get(), EVP_aes_128_gcm(), nullptr, bytes(keys.cek), bytes(keys.nonce)) != 1
        || EVP_DecryptUpdate(ctx.get(), bytes(out), &length, bytes(sealed), int(textBytes)) != 1
        || EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, WebPushCrypto::TagBytes, bytes(tag)) != 1)
        return openSslError(u"AES-128-GCM decryption failed"_s);
    if (EVP_DecryptFinal_ex(ctx.get(), bytes(out) + length, &finalLength) != 1) {
        ERR_clear_error();
        return makeError(u"decryption_failed", u"authentication failed: wrong keys or a tampered body"_s);
    }
    out.resize(length + finalLength);
    return out;
}

QByteArray jsonSegment(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact).toBase64(Base64Url);
}

// The JWS form of an ES256 signature is R || S, 32 bytes each (RFC 7518 §3.4); OpenSSL produces DER.
Result<QByteArray> es256Sign(EVP_PKEY *key, const QByteArray &signingInput)
{
    MdCtx ctx(EVP_MD_CTX_new());
    const auto *input = bytes(signingInput);
    const auto inputLength = size_t(signingInput.size());
    size_t derLength = 0;
    if (!ctx || EVP_DigestSignInit_ex(ctx.get(), nullptr, "SHA256", nullptr, nullptr, key, nullptr) != 1
        || EVP_DigestSign(ctx.get(), nullptr, &derLength, input, inputLength) != 1)
        return openSslError(u"ES256 signing failed"_s);
    QByteArray der(qsizetype(derLength), Qt::Uninitialized);
    if (EVP_DigestSign(ctx.get(), bytes(der), &derLength, input, inputLength) != 1)
        return openSslError(u"ES256 signing failed"_s);
    const unsigned char *p = bytes(der);
    EcdsaSig sig(d2i_ECDSA_SIG(nullptr, &p, long(derLength)));
    if (!sig)
        return openSslError(u"cannot read the ECDSA signature"_s);
    const BIGNUM *r = nullptr, *s = nullptr;
    ECDSA_SIG_get0(sig.get(), &r, &s);
    QByteArray raw(64, Qt::Uninitialized);
    if (BN_bn2binpad(r, bytes(raw), 32) != 32 || BN_bn2binpad(s, bytes(raw) + 32, 32) != 32)
        return openSslError(u"ECDSA signature out of range"_s);
    return raw;
}

// The origin of the endpoint as RFC 6454 serialises it (scheme://host[:port], the port only when not the
// scheme's default), which RFC 8292 §2 makes the "aud" claim.
std::optional<QString> audienceOf(const QString &endpointUrl)
{
    const QUrl url(endpointUrl, QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != "https"_L1 && url.scheme() != "http"_L1) || url.host().isEmpty())
        return std::nullopt;
    QUrl origin =
        url.adjusted(QUrl::RemoveUserInfo | QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment);
    if (origin.port() == (url.scheme() == "https"_L1 ? 443 : 80))
        origin.setPort(-1);
    return origin.toString(QUrl::FullyEncoded);
}

// RFC 8292 §2.1: the "sub" claim is a contact URI, mailto: or https:.
bool isContactUri(const QString &subject)
{
    for (const QLatin1StringView scheme : {"mailto:"_L1, "https:"_L1}) {
        if (subject.size() > scheme.size() && subject.startsWith(scheme))
            return true;
    }
    return false;
}

} // namespace

Result<P256KeyPair> WebPushCrypto::generateKeyPair()
{
    auto generated = newP256Key();
    if (!generated)
        return generated.error();
    const Pkey key = std::move(generated).value();
    BIGNUM *raw = nullptr;
    if (EVP_PKEY_get_bn_param(key.get(), OSSL_PKEY_PARAM_PRIV_KEY, &raw) != 1)
        return openSslError(u"cannot read the generated private key"_s);
    const Bignum d(raw);
    QByteArray privateKey(PrivateKeyBytes, Qt::Uninitialized);
    if (BN_bn2binpad(d.get(), bytes(privateKey), PrivateKeyBytes) != PrivateKeyBytes)
        return openSslError(u"cannot read the generated private key"_s);
    // One way to a public key: the same derivation a loaded private key takes.
    return keyPairFromPrivate(privateKey);
}

Result<P256KeyPair> WebPushCrypto::keyPairFromPrivate(const QByteArray &privateKey)
{
    if (privateKey.size() != PrivateKeyBytes)
        return invalidPrivateKey();
    const Group group(EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1));
    const BnCtx bnCtx(BN_CTX_secure_new());
    const Bignum d(BN_secure_new());
    if (!group || !bnCtx || !d || !BN_bin2bn(bytes(privateKey), PrivateKeyBytes, d.get()))
        return openSslError(u"cannot set up P-256"_s);
    if (BN_is_zero(d.get()) || BN_cmp(d.get(), EC_GROUP_get0_order(group.get())) >= 0)
        return invalidPrivateKey();
    const Point q(EC_POINT_new(group.get()));
    QByteArray publicKey(PublicKeyBytes, Qt::Uninitialized);
    if (!q || EC_POINT_mul(group.get(), q.get(), d.get(), nullptr, nullptr, bnCtx.get()) != 1
        || EC_POINT_point2oct(group.get(), q.get(), POINT_CONVERSION_UNCOMPRESSED, bytes(publicKey),
                              size_t(publicKey.size()), bnCtx.get())
               != size_t(PublicKeyBytes))
        return openSslError(u"cannot derive the P-256 public key"_s);
    return P256KeyPair{privateKey, publicKey};
}

bool WebPushCrypto::isValidPublicKey(const QByteArray &publicKey)
{
    return publicKeyFrom(publicKey) != nullptr;
}

Result<QByteArray> WebPushCrypto::encrypt(const QByteArray &uaPublicKey, const QByteArray &authSecret,
                                          const QByteArray &plaintext, int padTo)
{
    // A fresh sender key used as OpenSSL made it: no export and re-import, no second derivation of its public
    // key (each a P-256 scalar multiplication; this runs once per push).
    auto generated = newP256Key();
    if (!generated)
        return generated.error();
    const Pkey own = std::move(generated).value();
    QByteArray publicKey(PublicKeyBytes, Qt::Uninitialized);
    size_t length = 0;
    if (EVP_PKEY_get_octet_string_param(own.get(), OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, bytes(publicKey),
                                        size_t(publicKey.size()), &length) != 1
        || length != size_t(PublicKeyBytes) || publicKey[0] != 0x04)
        return openSslError(u"cannot read the generated public key"_s);
    QByteArray salt(SaltBytes, Qt::Uninitialized);
    if (RAND_bytes(bytes(salt), SaltBytes) != 1)
        return openSslError(u"no random salt"_s);
    return sealFor(own.get(), publicKey, salt, uaPublicKey, authSecret, plaintext, padTo);
}

Result<QByteArray> WebPushCrypto::encryptWith(const P256KeyPair &sender, const QByteArray &salt,
                                              const QByteArray &uaPublicKey, const QByteArray &authSecret,
                                              const QByteArray &plaintext, int padTo)
{
    auto own = keyPairFrom(sender);
    if (!own)
        return own.error();
    return sealFor(own.value().get(), sender.publicKey, salt, uaPublicKey, authSecret, plaintext, padTo);
}

Result<QByteArray> WebPushCrypto::sealFor(EVP_PKEY *own, const QByteArray &ownPublicKey, const QByteArray &salt,
                                          const QByteArray &uaPublicKey, const QByteArray &authSecret,
                                          const QByteArray &plaintext, int padTo)
{
    if (authSecret.size() != AuthSecretBytes)
        return makeError(u"invalid_auth_secret", QStringLiteral("the auth secret must be %1 bytes, not %2")
                                                     .arg(AuthSecretBytes)
                                                     .arg(authSecret.size()));
    if (salt.size() != SaltBytes)
        return makeError(u"invalid_salt", QStringLiteral("the salt must be %1 bytes").arg(SaltBytes));
    if (plaintext.size() > MaxPlaintextBytes || padTo > MaxPlaintextBytes)
        return makeError(u"payload_too_large",
                         QStringLiteral("a push message holds at most %1 bytes, not %2")
                             .arg(MaxPlaintextBytes)
                             .arg(std::max<qsizetype>(plaintext.size(), padTo)));
    Pkey ua = publicKeyFrom(uaPublicKey);
    if (!ua)
        return makeError(u"invalid_public_key",
                         u"the subscription's key is not an uncompressed P-256 point"_s);
    auto secret = ecdh(own, ua.get());
    if (!secret)
        return secret.error();
    auto keys = contentKeys(secret.value(), authSecret, uaPublicKey, ownPublicKey, salt);
    if (!keys)
        return keys.error();

    QByteArray record = plaintext;
    record.reserve(std::max<qsizetype>(plaintext.size(), padTo) + 1);
    record.append(PaddingDelimiter);
    if (padTo > plaintext.size())
        record.append(padTo - plaintext.size(), '\0');
    auto sealed = gcmSeal(keys.value(), record);
    if (!sealed)
        return sealed.error();

    QByteArray body = salt;
    body.reserve(HeaderBytes + sealed.value().size());
    char rs[4];
    qToBigEndian(RecordSize, rs);
    body.append(rs, 4);
    body.append(char(PublicKeyBytes));
    body.append(ownPublicKey);
    body.append(sealed.value());
    Q_ASSERT(body.size() <= MaxBodyBytes);
    return body;
}

Result<QByteArray> WebPushCrypto::decrypt(const P256KeyPair &ua, const QByteArray &authSecret,
                                          const QByteArray &body)
{
    if (authSecret.size() != AuthSecretBytes)
        return makeError(u"invalid_auth_secret", QStringLiteral("the auth secret must be %1 bytes, not %2")
                                                     .arg(AuthSecretBytes)
                                                     .arg(authSecret.size()));
    auto own = keyPairFrom(ua);
    if (!own)
        return own.error();
    // RFC 8188 §2.1 header; RFC 8291 §4: one record, the keyid the sender's uncompressed public key.
    constexpr int fixedHeader = SaltBytes + 4 + 1;
    if (body.size() < fixedHeader)
        return makeError(u"invalid_push_body", u"shorter than its header"_s);
    const QByteArray salt = body.left(SaltBytes);
    const quint32 rs = qFromBigEndian<quint32>(body.constData() + SaltBytes);
    const int idlen = static_cast<unsigned char>(body[SaltBytes + 4]);
    if (idlen != PublicKeyBytes || body.size() < fixedHeader + idlen)
        return makeError(u"invalid_push_body", u"the key id is not a 65-byte public key"_s);
    const QByteArray asPublicKey = body.mid(fixedHeader, idlen);
    Pkey sender = publicKeyFrom(asPublicKey);
    if (!sender)
        return makeError(u"invalid_push_body", u"the sender's key is not an uncompressed P-256 point"_s);
    const QByteArray record = body.mid(fixedHeader + idlen);
    if (rs < quint32(TagBytes + 2))
        return makeError(u"invalid_push_body", u"record size below the minimum of 18"_s);
    if (quint64(record.size()) > rs)
        return makeError(u"invalid_push_body", u"more than one record"_s);
    if (record.size() < TagBytes + 1)
        return makeError(u"invalid_push_body", u"the record is too short"_s);

    auto secret = ecdh(own.value().get(), sender.get());
    if (!secret)
        return secret.error();
    auto keys = contentKeys(secret.value(), authSecret, ua.publicKey, asPublicKey, salt);
    if (!keys)
        return keys.error();
    auto padded = gcmOpen(keys.value(), record);
    if (!padded)
        return padded.error();
    // Padding is zeros after the delimiter; the last record's delimiter is 0x02 (RFC 8188 §2, RFC 8291 §4).
    QByteArray plaintext = std::move(padded).value();
    qsizetype end = plaintext.size() - 1;
    while (end >= 0 && plaintext[end] == '\0')
        --end;
    if (end < 0 || plaintext[end] != PaddingDelimiter)
        return makeError(u"invalid_padding", u"the record does not end in the 0x02 delimiter and zeros"_s);
    plaintext.truncate(end);
    return plaintext;
}

Result<QString> WebPushCrypto::vapidAuthorization(const P256KeyPair &vapid, const QString &endpointUrl,
                                                  const QString &subject, qint64 expiresAtSecs)
{
    return vapidAuthorization(vapid, endpointUrl, subject, expiresAtSecs, QDateTime::currentSecsSinceEpoch());
}

Result<QString> WebPushCrypto::vapidAuthorization(const P256KeyPair &vapid, const QString &endpointUrl,
                                                  const QString &subject, qint64 expiresAtSecs,
                                                  qint64 nowSecs)
{
    const auto audience = audienceOf(endpointUrl);
    if (!audience)
        return makeError(u"invalid_endpoint", u"the push endpoint is not an absolute http(s) URL"_s);
    if (!isContactUri(subject))
        return makeError(u"invalid_vapid_subject", u"the VAPID subject must be a mailto: or https: URI"_s);
    if (expiresAtSecs <= nowSecs || expiresAtSecs - nowSecs > MaxVapidLifetimeSecs)
        return makeError(u"invalid_vapid_expiry",
                         QStringLiteral("a VAPID token must expire within 24 hours, not %1 s from now")
                             .arg(expiresAtSecs - nowSecs));
    auto key = keyPairFrom(vapid);
    if (!key)
        return key.error();
    const QJsonObject header{{u"typ"_s, u"JWT"_s}, {u"alg"_s, u"ES256"_s}};
    const QJsonObject claims{{u"aud"_s, *audience}, {u"exp"_s, expiresAtSecs}, {u"sub"_s, subject}};
    const QByteArray signingInput = jsonSegment(header) + '.' + jsonSegment(claims);
    auto signature = es256Sign(key.value().get(), signingInput);
    if (!signature)
        return signature.error();
    const QByteArray jwt = signingInput + '.' + signature.value().toBase64(Base64Url);
    return u"vapid t="_s + QString::fromLatin1(jwt) + u", k="_s
           + QString::fromLatin1(vapid.publicKey.toBase64(Base64Url));
}

} // namespace Banter::Server
