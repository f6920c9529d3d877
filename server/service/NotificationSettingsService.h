#pragma once

#include "service/Principal.h"
#include "storage/DbExecutor.h"
#include "storage/NotificationSettingsRepository.h"

#include <QFuture>
#include <QJsonObject>

namespace Banter::Server {

// GET/POST /api/notifications/settings (issue #12): push on or off, message text in pushes (previews), quiet
// hours in the user's time zone, and per conversation a level (all, mentions, none) and a mute (for ever or until
// a time). POST merges: the fields it names change, the others stay; a conversation entry merges likewise.
class NotificationSettingsService
{
public:
    static constexpr int MaxConversationsPerRequest = 500;

    explicit NotificationSettingsService(DbExecutor &db) : m_db(db) {}

    QFuture<Result<NotificationSettings>> get(const Principal &caller);
    QFuture<Result<NotificationSettings>> update(const Principal &caller, const QJsonObject &body);

private:
    DbExecutor &m_db;
};

} // namespace Banter::Server
