#include "crypto/CryptoService.h"
#include "crypto/KeyStore.h"
#include "crypto/WebPushCrypto.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QtCrypto>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>

#include <sys/stat.h>

#include <memory>
#include <optional>

using namespace Qt::StringLiterals;
using namespace Banter;
using namespace Banter::Server;

namespace {

constexpr auto Base64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

QByteArray unb64u(QByteArrayView text)
{
    QByteArray compact = text.toByteArray();
    compact.replace(' ', "");
    auto decoded =
        QByteArray::fromBase64Encoding(compact, Base64Url | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        qFatal("bad base64url in a test vector: %s", compact.constData());
    return decoded.decoded;
}

// RFC 8291 §5 ("Push Message Encryption Example") and Appendix A ("Intermediate Values for Encryption"),
// transcribed from the RFC text; the RFC wraps the long values, the spaces here mark its line breaks.
namespace Rfc8291 {
const QByteArray plaintext = "When I grow up, I want to be a watermelon";
const QByteArray asPublic = unb64u("BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIg "
                                   "Dll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8");
const QByteArray asPrivate = unb64u("yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw");
const QByteArray uaPublic = unb64u("BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcx "
                                   "aOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4");
const QByteArray uaPrivate = unb64u("q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94");
const QByteArray salt = unb64u("DGv6ra1nlYgDCS1FRnbzlw");
const QByteArray authSecret = unb64u("BTBZMqHH6r4Tts7J_aSIgg");
// Appendix A: the content encryption key and nonce these inputs give.
const QByteArray cek = unb64u("oIhVW04MRdy2XN9CiKLxTg");
const QByteArray nonce = unb64u("4h_95klXJ5E_qnoN");
// Appendix A: the 86-octet header and the AES-GCM output; §5: the body, their concatenation.
const QByteArray header = unb64u("DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z 9KsN6nGRTbVYI_c7VJSPQTBtkgcy27ml "
                                 "mlMoZIIgDll6e3vCYLocInmYWAmS6Tlz AC8wEqKK6PBru3jl7A8");
const QByteArray ciphertext = unb64u("8pfeW0KbunFT06SuDKoJH9Ql87S1QUrd irN6GcG7sFz1y1sqLgVi1VhjVkHsUoEs "
                                     "bI_0LpXMuGvnzQ");
const QByteArray body = unb64u("DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27ml "
                               "mlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPT "
                               "pK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN");
} // namespace Rfc8291

// AES-128-GCM written against OpenSSL here, to make records WebPushCrypto would never write.
QByteArray aes128GcmSeal(const QByteArray &key, const QByteArray &nonce, const QByteArray &plaintext)
{
    std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx(EVP_CIPHER_CTX_new(),
                                                                        EVP_CIPHER_CTX_free);
    const auto in = [](const QByteArray &a) {
        return reinterpret_cast<const unsigned char *>(a.constData());
    };
    QByteArray out(plaintext.size() + 16, '\0');
    auto *o = reinterpret_cast<unsigned char *>(out.data());
    int length = 0, finalLength = 0;
    if (EVP_EncryptInit_ex(ctx.get(), EVP_aes_128_gcm(), nullptr, in(key), in(nonce)) != 1
        || EVP_EncryptUpdate(ctx.get(), o, &length, in(plaintext), int(plaintext.size())) != 1
        || EVP_EncryptFinal_ex(ctx.get(), o + length, &finalLength) != 1
        || EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, 16, o + plaintext.size()) != 1)
        return {};
    return out;
}

// The order n of P-256 (SEC 2 §2.4.2).
const QByteArray p256Order =
    QByteArray::fromHex("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551");

QString errorCode(const auto &result)
{
    return result.ok() ? u"(ok)"_s : result.error().code;
}

// An ES256 check written against OpenSSL here, independently of WebPushCrypto: the JWS signature R || S goes
// back to DER and EVP_DigestVerify checks it with the public point.
bool es256Verify(const QByteArray &publicKey, const QByteArray &signingInput, const QByteArray &rawSignature)
{
    if (rawSignature.size() != 64)
        return false;
    std::unique_ptr<OSSL_PARAM_BLD, decltype(&OSSL_PARAM_BLD_free)> builder(OSSL_PARAM_BLD_new(),
                                                                          OSSL_PARAM_BLD_free);
    OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, SN_X9_62_prime256v1, 0);
    OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, publicKey.constData(),
                                     size_t(publicKey.size()));
    std::unique_ptr<OSSL_PARAM, decltype(&OSSL_PARAM_free)> params(OSSL_PARAM_BLD_to_param(builder.get()),
                                                                   OSSL_PARAM_free);
    std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(
        EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr), EVP_PKEY_CTX_free);
    EVP_PKEY *raw = nullptr;
    if (EVP_PKEY_fromdata_init(ctx.get()) <= 0
        || EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) <= 0)
        return false;
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(raw, EVP_PKEY_free);

    std::unique_ptr<ECDSA_SIG, decltype(&ECDSA_SIG_free)> sig(ECDSA_SIG_new(), ECDSA_SIG_free);
    const auto *bytes = reinterpret_cast<const unsigned char *>(rawSignature.constData());
    BIGNUM *r = BN_bin2bn(bytes, 32, nullptr);
    BIGNUM *s = BN_bin2bn(bytes + 32, 32, nullptr);
    if (!ECDSA_SIG_set0(sig.get(), r, s))
        return false;
    unsigned char *der = nullptr;
    const int derLength = i2d_ECDSA_SIG(sig.get(), &der);
    const auto freeDer = [](unsigned char *p) { OPENSSL_free(p); };
    std::unique_ptr<unsigned char, decltype(freeDer)> derOwner(der, freeDer);
    if (derLength <= 0)
        return false;

    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> md(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    return EVP_DigestVerifyInit_ex(md.get(), nullptr, "SHA256", nullptr, nullptr, key.get(), nullptr) == 1
           && EVP_DigestVerify(md.get(), der, size_t(derLength),
                               reinterpret_cast<const unsigned char *>(signingInput.constData()),
                               size_t(signingInput.size()))
                  == 1;
}

