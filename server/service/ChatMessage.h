#pragma once

#include "crypto/MessageSealer.h"
#include "storage/MessageRepository.h"

#include <QDateTime>
#include <QString>

namespace Banter::Server {

// A message as members see it: content opened.
struct ChatMessage
{
    qint64 id = 0;
    qint64 conversationId = 0;
    qint64 seq = 0;
    qint64 senderId = 0;
    QString content;
    bool readable = true; // false when the stored content failed to open (tampered or moved row)
    bool removed = false; // hidden or deleted by a moderator: a tombstone, no content
    QString clientMessageId;
    QDateTime createdAt;

    static ChatMessage reveal(const StoredMessage &stored, const MessageSealer &sealer);
};

// A committed message and who it goes to; originConnection is the socket that sent it (0 for REST).
struct CreatedMessage
{
    ChatMessage message;
    QList<qint64> memberIds;
    quint64 originConnection = 0;
};

} // namespace Banter::Server
