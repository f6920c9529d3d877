#pragma once

#include "crypto/CryptoService.h"
#include "crypto/WebPushCrypto.h"

#include <QList>
#include <QString>

namespace Banter::Server {

struct SecretKey
{
    QString id;
    QByteArray secret;
};

// The secret key file (JSON, mode 0600): token signing keys, data-at-rest keys, the search key and the VAPID
// key. Created on first start. The newest key of each kind signs/encrypts; older ones still verify/decrypt.
class KeyStore
{
public:
    // Loads the file, creating it when missing. Refuses a file that others may read.
    static Result<KeyStore> loadOrCreate(const QString &path, const CryptoService &crypto);

    // Adds a new token signing key and a new data key, then saves. Older keys stay for verification.
    Result<void> rotate(const CryptoService &crypto);

    const SecretKey &currentTokenKey() const { return m_tokenKeys.last(); }
    const SecretKey &currentDataKey() const { return m_dataKeys.last(); }
    // The key of the search index's keyed hashes (HMAC-SHA256). Never rotated with the others: a new one would
    // mean re-indexing every message. Added to key files from before it existed.
    const SecretKey &searchKey() const { return m_searchKey; }
    // The server's VAPID key (RFC 8292), a P-256 key pair: it signs every Web Push request, and browsers
    // subscribe with its public key as applicationServerKey. Only the private key is stored; the public one is
    // derived on load. Never rotated with the others: a new one would orphan every push subscription. Added to
    // key files from before it existed.
    const P256KeyPair &vapidKeyPair() const { return m_vapidKey; }
    const SecretKey *tokenKey(const QString &id) const;
    const SecretKey *dataKey(const QString &id) const;
    QString path() const { return m_path; }

private:
    Result<void> save() const;
    QString m_path;
    QList<SecretKey> m_tokenKeys;
    QList<SecretKey> m_dataKeys;
    SecretKey m_searchKey;
    P256KeyPair m_vapidKey;
};

} // namespace Banter::Server
