#pragma once

#include "storage/NotificationRepository.h"

#include <QJsonObject>
#include <QList>

namespace Banter::Server {

// What the notification side announces to a user's connected devices; realtime/ turns these into
// `notification:new` and `notification:read` events. Thread-safe and non-blocking, like ChatEvents (called from
// job-runner and database threads, after the commit).
class NotificationEvents
{
public:
    virtual ~NotificationEvents() = default;
    virtual void notificationsCreated(const QList<StoredNotification> &notifications) = 0;
    // read: {ids: [...]} or {upTo: id}.
    virtual void notificationsRead(qint64 userId, const QJsonObject &read) = 0;
};

} // namespace Banter::Server
