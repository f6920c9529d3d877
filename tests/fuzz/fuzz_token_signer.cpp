// JWT access tokens: TokenSigner::verify against a key store with fixed keys, at a fixed time.
//
// The first input byte picks a mode; the rest is its input:
//   0 raw:         the rest is the token text (garbage, truncations and mutations of valid tokens)
//   1 re-signed:   "<header JSON>\n<payload JSON>", encoded and signed here, with the key the second bits of
//                  the mode byte choose: the one the header's kid names, a wrong one, none ("alg":"none"), or
//                  the kid's text as the HMAC key (key confusion)
//   2 round trip:  claims built from the rest are signed by TokenSigner and must verify back to themselves;
//                  every truncation and every one-character change of that token must fail
//   3 alg:         "<alg>[\n<extra header field>]": a correctly signed token whose header names that algorithm;
//                  it must verify exactly when alg is "HS256" and no "crit" field was added
#include "FuzzSupport.h"

#include "crypto/CryptoService.h"
#include "crypto/KeyStore.h"
#include "crypto/TokenSigner.h"

#include <banter/ErrorCode.h>

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtCrypto>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <optional>

using namespace Banter;
using namespace Banter::Server;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 Now = 1'700'000'000; // 2023-11-14
constexpr double MaxExactSeconds = 9007199254740991.0;
constexpr auto Base64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;
constexpr QByteArrayView Base64UrlAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// Two token keys: "t-fuzz" (current, signs) and "t-old" (still verifies). The seed corpus holds tokens
// signed with these secrets.
const QByteArray CurrentSecret(32, '\x22');
const QByteArray OldSecret(32, '\x11');
const QByteArray WrongSecret(32, '\x44');

struct Fixture
{
    CryptoService crypto;
    std::optional<KeyStore> keys;
    std::optional<TokenSigner> signer;
};

// Created once by LLVMFuzzerInitialize and kept (reachable, so not leaks) for the life of the process.
Fixture *fixture = nullptr;
QCA::Initializer *qcaInit = nullptr;

QByteArray encode(QByteArrayView bytes)
{
    return bytes.toByteArray().toBase64(Base64Url);
}

QByteArray hmac(const QByteArray &key, const QByteArray &data)
{
    return fixture->crypto.hmacSha256(key, data);
}

Result<AccessClaims> verify(const QString &token)
{
    auto result = fixture->signer->verify(token, Now);
    BANTER_FUZZ_CHECK(result.ok() || (result.error().code == ErrorCode::Unauthorized && !result.error().message.isEmpty()));
    return result;
}

std::optional<qint64> wholeSeconds(const QJsonValue &v)
{
    if (!v.isDouble())
        return std::nullopt;
    const double d = v.toDouble();
    if (!std::isfinite(d) || std::trunc(d) != d || std::fabs(d) > MaxExactSeconds)
        return std::nullopt;
    return qint64(d);
}

// An independent reading of what a valid token is; verify() may only accept tokens this accepts too.
void checkAccepted(const QString &token, const AccessClaims &claims)
{
    BANTER_FUZZ_CHECK(token.size() <= TokenSigner::maxTokenChars);
    const QList<QByteArray> parts = token.toLatin1().split('.');
    BANTER_FUZZ_CHECK(parts.size() == 3);
    const QJsonDocument header = QJsonDocument::fromJson(QByteArray::fromBase64(parts[0], Base64Url));
    const QJsonDocument payload = QJsonDocument::fromJson(QByteArray::fromBase64(parts[1], Base64Url));
    BANTER_FUZZ_CHECK(header.isObject() && payload.isObject());
    BANTER_FUZZ_CHECK(header.object().value(u"alg"_s) == u"HS256"_s);
    BANTER_FUZZ_CHECK(!header.object().contains(u"crit"_s));
    const QString kid = header.object().value(u"kid"_s).toString();
    BANTER_FUZZ_CHECK(kid == u"t-fuzz"_s || kid == u"t-old"_s);
    const QByteArray secret = kid == u"t-fuzz"_s ? CurrentSecret : OldSecret;
    BANTER_FUZZ_CHECK(QByteArray::fromBase64(parts[2], Base64Url) == hmac(secret, parts[0] + '.' + parts[1]));
    const QJsonObject p = payload.object();
    BANTER_FUZZ_CHECK(!claims.sub.isEmpty() && claims.sub == p.value(u"sub"_s).toString());
    BANTER_FUZZ_CHECK(!claims.sid.isEmpty() && claims.sid == p.value(u"sid"_s).toString());
    BANTER_FUZZ_CHECK(!claims.jti.isEmpty() && claims.jti == p.value(u"jti"_s).toString());
    BANTER_FUZZ_CHECK(wholeSeconds(p.value(u"iat"_s)) == claims.iat);
    BANTER_FUZZ_CHECK(wholeSeconds(p.value(u"exp"_s)) == claims.exp);
    BANTER_FUZZ_CHECK(claims.exp > Now);
    BANTER_FUZZ_CHECK(claims.role == p.value(u"role"_s).toString());
}