int fileMode(const QString &path)
{
    struct stat info{};
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return -1;
    return int(info.st_mode & 07777);
}

QJsonObject readJson(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

bool writeJson(const QString &path, const QJsonObject &root)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return file.write(QJsonDocument(root).toJson()) > 0;
}

} // namespace

class TestWebPushCrypto : public QObject
{
    Q_OBJECT

private:
    CryptoService m_crypto;
    QTemporaryDir m_dir;

    // The header (minus its signature) and claims of a VAPID Authorization value, after the checks every such
    // value must pass; the signature is checked against the value's own k=.
    struct Vapid
    {
        QJsonObject header;
        QJsonObject claims;
        QByteArray publicKey;
        QByteArray signingInput;
        QByteArray signature;
    };
    static std::optional<Vapid> parseVapid(const QString &authorization)
    {
        static const QRegularExpression form(
            u"^vapid t=([A-Za-z0-9_-]+)\\.([A-Za-z0-9_-]+)\\.([A-Za-z0-9_-]+), k=([A-Za-z0-9_-]+)$"_s);
        const QRegularExpressionMatch m = form.match(authorization);
        if (!m.hasMatch())
            return std::nullopt;
        Vapid v;
        v.header = QJsonDocument::fromJson(unb64u(m.captured(1).toLatin1())).object();
        v.claims = QJsonDocument::fromJson(unb64u(m.captured(2).toLatin1())).object();
        v.signingInput = (m.captured(1) + u'.' + m.captured(2)).toLatin1();
        v.signature = unb64u(m.captured(3).toLatin1());
        v.publicKey = unb64u(m.captured(4).toLatin1());
        return v;
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(CryptoService::checkSupport().ok(), "QCA plugins missing");
        QVERIFY(m_dir.isValid());
    }

    // --- Keys ---

    void keyPairFromPrivate()
    {
        // The RFC's key pairs: deriving each public key from its private key gives the published point.
        auto as = WebPushCrypto::keyPairFromPrivate(Rfc8291::asPrivate);
        QVERIFY(as.ok());
        QCOMPARE(as->publicKey, Rfc8291::asPublic);
        QCOMPARE(as->privateKey, Rfc8291::asPrivate);
        auto ua = WebPushCrypto::keyPairFromPrivate(Rfc8291::uaPrivate);
        QVERIFY(ua.ok());
        QCOMPARE(ua->publicKey, Rfc8291::uaPublic);

        // n - 1 is the largest scalar; 0, n and anything above, and other lengths are not keys.
        QByteArray nMinus1 = p256Order;
        nMinus1[31] = char(nMinus1[31] - 1);
        QVERIFY(WebPushCrypto::keyPairFromPrivate(nMinus1).ok());
        QByteArray one(32, '\0');
        one[31] = 1;
        auto generator = WebPushCrypto::keyPairFromPrivate(one);
        QVERIFY(generator.ok());
        // 1·G is the generator (SEC 2 §2.4.2).
        QCOMPARE(generator->publicKey.toHex(),
                 "046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"
                 "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5"_ba);
        for (const QByteArray &bad : {QByteArray(32, '\0'), p256Order, QByteArray(32, '\xff'),
                                      QByteArray(31, '\x01'), QByteArray(33, '\x01'), QByteArray()}) {
            auto pair = WebPushCrypto::keyPairFromPrivate(bad);
            QCOMPARE(errorCode(pair), u"invalid_private_key"_s);
        }
    }

