#pragma once

#include "http/ApiRouter.h"
#include "service/NotificationService.h"
#include "service/NotificationSettingsService.h"
#include "service/PushSubscriptionService.h"

namespace Banter::Server {

// /api/notifications/*: the in-app list and its read marks, settings, the VAPID public key and the calling
// device's Web Push subscriptions (issue #12).
class NotificationRoutes
{
public:
    static void registerOn(ApiRouter &router, NotificationService &notifications, NotificationSettingsService &settings,
                           PushSubscriptionService &push);
};

} // namespace Banter::Server
