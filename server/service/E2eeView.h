#pragma once

#include "service/ChatMessage.h"
#include "service/ConversationEvent.h"

#include <QList>

namespace Banter::Server {

class DbSession;

// What one device (login session) reads of end-to-end encrypted messages and edits: history, pins, the
// conversation list and sync give each device its own ciphertext (or none, for a device that joined later)
// and the sending device. One query for a list; positions that are not E2EE are left as they are. Runs on a
// database thread.
namespace E2eeView {

Result<void> forDevice(DbSession &db, const QString &sessionId, QList<ChatMessage> &messages);
Result<void> forDevice(DbSession &db, const QString &sessionId, QList<ConversationEvent> &events);

} // namespace E2eeView
} // namespace Banter::Server