    void generateKeyPair()
    {
        auto a = WebPushCrypto::generateKeyPair();
        auto b = WebPushCrypto::generateKeyPair();
        QVERIFY(a.ok() && b.ok());
        QCOMPARE(a->privateKey.size(), 32);
        QCOMPARE(a->publicKey.size(), 65);
        QCOMPARE(a->publicKey[0], '\x04');
        QVERIFY(WebPushCrypto::isValidPublicKey(a->publicKey));
        QCOMPARE(WebPushCrypto::keyPairFromPrivate(a->privateKey).value(), a.value());
        QVERIFY(a->privateKey != b->privateKey);
    }

    void invalidPublicKeys_data()
    {
        QTest::addColumn<QByteArray>("key");
        QByteArray offCurve = Rfc8291::uaPublic;
        offCurve[64] = char(offCurve[64] ^ 1);
        QByteArray compressedPrefix = Rfc8291::uaPublic;
        compressedPrefix[0] = 0x03;
        QByteArray zeroPoint(65, '\0');
        zeroPoint[0] = 0x04;
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("64 bytes") << Rfc8291::uaPublic.left(64);
        QTest::newRow("66 bytes") << Rfc8291::uaPublic + '\0';
        QTest::newRow("compressed form") << QByteArray('\x02' + Rfc8291::uaPublic.mid(1, 32));
        QTest::newRow("0x03 prefix, 65 bytes") << compressedPrefix;
        // X9.62's hybrid form (0x06 or 0x07 with the parity of Y, then X and Y) is 65 bytes too, and OpenSSL
        // would take it; Web Push keys are uncompressed points only.
        QByteArray hybrid = Rfc8291::uaPublic;
        hybrid[0] = char(0x06 | (hybrid[64] & 1));
        QTest::newRow("hybrid form") << hybrid;
        QTest::newRow("not on the curve") << offCurve;
        QTest::newRow("(0, 0)") << zeroPoint;
        QTest::newRow("point at infinity") << QByteArray(1, '\0');
    }

    void invalidPublicKeys()
    {
        QFETCH(QByteArray, key);
        QVERIFY(!WebPushCrypto::isValidPublicKey(key));
        auto body = WebPushCrypto::encrypt(key, Rfc8291::authSecret, "hello");
        QCOMPARE(errorCode(body), u"invalid_public_key"_s);
    }

    // --- Message encryption (RFC 8291) ---

    // The worked example, to the byte: the fixed sender key pair and salt give the RFC's body, and the UA's
    // private key opens it again.
    void rfc8291Example()
    {
        QVERIFY(WebPushCrypto::isValidPublicKey(Rfc8291::uaPublic));
        QVERIFY(WebPushCrypto::isValidPublicKey(Rfc8291::asPublic));
        QCOMPARE(Rfc8291::header + Rfc8291::ciphertext, Rfc8291::body);
        const P256KeyPair sender{Rfc8291::asPrivate, Rfc8291::asPublic};
        auto body = WebPushCrypto::encryptWith(sender, Rfc8291::salt, Rfc8291::uaPublic, Rfc8291::authSecret,
                                               Rfc8291::plaintext);
        QVERIFY2(body.ok(), qPrintable(errorCode(body)));
        // Header and ciphertext apart first (base64url, as the RFC prints them), so a failure says which.
        QCOMPARE(body->left(WebPushCrypto::HeaderBytes).toBase64(Base64Url),
                 Rfc8291::header.toBase64(Base64Url));
        QCOMPARE(body->mid(WebPushCrypto::HeaderBytes).toBase64(Base64Url),
                 Rfc8291::ciphertext.toBase64(Base64Url));
        QCOMPARE(body.value(), Rfc8291::body);

        const P256KeyPair ua{Rfc8291::uaPrivate, Rfc8291::uaPublic};
        auto opened = WebPushCrypto::decrypt(ua, Rfc8291::authSecret, Rfc8291::body);
        QVERIFY2(opened.ok(), qPrintable(errorCode(opened)));
        QCOMPARE(opened.value(), Rfc8291::plaintext);

        // A sender pair whose halves do not belong together is refused, not used to write an unreadable body.
        const P256KeyPair mismatched{Rfc8291::asPrivate, Rfc8291::uaPublic};
        QCOMPARE(errorCode(WebPushCrypto::encryptWith(mismatched, Rfc8291::salt, Rfc8291::uaPublic,
                                                      Rfc8291::authSecret, Rfc8291::plaintext)),
                 u"invalid_private_key"_s);
        QCOMPARE(errorCode(WebPushCrypto::encryptWith(sender, Rfc8291::salt.left(15), Rfc8291::uaPublic,
                                                      Rfc8291::authSecret, Rfc8291::plaintext)),
                 u"invalid_salt"_s);
    }

