#include "crypto/PasswordHasher.h"

#include <banter/ErrorCode.h>

#include <argon2.h>

#include <QStringList>

using namespace Qt::StringLiterals;

namespace Banter::Server {

Result<PasswordHasher> PasswordHasher::create(const CryptoService &crypto)
{
    return create(crypto, Params{});
}

Result<PasswordHasher> PasswordHasher::create(const CryptoService &crypto, Params params)
{
    if (params.iterations < 1)
        return makeError(u"invalid_config", u"argon2 iterations must be at least 1"_s);
    if (params.parallelism < 1 || params.parallelism > ARGON2_MAX_LANES)
        return makeError(u"invalid_config", u"argon2 parallelism must be between 1 and %1"_s.arg(ARGON2_MAX_LANES));
    if (params.memoryKiB < 8 * params.parallelism || params.memoryKiB > ARGON2_MAX_MEMORY)
        return makeError(u"invalid_config", u"argon2 memory must be at least 8 KiB per lane (recommended: %1 KiB)"_s
                                                .arg(recommendedMinMemoryKiB));
    PasswordHasher hasher(crypto, params);
    // Made from random bytes nobody knows, so no password can match it.
    auto dummy = hasher.hash(crypto.randomBytes(32).toBase64());
    if (!dummy)
        return dummy.error();
    hasher.m_dummyHash = std::move(dummy).value();
    return hasher;
}

Result<QString> PasswordHasher::hash(const QByteArray &password) const
{
    if (password.size() > maxPasswordBytes)
        return makeError(ErrorCode::ValidationFailed,
                         u"the password must be at most %1 bytes"_s.arg(maxPasswordBytes));
    const QByteArray salt = m_crypto->randomBytes(saltBytes);
    if (salt.size() != saltBytes)
        return makeError(u"crypto_failed", u"no random salt available"_s);
    QByteArray encoded(qsizetype(argon2_encodedlen(m_params.iterations, m_params.memoryKiB, m_params.parallelism,
                                                   saltBytes, hashBytes, Argon2_id)),
                       '\0');
    const int rc = argon2id_hash_encoded(m_params.iterations, m_params.memoryKiB, m_params.parallelism,
                                         password.constData(), size_t(password.size()), salt.constData(),
                                         size_t(salt.size()), hashBytes, encoded.data(), size_t(encoded.size()));
    if (rc != ARGON2_OK)
        return makeError(u"crypto_failed", u"argon2: "_s + QLatin1StringView(argon2_error_message(rc)));
    // The buffer is sized for the worst case and ends in a NUL; cut at the real end.
    encoded.truncate(qstrnlen(encoded.constData(), size_t(encoded.size())));
    return QString::fromLatin1(encoded);
}

bool PasswordHasher::verify(const QString &encoded, const QByteArray &password) const
{
    if (password.size() > maxPasswordBytes || encoded.isEmpty())
        return false;
    // toLatin1() would silently map non-Latin-1 characters to '?'; a genuine PHC string is plain ASCII.
    for (const QChar c : encoded) {
        if (c.unicode() < 0x20 || c.unicode() > 0x7e)
            return false;
    }
    const QByteArray encodedBytes = encoded.toLatin1();
    return argon2id_verify(encodedBytes.constData(), password.constData(), size_t(password.size())) == ARGON2_OK;
}

bool PasswordHasher::needsRehash(const QString &encoded) const
{
    // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
    const QStringList parts = encoded.split(u'$');
    if (parts.size() != 6 || !parts[0].isEmpty() || parts[1] != "argon2id"_L1
        || parts[2] != u"v=%1"_s.arg(int(ARGON2_VERSION_NUMBER)))
        return true;
    const QString wanted = u"m=%1,t=%2,p=%3"_s.arg(m_params.memoryKiB).arg(m_params.iterations).arg(m_params.parallelism);
    return parts[3] != wanted;
}

} // namespace Banter::Server
