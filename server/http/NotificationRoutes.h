#pragma once

#include "http/ApiRouter.h"
#include "service/NotificationSettingsService.h"
#include "service/PushSubscriptionService.h"

namespace Banter::Server {

// /api/notifications/*: settings, the VAPID public key and the calling device's Web Push subscriptions (issue #12).
class NotificationRoutes
{
public:
    static void registerOn(ApiRouter &router, NotificationSettingsService &settings, PushSubscriptionService &push);
};

} // namespace Banter::Server
