#pragma once

#include "storage/DbSession.h"

#include <QDateTime>

#include <optional>

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
    int removed = 0; // 0 visible, 1 hidden by a moderator, 2 deleted by a moderator
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
    Result<std::optional<StoredMessage>> findById(qint64 id);
    // The message at seq with up to radius messages on each side, ascending.
    Result<QList<StoredMessage>> around(qint64 conversationId, qint64 seq, int radius);
    // mode 1 hides, 2 deletes (erasing the ciphertext); returns the row, or nothing for an unknown id.
    Result<std::optional<StoredMessage>> setRemoved(qint64 id, int mode);

    // Reads the ten message columns starting at `first`.
    static StoredMessage fromRow(const class QSqlQuery &q, int first = 0);

private:
    Result<QList<StoredMessage>> list(const QString &query, const QVariantMap &binds);
    DbSession &m_session;
};

} // namespace Banter::Server
