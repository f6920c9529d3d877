#pragma once

#include "crypto/CryptoService.h"

#include <QString>

#include <optional>

namespace Banter::Server {

// RFC 6238 time-based one-time passwords as authenticator apps expect them: HMAC-SHA1, 30 s steps, 6 digits.
class Totp
{
public:
    static constexpr qint64 stepSecs = 30;
    static constexpr int digits = 6;
    // Bounds the work and the guessing odds of one check, whatever a caller passes as window.
    static constexpr int maxWindow = 10;

    // The service must outlive this object.
    explicit Totp(const CryptoService &crypto) : m_crypto(&crypto) {}

    // RFC 4648 base32 without padding, the form otpauth URIs and manual entry use.
    static QString base32Encode(const QByteArray &data);
    // Case-insensitive; trailing '=' padding is optional. Rejects other characters, impossible lengths and
    // non-zero leftover bits, so each secret has one spelling.
    static std::optional<QByteArray> base32Decode(const QString &text);

    // The time step containing unixSecs (floor division, so it is also right before 1970).
    static qint64 stepAt(qint64 unixSecs);

    // Empty for an empty secret, which no authenticator could have been set up with.
    QString codeAt(const QByteArray &secret, qint64 unixSecs) const;
    // Tries the steps within window of unixSecs (clamped to 0..maxWindow) and returns the one that matched.
    // Callers store it and refuse a step at or before the last one used, so an observed code cannot be
    // replayed. Codes that are not exactly six ASCII digits never match.
    std::optional<qint64> matchStep(const QByteArray &secret, const QString &code, qint64 unixSecs,
                                    int window = 1) const;

    // otpauth://totp/Issuer:account?secret=...&issuer=...&algorithm=SHA1&digits=6&period=30, for QR codes.
    static QString otpauthUri(const QString &issuer, const QString &account, const QByteArray &secret);

private:
    QByteArray codeForStep(const QByteArray &secret, qint64 step) const;

    const CryptoService *m_crypto;
};

} // namespace Banter::Server
