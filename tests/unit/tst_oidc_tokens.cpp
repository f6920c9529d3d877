// JwsVerifier (RS256, ES256 from JWKs; everything else refused), IdTokenVerifier's claim checks and the cache
// lifetimes OidcProviders takes from HTTP headers. Keys and signatures are made here with OpenSSL, independently
// of the code under test (its signing side does not exist: banterd only verifies).
#include "crypto/JwsVerifier.h"
#include "service/IdTokenVerifier.h"
#include "service/OidcProviders.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QTimeZone>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>

#include <memory>

using namespace Qt::StringLiterals;
using namespace Banter;
using namespace Banter::Server;

namespace {

constexpr auto Base64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

struct PkeyFree
{
    void operator()(EVP_PKEY *k) const { EVP_PKEY_free(k); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;

Pkey generate(const char *type, const char *param)
{
    EVP_PKEY *key = nullptr;
    if (QByteArray(type) == "RSA")
        key = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t(QByteArray(param).toInt()));
    else
        key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", param);
    if (!key)
        qFatal("key generation failed");
    return Pkey(key);
}

QByteArray bnParam(EVP_PKEY *key, const char *name, int pad = 0)
{
    BIGNUM *bn = nullptr;
    if (EVP_PKEY_get_bn_param(key, name, &bn) != 1)
        qFatal("no parameter %s", name);
    QByteArray out(pad > 0 ? pad : BN_num_bytes(bn), '\0');
    if (pad > 0)
        BN_bn2binpad(bn, reinterpret_cast<unsigned char *>(out.data()), pad);
    else
        BN_bn2bin(bn, reinterpret_cast<unsigned char *>(out.data()));
    BN_free(bn);
    return out;
}

QJsonObject rsaJwk(EVP_PKEY *key, const QString &kid)
{
    return {{u"kty"_s, u"RSA"_s}, {u"kid"_s, kid}, {u"use"_s, u"sig"_s}, {u"alg"_s, u"RS256"_s},
            {u"n"_s, QString::fromLatin1(bnParam(key, OSSL_PKEY_PARAM_RSA_N).toBase64(Base64Url))},
            {u"e"_s, QString::fromLatin1(bnParam(key, OSSL_PKEY_PARAM_RSA_E).toBase64(Base64Url))}};
}

QJsonObject ecJwk(EVP_PKEY *key, const QString &kid)
{
    return {{u"kty"_s, u"EC"_s}, {u"kid"_s, kid}, {u"crv"_s, u"P-256"_s},
            {u"x"_s, QString::fromLatin1(bnParam(key, OSSL_PKEY_PARAM_EC_PUB_X, 32).toBase64(Base64Url))},
            {u"y"_s, QString::fromLatin1(bnParam(key, OSSL_PKEY_PARAM_EC_PUB_Y, 32).toBase64(Base64Url))}};
}

QByteArray segment(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact).toBase64(Base64Url);
}

QByteArray derToRaw(const QByteArray &der)
{
    const auto *p = reinterpret_cast<const unsigned char *>(der.constData());
    ECDSA_SIG *sig = d2i_ECDSA_SIG(nullptr, &p, long(der.size()));
    const BIGNUM *r = nullptr, *s = nullptr;
    ECDSA_SIG_get0(sig, &r, &s);
    QByteArray raw(64, '\0');
    BN_bn2binpad(r, reinterpret_cast<unsigned char *>(raw.data()), 32);
    BN_bn2binpad(s, reinterpret_cast<unsigned char *>(raw.data()) + 32, 32);
    ECDSA_SIG_free(sig);
    return raw;
}

// A compact JWS over header and payload, signed with key (SHA-256; ES256 signatures as R || S).
QByteArray sign(EVP_PKEY *key, const QJsonObject &header, const QJsonObject &payload)
{
    const QByteArray input = segment(header) + '.' + segment(payload);
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    size_t length = 0;
    EVP_DigestSignInit_ex(ctx, nullptr, "SHA256", nullptr, nullptr, key, nullptr);
    EVP_DigestSign(ctx, nullptr, &length, reinterpret_cast<const unsigned char *>(input.constData()), size_t(input.size()));
    QByteArray sig(qsizetype(length), '\0');
    EVP_DigestSign(ctx, reinterpret_cast<unsigned char *>(sig.data()), &length,
                   reinterpret_cast<const unsigned char *>(input.constData()), size_t(input.size()));
    EVP_MD_CTX_free(ctx);
    sig.resize(qsizetype(length));
    if (EVP_PKEY_is_a(key, "EC"))
        sig = derToRaw(sig);
    return input + '.' + sig.toBase64(Base64Url);
}

Result<void> check(const QByteArray &token, const QJsonObject &jwk)
{
    auto parts = JwsVerifier::parse(token);
    if (!parts)
        return parts.error();
    return JwsVerifier::verify(parts.value(), jwk);
}

const QJsonObject Payload{{u"iss"_s, u"https://op.example"_s}, {u"sub"_s, u"248289761001"_s}, {u"aud"_s, u"banter"_s}};

} // namespace

