// JWS signature verification on OpenSSL 3's EVP interface. QCA has no elliptic curves (see JwsVerifier.h),
// so RS256 and ES256 both go through EVP, one code path for both key types.
#include "crypto/JwsVerifier.h"

#include "crypto/CryptoLog.h"
#include "crypto/OpenSslOwned.h"

#include <QJsonDocument>
#include <QJsonParseError>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

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

using Bignum = Owned<BIGNUM, BN_free>;

constexpr int MinRsaBits = 2048;
constexpr int MaxRsaBits = 8192;
constexpr qsizetype MaxTokenBytes = 16 * 1024;

const unsigned char *bytes(const QByteArray &a)
{
    return reinterpret_cast<const unsigned char *>(a.constData());
}

Error invalidToken(const QString &why)
{
    ERR_clear_error(); // OpenSSL's per-thread queue is shared with QCA's plugin: leave it empty
    return makeError(u"invalid_token", why);
}

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

bool isBase64Url(QByteArrayView text)
{
    for (const char c : text) {
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return false;
    }
    return true;
}

// Strict base64url (RFC 7515 §2: no padding, no other alphabet); nullopt otherwise.
std::optional<QByteArray> decode(QByteArrayView text)
{
    if (!isBase64Url(text))
        return std::nullopt;
    auto decoded = QByteArray::fromBase64Encoding(text.toByteArray(), QByteArray::Base64UrlEncoding
                                                                       | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    return *decoded;
}

std::optional<QByteArray> member(const QJsonObject &jwk, const QString &name)
{
    const QJsonValue v = jwk.value(name);
    if (!v.isString())
        return std::nullopt;
    auto decoded = decode(v.toString().toLatin1());
    if (!decoded || decoded->isEmpty())
        return std::nullopt;
    return decoded;
}

Result<Pkey> rsaKey(const QJsonObject &jwk)
{
    const auto n = member(jwk, u"n"_s);
    const auto e = member(jwk, u"e"_s);
    if (!n || !e || e->size() > 8)
        return invalidToken(u"the RSA key has no usable n or e"_s);
    Bignum bn(BN_bin2bn(bytes(*n), int(n->size()), nullptr));
    Bignum be(BN_bin2bn(bytes(*e), int(e->size()), nullptr));
    if (!bn || !be)
        return openSslError(u"cannot read the RSA key"_s);
    const int bits = BN_num_bits(bn.get());
    if (bits < MinRsaBits || bits > MaxRsaBits)
        return invalidToken(QStringLiteral("the RSA key has %1 bits (%2 to %3 accepted)").arg(bits).arg(MinRsaBits).arg(MaxRsaBits));
    if (!BN_is_odd(be.get()) || BN_is_one(be.get()))
        return invalidToken(u"the RSA key's exponent is not usable"_s);
    ParamBuilder builder(OSSL_PARAM_BLD_new());
    if (!builder || !OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, bn.get())
        || !OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, be.get()))
        return openSslError(u"cannot build the RSA key"_s);
    Params params(OSSL_PARAM_BLD_to_param(builder.get()));
    PkeyCtx ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
    EVP_PKEY *key = nullptr;
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0
        || EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) <= 0)
        return invalidToken(u"the RSA key does not load"_s);
    return Pkey(key);
}

Result<Pkey> p256Key(const QJsonObject &jwk)
{
    if (jwk.value(u"crv"_s).toString() != "P-256"_L1)
        return invalidToken(u"ES256 needs a P-256 key"_s);
    const auto x = member(jwk, u"x"_s);
    const auto y = member(jwk, u"y"_s);
    if (!x || !y || x->size() != 32 || y->size() != 32)
        return invalidToken(u"the EC key's x and y must be 32 bytes each"_s);
    const QByteArray point = QByteArray(1, '\x04') + *x + *y; // uncompressed, SEC 1 §2.3.3
    ParamBuilder builder(OSSL_PARAM_BLD_new());
    if (!builder || !OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, SN_X9_62_prime256v1, 0)
        || !OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, point.constData(),
                                             size_t(point.size())))
        return openSslError(u"cannot build the EC key"_s);
    Params params(OSSL_PARAM_BLD_to_param(builder.get()));
    PkeyCtx ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
    EVP_PKEY *raw = nullptr;
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0
        || EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) <= 0)
        return invalidToken(u"the EC key is not a P-256 point"_s);
    Pkey key(raw);
    // On the curve and not the point at infinity; P-256's cofactor is 1, so that is the full check.
    PkeyCtx check(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr));
    if (!check || EVP_PKEY_public_check_quick(check.get()) != 1)
        return invalidToken(u"the EC key is not a point on P-256"_s);
    return key;
}

