#pragma once

#include "storage/NotificationRepository.h"

#include <QJsonObject>

namespace Banter::Server {

// The contract's notification object, shared by GET /api/notifications and the notification:new event:
// {id, kind, conversationId?, messageId?, actorId?, reportId?, count, createdAt, readAt}. Ids are strings.
class NotificationJson
{
public:
    static QJsonObject notification(const StoredNotification &n);
};

} // namespace Banter::Server