class TestOidcTokens : public QObject
{
    Q_OBJECT

private:
    Pkey m_rsa = generate("RSA", "2048");
    Pkey m_rsa2 = generate("RSA", "2048");
    Pkey m_ec = generate("EC", "P-256");
    Pkey m_ec2 = generate("EC", "P-256");

private slots:
    void rs256Verifies()
    {
        const QByteArray token = sign(m_rsa.get(), {{u"alg"_s, u"RS256"_s}, {u"kid"_s, u"r1"_s}}, Payload);
        QVERIFY(check(token, rsaJwk(m_rsa.get(), u"r1"_s)));
        auto parts = JwsVerifier::parse(token);
        QCOMPARE(parts->payload.value(u"sub"_s).toString(), u"248289761001"_s);
    }

    void es256Verifies()
    {
        const QByteArray token = sign(m_ec.get(), {{u"alg"_s, u"ES256"_s}, {u"kid"_s, u"e1"_s}}, Payload);
        QVERIFY(check(token, ecJwk(m_ec.get(), u"e1"_s)));
    }

    void otherKeysAndTamperingFail()
    {
        const QByteArray rs = sign(m_rsa.get(), {{u"alg"_s, u"RS256"_s}}, Payload);
        QVERIFY(!check(rs, rsaJwk(m_rsa2.get(), u"r2"_s)));
        const QByteArray es = sign(m_ec.get(), {{u"alg"_s, u"ES256"_s}}, Payload);
        QVERIFY(!check(es, ecJwk(m_ec2.get(), u"e2"_s)));
        // The payload changed after signing (sub of someone else).
        QJsonObject other = Payload;
        other.insert(u"sub"_s, u"1"_s);
        for (const QByteArray &token : {rs, es}) {
            QList<QByteArray> parts = token.split('.');
            parts[1] = segment(other);
            const QJsonObject jwk = token == rs ? rsaJwk(m_rsa.get(), u"r1"_s) : ecJwk(m_ec.get(), u"e1"_s);
            auto r = check(parts.join('.'), jwk);
            QVERIFY(!r);
            QCOMPARE(r.error().code, u"invalid_token"_s);
            // A flipped bit in the signature.
            QByteArray sig = QByteArray::fromBase64(token.split('.')[2], Base64Url);
            sig[5] = char(sig[5] ^ 1);
            QVERIFY(!check(token.first(token.lastIndexOf('.') + 1) + sig.toBase64(Base64Url), jwk));
        }
    }