// JWS carries R || S (RFC 7518 §3.4); OpenSSL verifies DER.
Result<QByteArray> ecdsaDer(const QByteArray &raw)
{
    if (raw.size() != 64)
        return invalidToken(u"an ES256 signature is 64 bytes"_s);
    EcdsaSig sig(ECDSA_SIG_new());
    BIGNUM *r = BN_bin2bn(bytes(raw), 32, nullptr);
    BIGNUM *s = BN_bin2bn(bytes(raw) + 32, 32, nullptr);
    if (!sig || !r || !s || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
        BN_free(r);
        BN_free(s);
        return openSslError(u"cannot read the ECDSA signature"_s);
    }
    const int length = i2d_ECDSA_SIG(sig.get(), nullptr);
    if (length <= 0)
        return openSslError(u"cannot encode the ECDSA signature"_s);
    QByteArray der(length, Qt::Uninitialized);
    auto *out = reinterpret_cast<unsigned char *>(der.data());
    if (i2d_ECDSA_SIG(sig.get(), &out) != length)
        return openSslError(u"cannot encode the ECDSA signature"_s);
    return der;
}

} // namespace

bool JwsVerifier::isSupportedAlg(const QString &alg)
{
    return alg == "RS256"_L1 || alg == "ES256"_L1;
}

Result<JwsParts> JwsVerifier::parse(const QByteArray &compact)
{
    if (compact.size() > MaxTokenBytes)
        return makeError(u"invalid_token", u"the token is too long"_s);
    const QList<QByteArray> segments = compact.split('.');
    if (segments.size() != 3)
        return makeError(u"invalid_token", u"not a compact JWS (three dot-separated parts)"_s);
    const auto header = decode(segments[0]);
    const auto payload = decode(segments[1]);
    const auto signature = decode(segments[2]);
    if (!header || !payload || !signature)
        return makeError(u"invalid_token", u"a part is not base64url"_s);
    QJsonParseError e;
    const QJsonDocument h = QJsonDocument::fromJson(*header, &e);
    if (e.error != QJsonParseError::NoError || !h.isObject())
        return makeError(u"invalid_token", u"the header is not a JSON object"_s);
    const QJsonDocument p = QJsonDocument::fromJson(*payload, &e);
    if (e.error != QJsonParseError::NoError || !p.isObject())
        return makeError(u"invalid_token", u"the payload is not a JSON object"_s);
    return JwsParts{h.object(), p.object(), segments[0] + '.' + segments[1], *signature};
}

Result<void> JwsVerifier::verify(const JwsParts &parts, const QJsonObject &jwk)
{
    const QString alg = parts.header.value(u"alg"_s).toString();
    if (!isSupportedAlg(alg))
        return makeError(u"invalid_token", u"alg \""_s + alg.left(16) + u"\" is not accepted (RS256, ES256)"_s);
    // RFC 7515 §4.1.11: an extension the verifier must understand is one it does not.
    if (parts.header.contains(u"crit"_s))
        return makeError(u"invalid_token", u"the header has critical extensions"_s);
    const QString kty = jwk.value(u"kty"_s).toString();
    if ((alg == "RS256"_L1 && kty != "RSA"_L1) || (alg == "ES256"_L1 && kty != "EC"_L1))
        return makeError(u"invalid_token", u"alg "_s + alg + u" does not fit a key of type "_s + kty.left(8));
    if (jwk.contains(u"alg"_s) && jwk.value(u"alg"_s).toString() != alg)
        return makeError(u"invalid_token", u"the key is for another alg"_s);
    if (jwk.contains(u"use"_s) && jwk.value(u"use"_s).toString() != "sig"_L1)
        return makeError(u"invalid_token", u"the key is not a signing key"_s);

    auto key = alg == "RS256"_L1 ? rsaKey(jwk) : p256Key(jwk);
    if (!key)
        return key.error();
    QByteArray signature = parts.signature;
    if (alg == "ES256"_L1) {
        auto der = ecdsaDer(signature);
        if (!der)
            return der.error();
        signature = der.value();
    }
    MdCtx ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestVerifyInit_ex(ctx.get(), nullptr, "SHA256", nullptr, nullptr, key->get(), nullptr) != 1)
        return openSslError(u"cannot start verifying"_s);
    if (alg == "RS256"_L1) {
        // PKCS#1 v1.5 is the default, but say so: a PSS signature is a different alg (PS256), not accepted here.
        EVP_PKEY_CTX *pctx = EVP_MD_CTX_get_pkey_ctx(ctx.get());
        if (!pctx || EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) != 1)
            return openSslError(u"cannot set RSA padding"_s);
    }
    const int verified = EVP_DigestVerify(ctx.get(), bytes(signature), size_t(signature.size()),
                                          bytes(parts.signingInput), size_t(parts.signingInput.size()));
    if (verified != 1)
        return invalidToken(u"the signature does not verify"_s);
    return {};
}

} // namespace Banter::Server