    void roundTrip_data()
    {
        QTest::addColumn<QByteArray>("plaintext");
        QTest::addColumn<int>("padTo");
        QTest::addColumn<int>("bodyBytes");
        QTest::newRow("empty") << QByteArray() << 0 << 86 + 1 + 16;
        QTest::newRow("short") << QByteArray("{\"title\":\"hi\"}") << 0 << 86 + 14 + 1 + 16;
        QTest::newRow("padded") << QByteArray("{\"title\":\"hi\"}") << 1000 << 86 + 1000 + 1 + 16;
        QTest::newRow("padTo below length") << QByteArray(100, 'x') << 10 << 86 + 100 + 1 + 16;
        QTest::newRow("ends in zeros") << QByteArray("abc\0\0", 5) << 64 << 86 + 64 + 1 + 16;
        QTest::newRow("largest") << QByteArray(3993, 'y') << 0 << 4096;
        QTest::newRow("padded to the largest") << QByteArray("z") << 3993 << 4096;
    }

    void roundTrip()
    {
        QFETCH(QByteArray, plaintext);
        QFETCH(int, padTo);
        QFETCH(int, bodyBytes);
        auto ua = WebPushCrypto::generateKeyPair();
        QVERIFY(ua.ok());
        const QByteArray auth = m_crypto.randomBytes(16);
        auto body = WebPushCrypto::encrypt(ua->publicKey, auth, plaintext, padTo);
        QVERIFY2(body.ok(), qPrintable(errorCode(body)));
        QCOMPARE(body->size(), bodyBytes);
        // rs = 4096, idlen = 65, then a valid sender key that is not the UA's.
        QCOMPARE(body->mid(16, 5).toHex(), "0000100041"_ba);
        const QByteArray senderKey = body->mid(21, 65);
        QVERIFY(WebPushCrypto::isValidPublicKey(senderKey));
        QVERIFY(senderKey != ua->publicKey);

        auto opened = WebPushCrypto::decrypt(ua.value(), auth, body.value());
        QVERIFY2(opened.ok(), qPrintable(errorCode(opened)));
        QCOMPARE(opened.value(), plaintext);

        // Every message gets its own salt and sender key.
        auto again = WebPushCrypto::encrypt(ua->publicKey, auth, plaintext, padTo);
        QVERIFY(again.ok());
        QVERIFY(again->left(16) != body->left(16));
        QVERIFY(again->mid(21, 65) != senderKey);
        QCOMPARE(WebPushCrypto::decrypt(ua.value(), auth, again.value()).value(), plaintext);
    }

    void tamperedBodyFails_data()
    {
        QTest::addColumn<int>("offset");
        QTest::addColumn<QString>("code");
        QTest::newRow("salt") << 3 << u"decryption_failed"_s;
        QTest::newRow("first ciphertext byte") << 86 << u"decryption_failed"_s;
        QTest::newRow("last ciphertext byte") << 86 + 40 << u"decryption_failed"_s;
        QTest::newRow("tag") << 86 + 42 + 5 << u"decryption_failed"_s;
        QTest::newRow("idlen") << 20 << u"invalid_push_body"_s;
        // The sender key's last byte: the point falls off the curve.
        QTest::newRow("sender key") << 85 << u"invalid_push_body"_s;
    }

    void tamperedBodyFails()
    {
        QFETCH(int, offset);
        QFETCH(QString, code);
        const P256KeyPair ua{Rfc8291::uaPrivate, Rfc8291::uaPublic};
        QByteArray body = Rfc8291::body;
        body[offset] = char(body[offset] ^ 0x01);
        auto opened = WebPushCrypto::decrypt(ua, Rfc8291::authSecret, body);
        QCOMPARE(errorCode(opened), code);
    }