    void algNoneAndConfusionAreRefused()
    {
        const QJsonObject rsaKey = rsaJwk(m_rsa.get(), u"r1"_s);
        // alg none, with and without a signature part.
        const QByteArray none = segment({{u"alg"_s, u"none"_s}}) + '.' + segment(Payload) + '.';
        auto r = check(none, rsaKey);
        QVERIFY(!r);
        QVERIFY2(r.error().message.contains(u"none"_s), qPrintable(r.error().message));
        QVERIFY(!check(none + "AAAA", rsaKey));
        QVERIFY(!JwsVerifier::isSupportedAlg(u"none"_s));
        // HS256 "signed" with the RSA key's public bytes: the key-confusion attack.
        QVERIFY(!check(segment({{u"alg"_s, u"HS256"_s}}) + '.' + segment(Payload) + ".c2lnbmF0dXJl", rsaKey));
        // Both keys fine, algs swapped: an RS256 header with an EC key and the reverse.
        const QByteArray es = sign(m_ec.get(), {{u"alg"_s, u"ES256"_s}}, Payload);
        QVERIFY(!check(es, rsaKey));
        const QByteArray rs = sign(m_rsa.get(), {{u"alg"_s, u"RS256"_s}}, Payload);
        QVERIFY(!check(rs, ecJwk(m_ec.get(), u"e1"_s)));
        // A key that says it is for another alg, or for encryption.
        QJsonObject wrongAlg = rsaKey;
        wrongAlg.insert(u"alg"_s, u"RS512"_s);
        QVERIFY(!check(rs, wrongAlg));
        QJsonObject encKey = rsaKey;
        encKey.insert(u"use"_s, u"enc"_s);
        QVERIFY(!check(rs, encKey));
        // PS256 and friends are not accepted either.
        const QByteArray ps = segment({{u"alg"_s, u"PS256"_s}}) + '.' + segment(Payload) + '.' + rs.split('.')[2];
        QVERIFY(!check(ps, rsaKey));
        // Critical header extensions we do not understand.
        const QByteArray crit = sign(m_rsa.get(), {{u"alg"_s, u"RS256"_s}, {u"crit"_s, QJsonArray{u"exp"_s}}}, Payload);
        QVERIFY(!check(crit, rsaKey));
    }

    void weakOrBrokenKeysAreRefused()
    {
        Pkey small = generate("RSA", "1024");
        const QByteArray token = sign(small.get(), {{u"alg"_s, u"RS256"_s}}, Payload);
        auto r = check(token, rsaJwk(small.get(), u"s"_s));
        QVERIFY(!r);
        QVERIFY2(r.error().message.contains(u"bits"_s), qPrintable(r.error().message));
        // A point off the curve.
        QJsonObject bent = ecJwk(m_ec.get(), u"e1"_s);
        QByteArray y = QByteArray::fromBase64(bent.value(u"y"_s).toString().toLatin1(), Base64Url);
        y[31] = char(y[31] ^ 1);
        bent.insert(u"y"_s, QString::fromLatin1(y.toBase64(Base64Url)));
        QVERIFY(!check(sign(m_ec.get(), {{u"alg"_s, u"ES256"_s}}, Payload), bent));
        // Missing members, wrong curve.
        QJsonObject noN = rsaJwk(m_rsa.get(), u"r1"_s);
        noN.remove(u"n"_s);
        QVERIFY(!check(sign(m_rsa.get(), {{u"alg"_s, u"RS256"_s}}, Payload), noN));
        QJsonObject p384 = ecJwk(m_ec.get(), u"e1"_s);
        p384.insert(u"crv"_s, u"P-384"_s);
        QVERIFY(!check(sign(m_ec.get(), {{u"alg"_s, u"ES256"_s}}, Payload), p384));
    }

    void malformedTokensAreRefused()
    {
        for (const QByteArray &bad : {QByteArray(), QByteArray("a.b"), QByteArray("a.b.c.d"), QByteArray("!!.e30.AA"),
                                      segment({{u"alg"_s, u"RS256"_s}}) + ".bm90IGpzb24.AA",
                                      QByteArray("W10.e30.AA"), // [] is not an object
                                      QByteArray(20000, 'a')}) {
            auto r = JwsVerifier::parse(bad);
            QVERIFY2(!r, bad.left(40).constData());
            QCOMPARE(r.error().code, u"invalid_token"_s);
        }
    }

