#pragma once

#include "crypto/CryptoService.h"

#include <QString>

namespace Banter::Server {

// Argon2id password hashes in PHC string form ($argon2id$v=19$m=..,t=..,p=..$salt$hash), so each hash carries
// its own parameters and stored hashes keep verifying after the parameters are raised.
class PasswordHasher
{
public:
    struct Params
    {
        // OWASP's minimum for Argon2id is 19 MiB, t=2, p=1. create() accepts less (down to libargon2's floor of
        // 8 KiB per lane) only so tests run quickly; production configs should not go below these defaults.
        quint32 memoryKiB = 19456;
        quint32 iterations = 2;
        quint32 parallelism = 1;

        bool operator==(const Params &) const = default;
    };

    static constexpr quint32 recommendedMinMemoryKiB = 19456;
    // Caps the work an unauthenticated caller can make Argon2 do per request; far beyond any real passphrase.
    static constexpr qsizetype maxPasswordBytes = 1024;
    static constexpr int saltBytes = 16;
    static constexpr int hashBytes = 32;

    // Two overloads rather than a defaulted argument: a nested struct's member initialisers are not usable
    // in a default argument of its enclosing class.
    static Result<PasswordHasher> create(const CryptoService &crypto);
    // Fails with "invalid_config" when the parameters are outside what libargon2 accepts.
    static Result<PasswordHasher> create(const CryptoService &crypto, Params params);

    // Fails with "validation_failed" for passwords over maxPasswordBytes, "crypto_failed" if libargon2 does.
    Result<QString> hash(const QByteArray &password) const;
    // False for a wrong password, an over-long password and anything that is not a valid argon2id PHC string.
    bool verify(const QString &encoded, const QByteArray &password) const;
    // True when the hash was made with other parameters (or cannot be parsed): rehash after the next login.
    bool needsRehash(const QString &encoded) const;
    // A valid hash made once with these parameters. Verifying against it when the user does not exist costs
    // the same as a real check, so response time does not reveal which user names exist.
    const QString &dummyHash() const { return m_dummyHash; }

    const Params &params() const { return m_params; }

private:
    PasswordHasher(const CryptoService &crypto, Params params) : m_crypto(&crypto), m_params(params) {}

    // A pointer, not a reference, keeps the class assignable.
    const CryptoService *m_crypto;
    Params m_params;
    QString m_dummyHash;
};

} // namespace Banter::Server