    void malformedBodies()
    {
        const P256KeyPair ua{Rfc8291::uaPrivate, Rfc8291::uaPublic};
        auto open = [&](const QByteArray &body) {
            return errorCode(WebPushCrypto::decrypt(ua, Rfc8291::authSecret, body));
        };
        QCOMPARE(open(QByteArray()), u"invalid_push_body"_s);
        QCOMPARE(open(Rfc8291::body.left(20)), u"invalid_push_body"_s);
        QCOMPARE(open(Rfc8291::body.left(85)), u"invalid_push_body"_s);
        // No record, and a record shorter than tag + delimiter.
        QCOMPARE(open(Rfc8291::header), u"invalid_push_body"_s);
        QCOMPARE(open(Rfc8291::body.left(86 + 16)), u"invalid_push_body"_s);
        // Truncated.
        QCOMPARE(open(Rfc8291::body.left(Rfc8291::body.size() - 1)), u"decryption_failed"_s);
        // A record longer than rs: a second record, which push messages never have.
        QByteArray smallRs = Rfc8291::body;
        smallRs[18] = 0;
        smallRs[19] = 18;
        QCOMPARE(open(smallRs), u"invalid_push_body"_s);
        smallRs[19] = 17;
        QCOMPARE(open(smallRs), u"invalid_push_body"_s);
    }

    // Records sealed here under the RFC's content key and nonce (Appendix A), behind the RFC's header: the
    // UA's key opens them, and only a record ending in 0x02 and zeros counts.
    void paddingChecked_data()
    {
        QTest::addColumn<QByteArray>("record");
        QTest::addColumn<QString>("result");
        QTest::newRow("the RFC's record") << Rfc8291::plaintext + '\x02'
                                          << QString::fromLatin1(Rfc8291::plaintext);
        QTest::newRow("zero padding") << QByteArray("hi\x02\0\0\0", 6) << u"hi"_s;
        QTest::newRow("delimiter only") << QByteArray("\x02") << QString();
        QTest::newRow("0x01: not the last record") << Rfc8291::plaintext + '\x01' << u"invalid_padding"_s;
        QTest::newRow("no delimiter") << QByteArray("hi") << u"invalid_padding"_s;
        QTest::newRow("nonzero padding") << QByteArray("hi\x02\0\x05", 5) << u"invalid_padding"_s;
        QTest::newRow("all zeros") << QByteArray(8, '\0') << u"invalid_padding"_s;
    }

    void paddingChecked()
    {
        QFETCH(QByteArray, record);
        QFETCH(QString, result);
        const QByteArray sealed = aes128GcmSeal(Rfc8291::cek, Rfc8291::nonce, record);
        QVERIFY(!sealed.isEmpty());
        if (record == Rfc8291::plaintext + '\x02')
            QCOMPARE(sealed, Rfc8291::ciphertext);
        const P256KeyPair ua{Rfc8291::uaPrivate, Rfc8291::uaPublic};
        auto opened = WebPushCrypto::decrypt(ua, Rfc8291::authSecret, Rfc8291::header + sealed);
        QCOMPARE(opened.ok() ? QString::fromLatin1(opened.value()) : opened.error().code, result);
    }

    void wrongKeysFail()
    {
        const P256KeyPair ua{Rfc8291::uaPrivate, Rfc8291::uaPublic};
        QByteArray wrongAuth = Rfc8291::authSecret;
        wrongAuth[0] = char(wrongAuth[0] ^ 0x80);
        QCOMPARE(errorCode(WebPushCrypto::decrypt(ua, wrongAuth, Rfc8291::body)), u"decryption_failed"_s);
        auto other = WebPushCrypto::generateKeyPair();
        QVERIFY(other.ok());
        QCOMPARE(errorCode(WebPushCrypto::decrypt(other.value(), Rfc8291::authSecret, Rfc8291::body)),
                 u"decryption_failed"_s);
        // The auth secret is 16 bytes on both sides.
        QCOMPARE(errorCode(WebPushCrypto::decrypt(ua, Rfc8291::authSecret.left(15), Rfc8291::body)),
                 u"invalid_auth_secret"_s);
        for (const QByteArray &auth : {QByteArray(), QByteArray(15, 'a'), QByteArray(17, 'a')})
            QCOMPARE(errorCode(WebPushCrypto::encrypt(Rfc8291::uaPublic, auth, "hello")),
                     u"invalid_auth_secret"_s);
        // A UA key pair whose halves disagree.
        const P256KeyPair mismatched{Rfc8291::uaPrivate, Rfc8291::asPublic};
        QCOMPARE(errorCode(WebPushCrypto::decrypt(mismatched, Rfc8291::authSecret, Rfc8291::body)),
                 u"invalid_private_key"_s);
    }

