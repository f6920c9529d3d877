#pragma once

#include "crypto/CryptoService.h"
#include "crypto/KeyStore.h"

#include <banter/Result.h>

namespace Banter::Server {

struct SealedContent
{
    QString keyId;
    QByteArray nonce;      // 96 bits, random per row
    QByteArray ciphertext; // ciphertext || GCM tag
};

// Message content at rest: AES-256-GCM under the newest data key, bound to (conversation id, seq) so a row
// copied into another conversation or position fails to open instead of returning someone else's text.
// Older keys stay in the key file, so rotation never rewrites rows.
class MessageSealer
{
public:
    MessageSealer(const CryptoService &crypto, const KeyStore &keys) : m_crypto(crypto), m_keys(keys) {}

    Result<SealedContent> seal(qint64 conversationId, qint64 seq, const QString &content) const;
    Result<QString> open(qint64 conversationId, qint64 seq, const SealedContent &sealed) const;
    // Any other record (media names, uploads): the same, bound to a context the caller names.
    Result<SealedContent> sealRecord(const QByteArray &context, const QByteArray &plaintext) const;
    Result<QByteArray> openRecord(const QByteArray &context, const SealedContent &sealed) const;

private:
    static QByteArray context(qint64 conversationId, qint64 seq);
    const CryptoService &m_crypto;
    const KeyStore &m_keys;
};

} // namespace Banter::Server
