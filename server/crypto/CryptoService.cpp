#include "crypto/CryptoService.h"

#include <QtCrypto>

using namespace Qt::StringLiterals;

namespace Banter::Server {

namespace {
constexpr int TagBytes = 16;
}

Result<void> CryptoService::checkSupport()
{
    QStringList missing;
    for (const char *feature : {"aes256-gcm", "hmac(sha256)", "hmac(sha1)", "sha256", "random"}) {
        if (!QCA::isSupported(feature))
            missing << QLatin1StringView(feature);
    }
    if (!missing.isEmpty())
        return makeError(u"crypto_unavailable",
                         u"QCA lacks "_s + missing.join(u", "_s) + u" (install the QCA OpenSSL plugin, libqca-qt6-plugins)"_s);
    return {};
}

QByteArray CryptoService::randomBytes(int count) const
{
    return QCA::Random::randomArray(count).toByteArray();
}

QByteArray CryptoService::sha256(const QByteArray &data) const
{
    return QCA::Hash(u"sha256"_s).hash(data).toByteArray();
}

QByteArray CryptoService::hmacSha256(const QByteArray &key, const QByteArray &data) const
{
    QCA::MessageAuthenticationCode mac(u"hmac(sha256)"_s, QCA::SymmetricKey(key));
    mac.update(data);
    return mac.final().toByteArray();
}

QByteArray CryptoService::hmacSha1(const QByteArray &key, const QByteArray &data) const
{
    QCA::MessageAuthenticationCode mac(u"hmac(sha1)"_s, QCA::SymmetricKey(key));
    mac.update(data);
    return mac.final().toByteArray();
}

Result<QByteArray> CryptoService::seal(const QByteArray &key, const QByteArray &nonce, const QByteArray &context,
                                       const QByteArray &plaintext) const
{
    // QCA's OpenSSL provider fetches as many tag bytes as the AuthTag it was given holds: pass 16.
    QCA::Cipher cipher(u"aes256"_s, QCA::Cipher::GCM, QCA::Cipher::NoPadding, QCA::Encode,
                       QCA::SymmetricKey(hmacSha256(key, context)), QCA::InitializationVector(nonce),
                       QCA::AuthTag(TagBytes));
    QCA::SecureArray out = cipher.update(QCA::MemoryRegion(plaintext));
    out.append(cipher.final());
    if (!cipher.ok())
        return makeError(u"crypto_failed", u"encryption failed"_s);
    QByteArray sealed = out.toByteArray();
    const QByteArray tag = cipher.tag().toByteArray();
    if (tag.size() != TagBytes)
        return makeError(u"crypto_failed", u"encryption produced no authentication tag"_s);
    sealed.append(tag);
    return sealed;
}

Result<QByteArray> CryptoService::open(const QByteArray &key, const QByteArray &nonce, const QByteArray &context,
                                       const QByteArray &sealed) const
{
    if (sealed.size() < TagBytes)
        return makeError(u"crypto_failed", u"ciphertext too short"_s);
    const QByteArray tag = sealed.right(TagBytes);
    QCA::Cipher cipher(u"aes256"_s, QCA::Cipher::GCM, QCA::Cipher::NoPadding, QCA::Decode,
                       QCA::SymmetricKey(hmacSha256(key, context)), QCA::InitializationVector(nonce),
                       QCA::AuthTag(tag));
    QCA::SecureArray out = cipher.update(QCA::MemoryRegion(sealed.left(sealed.size() - TagBytes)));
    out.append(cipher.final());
    if (!cipher.ok())
        return makeError(u"crypto_failed", u"authentication failed: wrong key or context, or tampered data"_s);
    return out.toByteArray();
}

bool CryptoService::constantTimeEquals(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

} // namespace Banter::Server