    void tooLongRefused()
    {
        QCOMPARE(WebPushCrypto::MaxPlaintextBytes, 3993);
        auto encrypt = [](const QByteArray &plaintext, int padTo = 0) {
            return errorCode(
                WebPushCrypto::encrypt(Rfc8291::uaPublic, Rfc8291::authSecret, plaintext, padTo));
        };
        QCOMPARE(encrypt(QByteArray(3994, 'x')), u"payload_too_large"_s);
        QCOMPARE(encrypt(QByteArray(100000, 'x')), u"payload_too_large"_s);
        QCOMPARE(encrypt("x", 3994), u"payload_too_large"_s);
        QCOMPARE(encrypt(QByteArray(3993, 'x')), u"(ok)"_s);
    }

    // --- VAPID (RFC 8292) ---

    void vapidAuthorization()
    {
        auto vapid = WebPushCrypto::generateKeyPair();
        QVERIFY(vapid.ok());
        const qint64 now = 1'700'000'000;
        auto value = WebPushCrypto::vapidAuthorization(vapid.value(),
                                                       u"https://Push.Example.net:8443/push/JzLQ3raZ?x=1#f"_s,
                                                       u"mailto:ops@example.org"_s, now + 3600, now);
        QVERIFY2(value.ok(), qPrintable(errorCode(value)));
        const auto parsed = parseVapid(value.value());
        QVERIFY2(parsed, qPrintable(value.value()));
        QCOMPARE(parsed->publicKey, vapid->publicKey);
        QCOMPARE(parsed->header, (QJsonObject{{u"typ"_s, u"JWT"_s}, {u"alg"_s, u"ES256"_s}}));
        QCOMPARE(parsed->claims, (QJsonObject{{u"aud"_s, u"https://push.example.net:8443"_s},
                                              {u"exp"_s, now + 3600},
                                              {u"sub"_s, u"mailto:ops@example.org"_s}}));
        QCOMPARE(parsed->signature.size(), 64);
        QVERIFY(es256Verify(vapid->publicKey, parsed->signingInput, parsed->signature));

        // The verification can fail: other claims, another signature, another key.
        QJsonObject later = parsed->claims;
        later.insert(u"exp"_s, now + 7200);
        const QByteArray otherClaims =
            QJsonDocument(later).toJson(QJsonDocument::Compact).toBase64(Base64Url);
        const QByteArray headerPart = parsed->signingInput.left(parsed->signingInput.indexOf('.') + 1);
        const QByteArray forged = headerPart + otherClaims;
        QVERIFY(forged != parsed->signingInput);
        QVERIFY(!es256Verify(vapid->publicKey, forged, parsed->signature));
        QByteArray badSignature = parsed->signature;
        badSignature[10] = char(badSignature[10] ^ 0x01);
        QVERIFY(!es256Verify(vapid->publicKey, parsed->signingInput, badSignature));
        QVERIFY(!es256Verify(Rfc8291::uaPublic, parsed->signingInput, parsed->signature));

        // The RFC's own key, as a fixed key: the k= value is the key's base64url.
        const P256KeyPair fixed{Rfc8291::asPrivate, Rfc8291::asPublic};
        auto fixedValue = WebPushCrypto::vapidAuthorization(fixed, u"https://push.example.net/p"_s,
                                                            u"https://example.org/contact"_s, now + 60, now);
        QVERIFY(fixedValue.ok());
        QVERIFY(fixedValue->endsWith(u", k=BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIg"
                                     "Dll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8"_s));
        const auto fixedParsed = parseVapid(fixedValue.value());
        QVERIFY(fixedParsed);
        QVERIFY(es256Verify(Rfc8291::asPublic, fixedParsed->signingInput, fixedParsed->signature));
    }

    void vapidAudience_data()
    {
        QTest::addColumn<QString>("endpoint");
        QTest::addColumn<QString>("audience");
        QTest::newRow("path dropped") << u"https://fcm.googleapis.com/fcm/send/abc:def"_s
                                      << u"https://fcm.googleapis.com"_s;
        QTest::newRow("default port dropped") << u"https://updates.push.services.mozilla.com:443/wpush/v2/x"_s
                                              << u"https://updates.push.services.mozilla.com"_s;
        QTest::newRow("other port kept") << u"https://web.push.apple.com:8443/Q"_s
                                         << u"https://web.push.apple.com:8443"_s;
        QTest::newRow("http, port kept") << u"http://127.0.0.1:9000/push/1"_s << u"http://127.0.0.1:9000"_s;
        QTest::newRow("user info dropped") << u"https://user:pw@push.example.net/p"_s
                                           << u"https://push.example.net"_s;
        QTest::newRow("IPv6") << u"https://[::1]:8443/p"_s << u"https://[::1]:8443"_s;
    }

