#include "crypto/MessageSealer.h"

#include <banter/ErrorCode.h>

using namespace Qt::StringLiterals;

namespace Banter::Server {

QByteArray MessageSealer::context(qint64 conversationId, qint64 seq)
{
    return "message:" + QByteArray::number(conversationId) + ':' + QByteArray::number(seq);
}

Result<SealedContent> MessageSealer::seal(qint64 conversationId, qint64 seq, const QString &content) const
{
    return sealRecord(context(conversationId, seq), content.toUtf8());
}

Result<QString> MessageSealer::open(qint64 conversationId, qint64 seq, const SealedContent &sealed) const
{
    auto plain = openRecord(context(conversationId, seq), sealed);
    if (!plain)
        return plain.error();
    return QString::fromUtf8(plain.value());
}

Result<SealedContent> MessageSealer::sealRecord(const QByteArray &context, const QByteArray &plaintext) const
{
    const SecretKey &key = m_keys.currentDataKey();
    SealedContent out;
    out.keyId = key.id;
    out.nonce = m_crypto.randomBytes(12);
    auto sealed = m_crypto.seal(key.secret, out.nonce, context, plaintext);
    if (!sealed)
        return sealed.error();
    out.ciphertext = std::move(sealed).value();
    return out;
}

Result<QByteArray> MessageSealer::openRecord(const QByteArray &context, const SealedContent &sealed) const
{
    const SecretKey *key = m_keys.dataKey(sealed.keyId);
    if (!key)
        return makeError(ErrorCode::Internal, u"record sealed with unknown key "_s + sealed.keyId);
    return m_crypto.open(key->secret, sealed.nonce, context, sealed.ciphertext);
}

} // namespace Banter::Server