void raw(const QByteArray &input)
{
    const QString token = QString::fromUtf8(input);
    if (const auto claims = verify(token))
        checkAccepted(token, claims.value());
}

void resigned(const QByteArray &input, int keyChoice)
{
    const qsizetype newline = input.indexOf('\n');
    const QByteArray headerJson = newline < 0 ? input : input.left(newline);
    const QByteArray payloadJson = newline < 0 ? QByteArray() : input.mid(newline + 1);
    const QByteArray signingInput = encode(headerJson) + '.' + encode(payloadJson);
    const QString kid = QJsonDocument::fromJson(headerJson).object().value(u"kid"_s).toString();
    QByteArray signature;
    switch (keyChoice) {
    case 0: signature = hmac(kid == u"t-old"_s ? OldSecret : CurrentSecret, signingInput); break;
    case 1: signature = hmac(WrongSecret, signingInput); break;
    case 2: break; // unsigned, as "alg":"none" tokens are
    case 3: signature = hmac(kid.toUtf8(), signingInput); break;
    }
    const QString token = QString::fromLatin1(signingInput + '.' + encode(signature));
    const auto claims = verify(token);
    if (keyChoice != 0)
        BANTER_FUZZ_CHECK(!claims.ok());
    else if (claims)
        checkAccepted(token, claims.value());
}

qint64 readInt64(QByteArrayView &in)
{
    qint64 v = 0;
    const qsizetype n = qMin<qsizetype>(in.size(), qsizetype(sizeof v));
    std::memcpy(&v, in.data(), size_t(n));
    in = in.sliced(n);
    return v;
}

void roundTrip(QByteArrayView in)
{
    // Times: mostly near Now (so tokens are live or just expired); with the flag, any 64-bit value.
    const bool anyTimes = !in.isEmpty() && (in.front() & 1);
    if (!in.isEmpty())
        in = in.sliced(1);
    AccessClaims claims;
    claims.iat = readInt64(in);
    claims.exp = readInt64(in);
    if (!anyTimes) {
        claims.iat = Now + qint32(claims.iat);
        claims.exp = Now + qint32(claims.exp);
    }
    const QList<QByteArray> fields = in.toByteArray().split('\n');
    QString *strings[] = {&claims.sub, &claims.sid, &claims.jti, &claims.role};
    for (qsizetype i = 0; i < qMin<qsizetype>(fields.size(), 4); ++i)
        *strings[i] = QString::fromUtf8(fields[i]);

    const QString token = fixture->signer->sign(claims);
    const bool inRange = std::fabs(double(claims.iat)) <= MaxExactSeconds &&
                         std::fabs(double(claims.exp)) <= MaxExactSeconds;
    const bool valid = !claims.sub.isEmpty() && !claims.sid.isEmpty() && !claims.jti.isEmpty() && inRange &&
                       claims.exp > Now && token.size() <= TokenSigner::maxTokenChars;
    const auto verified = verify(token);
    BANTER_FUZZ_CHECK(verified.ok() == valid);
    if (!verified)
        return;
    BANTER_FUZZ_CHECK(verified.value() == claims);
    checkAccepted(token, verified.value());

    // A token has one spelling: cuts and one-character changes are refused, in particular a segment's last
    // character with only its unused low bits changed (the same bytes, spelled differently).
    const QList<qsizetype> dots = {token.indexOf(u'.'), token.lastIndexOf(u'.'), token.size()};
    QList<qsizetype> positions{0, token.size() - 1};
    for (qsizetype dot : dots)
        positions << dot - 1 << dot << dot + 1;
    for (qsizetype k = 1; k <= 8; ++k)
        positions << (k * 7919 + qsizetype(claims.jti.size())) % token.size();
    for (qsizetype i : positions) {
        if (i < 0 || i >= token.size())
            continue;
        BANTER_FUZZ_CHECK(!verify(token.left(i)).ok());
        QString changed = token;
        const qsizetype value = Base64UrlAlphabet.indexOf(token[i].toLatin1());
        changed[i] = value < 0 ? QChar(u'A') : QChar(char16_t(Base64UrlAlphabet[value ^ 1]));
        BANTER_FUZZ_CHECK(!verify(changed).ok());
    }
}