    void vapidAudience()
    {
        QFETCH(QString, endpoint);
        QFETCH(QString, audience);
        auto vapid = WebPushCrypto::generateKeyPair();
        QVERIFY(vapid.ok());
        auto value =
            WebPushCrypto::vapidAuthorization(vapid.value(), endpoint, u"mailto:a@b.c"_s, 2000, 1000);
        QVERIFY2(value.ok(), qPrintable(errorCode(value)));
        const auto parsed = parseVapid(value.value());
        QVERIFY(parsed);
        QCOMPARE(parsed->claims.value(u"aud"_s).toString(), audience);
    }

    void vapidRefusals()
    {
        auto vapid = WebPushCrypto::generateKeyPair();
        QVERIFY(vapid.ok());
        const QString endpoint = u"https://push.example.net/p"_s, subject = u"mailto:ops@example.org"_s;
        const qint64 now = 1'700'000'000;
        auto sign = [&](qint64 exp, const QString &url = u"https://push.example.net/p"_s,
                        const QString &sub = u"mailto:ops@example.org"_s) {
            return errorCode(WebPushCrypto::vapidAuthorization(vapid.value(), url, sub, exp, now));
        };
        // exp at most 24 h ahead, and in the future.
        QCOMPARE(sign(now + 24 * 3600), u"(ok)"_s);
        QCOMPARE(sign(now + 24 * 3600 + 1), u"invalid_vapid_expiry"_s);
        QCOMPARE(sign(now + 7 * 24 * 3600), u"invalid_vapid_expiry"_s);
        QCOMPARE(sign(now), u"invalid_vapid_expiry"_s);
        QCOMPARE(sign(now - 60), u"invalid_vapid_expiry"_s);
        // The 4-argument form reads the clock.
        const qint64 realNow = QDateTime::currentSecsSinceEpoch();
        auto signNow = [&](qint64 exp) {
            return errorCode(WebPushCrypto::vapidAuthorization(vapid.value(), endpoint, subject, exp));
        };
        QCOMPARE(signNow(realNow + 12 * 3600), u"(ok)"_s);
        QCOMPARE(signNow(realNow + 25 * 3600), u"invalid_vapid_expiry"_s);

        for (const QString &url : {u""_s, u"push.example.net/p"_s, u"/p"_s, u"ftp://push.example.net/p"_s,
                                   u"https:///p"_s, u"https://exa mple.net/p"_s})
            QCOMPARE(sign(now + 60, url), u"invalid_endpoint"_s);
        for (const QString &sub : {u""_s, u"ops@example.org"_s, u"mailto:"_s, u"http://example.org"_s})
            QCOMPARE(sign(now + 60, endpoint, sub), u"invalid_vapid_subject"_s);

        const P256KeyPair mismatched{Rfc8291::asPrivate, Rfc8291::uaPublic};
        QCOMPARE(errorCode(WebPushCrypto::vapidAuthorization(mismatched, endpoint, subject, now + 60, now)),
                 u"invalid_private_key"_s);
        QCOMPARE(errorCode(WebPushCrypto::vapidAuthorization({}, endpoint, subject, now + 60, now)),
                 u"invalid_private_key"_s);
    }

    // --- The VAPID key in the key file ---

    void keyStoreCreatesVapidKey()
    {
        const QString path = m_dir.filePath(u"new/keys.json"_s);
        auto created = KeyStore::loadOrCreate(path, m_crypto);
        QVERIFY2(created.ok(), qPrintable(errorCode(created)));
        const P256KeyPair vapid = created->vapidKeyPair();
        QCOMPARE(vapid.privateKey.size(), 32);
        QVERIFY(WebPushCrypto::isValidPublicKey(vapid.publicKey));
        QCOMPARE(WebPushCrypto::keyPairFromPrivate(vapid.privateKey).value(), vapid);
        QCOMPARE(fileMode(path), 0600);
        // Only the private key is stored.
        const QJsonObject stored = readJson(path).value(u"vapidKey"_s).toObject();
        QCOMPARE(stored.keys(), QStringList{u"privateKey"_s});
        QCOMPARE(QByteArray::fromBase64(stored.value(u"privateKey"_s).toString().toLatin1()),
                 vapid.privateKey);

        auto loaded = KeyStore::loadOrCreate(path, m_crypto);
        QVERIFY(loaded.ok());
        QCOMPARE(loaded->vapidKeyPair(), vapid);
        // Rotation leaves it alone: subscriptions are bound to it.
        QVERIFY(loaded->rotate(m_crypto).ok());
        QCOMPARE(loaded->vapidKeyPair(), vapid);
        auto rotated = KeyStore::loadOrCreate(path, m_crypto);
        QVERIFY(rotated.ok());
        QCOMPARE(rotated->vapidKeyPair(), vapid);
        QCOMPARE(fileMode(path), 0600);
    }

