#pragma once

#include "storage/DbSession.h"

#include <QDateTime>

namespace Banter::Server {

// A message row as stored: content sealed (see MessageSealer).
struct StoredMessage
{
    qint64 id = 0;
    qint64 conversationId = 0;
    qint64 seq = 0;
    qint64 senderId = 0;
    QString clientMessageId;
    QString keyId;
    QByteArray nonce;
    QByteArray ciphertext;
    QDateTime createdAt;
};

struct ClientMessageKey
{
    qint64 conversationId = 0;
    qint64 senderId = 0;
    QString clientMessageId;
};

struct SyncPosition
{
    qint64 conversationId = 0;
    qint64 afterSeq = 0;
};

class MessageRepository
{
public:
    explicit MessageRepository(DbSession &session) : m_session(session) {}

    Result<QList<StoredMessage>> findByClientIds(const QList<ClientMessageKey> &keys);
    // Inserts every row in one statement and fills in id and createdAt.
    Result<void> insertBatch(QList<StoredMessage> &rows);
    // The newest `limit` messages with seq < before, ascending.
    Result<QList<StoredMessage>> before(qint64 conversationId, qint64 beforeSeq, int limit);
    Result<QList<StoredMessage>> after(qint64 conversationId, qint64 afterSeq, int limit);
    Result<QList<StoredMessage>> since(const QList<SyncPosition> &positions, int limit);

    // Reads the nine message columns starting at `first`.
    static StoredMessage fromRow(const class QSqlQuery &q, int first = 0);

private:
    Result<QList<StoredMessage>> list(const QString &query, const QVariantMap &binds);
    DbSession &m_session;
};

} // namespace Banter::Server