void algorithm(const QByteArray &input)
{
    const qsizetype newline = input.indexOf('\n');
    const QString alg = QString::fromUtf8(newline < 0 ? input : input.left(newline));
    const QString extra = newline < 0 ? QString() : QString::fromUtf8(input.mid(newline + 1));
    QJsonObject header{{u"alg"_s, alg}, {u"typ"_s, u"JWT"_s}, {u"kid"_s, u"t-fuzz"_s}};
    if (!extra.isEmpty() && extra != u"alg"_s && extra != u"kid"_s)
        header.insert(extra, true);
    const QJsonObject payload{{u"sub"_s, u"1"_s}, {u"sid"_s, u"s"_s}, {u"jti"_s, u"j"_s}, {u"iat"_s, Now},
                              {u"exp"_s, Now + 60}};
    const QByteArray signingInput = encode(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.' +
                                    encode(QJsonDocument(payload).toJson(QJsonDocument::Compact));
    const QString token = QString::fromLatin1(signingInput + '.' + encode(hmac(CurrentSecret, signingInput)));
    // A member name with a control character makes the header malformed (see TokenSigner's decodeObject).
    const bool controlInName = std::any_of(extra.begin(), extra.end(),
                                           [](QChar c) { return c.unicode() < 0x20 || c.unicode() == 0x7f; });
    const bool valid = alg == u"HS256"_s && extra != u"crit"_s && !controlInName;
    BANTER_FUZZ_CHECK(verify(token).ok() == valid);
}

} // namespace

// Per-input leak detection stays on. The check at exit does not: QCA's OpenSSL plugin sets up OpenSSL providers
// once (in LLVMFuzzerInitialize) and their memory is unreachable once the plugin is torn down at exit.
extern "C" const char *__asan_default_options()
{
    return "leak_check_at_exit=0";
}

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    // QCA finds its OpenSSL provider through the application's plugin paths; both live as long as the process.
    new QCoreApplication(*argc, *argv);
    qcaInit = new QCA::Initializer;
    const auto supported = CryptoService::checkSupport();
    if (!supported) {
        std::fprintf(stderr, "fuzz_token_signer: %s\n", qPrintable(supported.error().message));
        std::abort();
    }
    fixture = new Fixture;
    QTemporaryDir dir;
    const QString path = dir.filePath(u"keys.json"_s);
    auto key = [](const char *id, const QByteArray &secret) {
        return QJsonObject{{u"id"_s, QLatin1StringView(id)}, {u"secret"_s, QString::fromLatin1(secret.toBase64())}};
    };
    const QJsonObject file{{u"tokenKeys"_s, QJsonArray{key("t-old", OldSecret), key("t-fuzz", CurrentSecret)}},
                           {u"dataKeys"_s, QJsonArray{key("d-fuzz", WrongSecret)}}};
    QFile out(path);
    if (!dir.isValid() || !out.open(QIODevice::WriteOnly) ||
        !out.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner) ||
        out.write(QJsonDocument(file).toJson()) < 0)
        std::abort();
    out.close();
    auto keys = KeyStore::loadOrCreate(path, fixture->crypto);
    if (!keys) {
        std::fprintf(stderr, "fuzz_token_signer: %s\n", qPrintable(keys.error().message));
        std::abort();
    }
    fixture->keys.emplace(std::move(keys).value());
    fixture->signer.emplace(fixture->crypto, *fixture->keys);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    const int mode = data[0] & 3;
    const QByteArray rest = Fuzz::bytes(data + 1, size - 1);
    switch (mode) {
    case 0: raw(rest); break;
    case 1: resigned(rest, (data[0] >> 2) & 3); break;
    case 2: roundTrip(rest); break;
    case 3: algorithm(rest); break;
    }
    return 0;
}