    // A key file from before Web Push gets a VAPID key, saved at once, and keeps every key it had.
    void keyStoreAddsVapidKey_data()
    {
        QTest::addColumn<bool>("withSearchKey");
        QTest::newRow("search key present") << true;
        QTest::newRow("search key missing too") << false;
    }

    void keyStoreAddsVapidKey()
    {
        QFETCH(bool, withSearchKey);
        const QString path = m_dir.filePath(u"old-%1/keys.json"_s.arg(withSearchKey));
        QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
        const auto key = [this](const char *id) {
            return QJsonObject{{u"id"_s, QString::fromLatin1(id)},
                               {u"secret"_s, QString::fromLatin1(m_crypto.randomBytes(32).toBase64())}};
        };
        QJsonObject old{{u"version"_s, 1},
                        {u"tokenKeys"_s, QJsonArray{key("t-1")}},
                        {u"dataKeys"_s, QJsonArray{key("d-1")}}};
        if (withSearchKey)
            old.insert(u"searchKey"_s, key("s-1"));
        QVERIFY(writeJson(path, old));
        QCOMPARE(fileMode(path), 0600);

        auto loaded = KeyStore::loadOrCreate(path, m_crypto);
        QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().message));
        const P256KeyPair vapid = loaded->vapidKeyPair();
        QVERIFY(WebPushCrypto::isValidPublicKey(vapid.publicKey));
        const QJsonObject saved = readJson(path);
        QVERIFY(saved.contains(u"vapidKey"_s));
        QVERIFY(saved.contains(u"searchKey"_s));
        QCOMPARE(saved.value(u"tokenKeys"_s), old.value(u"tokenKeys"_s));
        QCOMPARE(saved.value(u"dataKeys"_s), old.value(u"dataKeys"_s));
        if (withSearchKey)
            QCOMPARE(saved.value(u"searchKey"_s), old.value(u"searchKey"_s));
        QCOMPARE(fileMode(path), 0600);

        auto again = KeyStore::loadOrCreate(path, m_crypto);
        QVERIFY(again.ok());
        QCOMPARE(again->vapidKeyPair(), vapid);
        QCOMPARE(again->searchKey().secret, loaded->searchKey().secret);
        QCOMPARE(again->currentTokenKey().id, u"t-1"_s);
    }

    void keyStoreRefusesBadVapidKey_data()
    {
        QTest::addColumn<QJsonValue>("vapidKey");
        QTest::newRow("not an object") << QJsonValue(u"abc"_s);
        QTest::newRow("no private key") << QJsonValue(QJsonObject{});
        QTest::newRow("not base64") << QJsonValue(QJsonObject{{u"privateKey"_s, u"!!!"_s}});
        const auto entry = [](const QByteArray &privateKey) {
            return QJsonValue(QJsonObject{{u"privateKey"_s, QString::fromLatin1(privateKey.toBase64())}});
        };
        QTest::newRow("31 bytes") << entry(QByteArray(31, 'k'));
        QTest::newRow("zero") << entry(QByteArray(32, '\0'));
        QTest::newRow("n") << entry(p256Order);
    }

    void keyStoreRefusesBadVapidKey()
    {
        QFETCH(QJsonValue, vapidKey);
        const QString path = m_dir.filePath(u"bad-%1.json"_s.arg(QString::fromLatin1(QTest::currentDataTag())
                                                                      .replace(u' ', u'-')));
        auto created = KeyStore::loadOrCreate(path, m_crypto);
        QVERIFY(created.ok());
        QJsonObject root = readJson(path);
        root.insert(u"vapidKey"_s, vapidKey);
        QVERIFY(writeJson(path, root));
        auto loaded = KeyStore::loadOrCreate(path, m_crypto);
        QCOMPARE(errorCode(loaded), u"invalid_key_file"_s);
        // Refused, not replaced: the file still holds what was there.
        QCOMPARE(readJson(path).value(u"vapidKey"_s), vapidKey);
    }
};

int main(int argc, char **argv)
{
    QCA::Initializer init;
    QCoreApplication app(argc, argv);
    TestWebPushCrypto t;
    return QTest::qExec(&t, argc, argv);
}

#include "tst_web_push_crypto.moc"