    void claimChecks()
    {
        const qint64 now = 1'800'000'000;
        const QString iss = u"https://op.example"_s;
        QJsonObject p{{u"iss"_s, iss}, {u"sub"_s, u"s1"_s}, {u"aud"_s, u"banter"_s}, {u"iat"_s, now - 10},
                      {u"exp"_s, now + 300}, {u"nonce"_s, u"n-1"_s}, {u"email"_s, u"Alice@Example.org"_s},
                      {u"email_verified"_s, true}, {u"name"_s, u"Alice A."_s}};
        auto ok = IdTokenVerifier::checkClaims(p, iss, u"banter"_s, u"n-1"_s, now, 60);
        QVERIFY2(ok, ok ? "" : qPrintable(ok.error().message));
        QCOMPARE(ok->subject, u"s1"_s);
        QCOMPARE(ok->email, u"Alice@Example.org"_s);
        QCOMPARE(ok->nonce, u"n-1"_s);
        // Without a nonce expected, the token's is still reported (the caller makes it single-use).
        QCOMPARE(IdTokenVerifier::checkClaims(p, iss, u"banter"_s, QString(), now, 60)->nonce, u"n-1"_s);

        const auto refused = [&](QJsonObject changed, const QString &nonce = u"n-1"_s) {
            auto r = IdTokenVerifier::checkClaims(changed, iss, u"banter"_s, nonce, now, 60);
            return !r && r.error().code == u"unauthorized"_s;
        };
        QJsonObject c = p;
        c.insert(u"iss"_s, u"https://evil.example"_s);
        QVERIFY(refused(c));
        c = p;
        c.insert(u"aud"_s, u"someone-else"_s);
        QVERIFY(refused(c));
        c = p;
        c.insert(u"aud"_s, QJsonArray{u"banter"_s, u"other"_s}); // several audiences: azp must be us
        QVERIFY(refused(c));
        c.insert(u"azp"_s, u"banter"_s);
        QVERIFY(!refused(c));
        c = p;
        c.insert(u"exp"_s, now - 61); // beyond the skew
        QVERIFY(refused(c));
        c.insert(u"exp"_s, now - 30); // within it
        QVERIFY(!refused(c));
        c = p;
        c.insert(u"iat"_s, now + 120);
        QVERIFY(refused(c));
        c = p;
        c.remove(u"exp"_s);
        QVERIFY(refused(c));
        c = p;
        c.insert(u"exp"_s, u"tomorrow"_s);
        QVERIFY(refused(c));
        c = p;
        c.insert(u"nbf"_s, now + 600);
        QVERIFY(refused(c));
        c = p;
        c.remove(u"sub"_s);
        QVERIFY(refused(c));
        QVERIFY(refused(p, u"another-nonce"_s));
        c = p;
        c.remove(u"nonce"_s);
        QVERIFY(refused(c)); // a nonce was given, the token has none
        // An unverified email is not used.
        c = p;
        c.insert(u"email_verified"_s, false);
        QCOMPARE(IdTokenVerifier::checkClaims(c, iss, u"banter"_s, u"n-1"_s, now, 60)->email, QString());
        c.remove(u"email_verified"_s);
        QCOMPARE(IdTokenVerifier::checkClaims(c, iss, u"banter"_s, u"n-1"_s, now, 60)->email, QString());
    }

    void cacheLifetimes()
    {
        const QDateTime now = QDateTime::fromSecsSinceEpoch(1'800'000'000, QTimeZone::UTC);
        const auto lifetime = [&](QList<std::pair<QByteArray, QByteArray>> headers) {
            return OidcProviders::cacheLifetime(OidcHttpResponse{200, {}, headers}, now).count();
        };
        QCOMPARE(lifetime({{"cache-control", "public, max-age=19845, must-revalidate"}}), 19845);
        QCOMPARE(lifetime({{"cache-control", "max-age=600"}, {"age", "100"}}), 500);
        QCOMPARE(lifetime({{"cache-control", "max-age=600"}, {"age", "900"}}), 0);
        QCOMPARE(lifetime({{"cache-control", "no-store"}}), 0);
        QCOMPARE(lifetime({{"cache-control", "no-cache, max-age=600"}}), 0);
        QCOMPARE(lifetime({{"cache-control", "max-age=99999999"}}), 24 * 3600);
        QCOMPARE(lifetime({{"date", "Fri, 15 Jan 2027 08:00:00 GMT"}, {"expires", "Fri, 15 Jan 2027 09:00:00 GMT"}}), 3600);
        QCOMPARE(lifetime({{"expires", "0"}}), 0);
        QCOMPARE(lifetime({}), 3600);
        QCOMPARE(OidcProviders::discoveryUrl(u"https://accounts.google.com"_s).toString(),
                 u"https://accounts.google.com/.well-known/openid-configuration"_s);
        QCOMPARE(OidcProviders::discoveryUrl(u"https://www.facebook.com"_s).toString(),
                 u"https://www.facebook.com/.well-known/openid-configuration/"_s);
        QCOMPARE(OidcProviders::discoveryUrl(u"https://login.example/realms/x/"_s).toString(),
                 u"https://login.example/realms/x/.well-known/openid-configuration"_s);
    }
};

QTEST_GUILESS_MAIN(TestOidcTokens)
#include "tst_oidc_tokens.moc"
