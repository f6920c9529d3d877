#include "crypto/Totp.h"

#include <QtEndian>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

constexpr char Alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

int base32Value(char16_t c)
{
    if (c >= u'A' && c <= u'Z')
        return c - u'A';
    if (c >= u'a' && c <= u'z')
        return c - u'a';
    if (c >= u'2' && c <= u'7')
        return c - u'2' + 26;
    return -1;
}

bool isSixDigits(const QString &code)
{
    if (code.size() != Totp::digits)
        return false;
    for (const QChar c : code) {
        // Not QChar::isDigit(): that accepts Arabic-Indic and other non-ASCII digits.
        if (c.unicode() < u'0' || c.unicode() > u'9')
            return false;
    }
    return true;
}

} // namespace

QString Totp::base32Encode(const QByteArray &data)
{
    QString out;
    out.reserve((data.size() * 8 + 4) / 5);
    quint32 buffer = 0;
    int bits = 0;
    for (const char byte : data) {
        buffer = (buffer << 8) | quint8(byte);
        bits += 8;
        while (bits >= 5) {
            bits -= 5;
            out.append(QLatin1Char(Alphabet[(buffer >> bits) & 0x1f]));
        }
    }
    if (bits > 0)
        out.append(QLatin1Char(Alphabet[(buffer << (5 - bits)) & 0x1f]));
    return out;
}

std::optional<QByteArray> Totp::base32Decode(const QString &text)
{
    QStringView body(text);
    qsizetype padding = 0;
    while (body.endsWith(u'=')) {
        body.chop(1);
        ++padding;
    }
    if (padding > 0 && text.size() % 8 != 0)
        return std::nullopt;
    // 5 bits per character: 1, 3 or 6 leftover characters cannot end a whole number of bytes.
    const qsizetype rest = body.size() % 8;
    if (padding > 6 || rest == 1 || rest == 3 || rest == 6)
        return std::nullopt;

    QByteArray out;
    out.reserve(body.size() * 5 / 8);
    quint32 buffer = 0;
    int bits = 0;
    for (const QChar c : body) {
        const int value = base32Value(c.unicode());
        if (value < 0)
            return std::nullopt;
        buffer = (buffer << 5) | quint32(value);
        bits += 5;
        if (bits >= 8) {
            bits -= 8;
            out.append(char((buffer >> bits) & 0xff));
        }
    }
    if ((buffer & ((1u << bits) - 1)) != 0)
        return std::nullopt;
    return out;
}

qint64 Totp::stepAt(qint64 unixSecs)
{
    qint64 step = unixSecs / stepSecs;
    if (unixSecs % stepSecs < 0)
        --step;
    return step;
}

QByteArray Totp::codeForStep(const QByteArray &secret, qint64 step) const
{
    char counter[8];
    qToBigEndian(quint64(step), counter);
    const QByteArray mac = m_crypto->hmacSha1(secret, QByteArray(counter, sizeof counter));
    if (mac.size() != 20)
        return {};
    // RFC 4226 dynamic truncation.
    const int offset = mac[19] & 0x0f;
    const quint32 binary = (quint32(quint8(mac[offset]) & 0x7f) << 24) | (quint32(quint8(mac[offset + 1])) << 16)
                           | (quint32(quint8(mac[offset + 2])) << 8) | quint32(quint8(mac[offset + 3]));
    return QByteArray::number(binary % 1000000u).rightJustified(digits, '0');
}

QString Totp::codeAt(const QByteArray &secret, qint64 unixSecs) const
{
    if (secret.isEmpty())
        return {};
    return QString::fromLatin1(codeForStep(secret, stepAt(unixSecs)));
}

std::optional<qint64> Totp::matchStep(const QByteArray &secret, const QString &code, qint64 unixSecs,
                                      int window) const
{
    if (secret.isEmpty() || !isSixDigits(code))
        return std::nullopt;
    window = qBound(0, window, maxWindow);
    const QByteArray given = code.toLatin1();
    const qint64 now = stepAt(unixSecs);
    std::optional<qint64> matched;
    // Every step is computed and compared even after a match, so timing does not say which step matched.
    // The current step is tried first and a later match never replaces an earlier one, which prefers it.
    for (int i = 0; i <= 2 * window; ++i) {
        const qint64 step = now + ((i % 2 == 0) ? i / 2 : -(i + 1) / 2);
        const bool equal = CryptoService::constantTimeEquals(codeForStep(secret, step), given);
        if (equal && !matched)
            matched = step;
    }
    return matched;
}

QString Totp::otpauthUri(const QString &issuer, const QString &account, const QByteArray &secret)
{
    // Percent-encoding everything outside RFC 3986's unreserved set keeps ':', '&', '?' and spaces in names
    // from changing how the URI parses.
    const auto enc = [](const QString &s) { return QString::fromLatin1(QUrl::toPercentEncoding(s)); };
    return u"otpauth://totp/"_s + enc(issuer) + u':' + enc(account) + u"?secret="_s + base32Encode(secret)
           + u"&issuer="_s + enc(issuer) + u"&algorithm=SHA1&digits=%1&period=%2"_s.arg(digits).arg(stepSecs);
}

} // namespace Banter::Server
