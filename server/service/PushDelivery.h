#pragma once

#include "crypto/MessageSealer.h"
#include "service/JobOutcome.h"
#include "storage/JobRecord.h"

#include <QList>

namespace Banter::Server {

class DbSession;
class PushSender;

struct PushDeliverySettings
{
    int ttlSecs = 24 * 60 * 60; // how long a push service keeps a push for a device that is away
    int maxPreviewChars = 200;  // message text in a push (with previews on), cut to this
};

// The handler of `push.deliver` jobs (NotificationFanout enqueues one per subscription and notification), run in
// batches: opens the subscriptions (deleted ones: nothing to do), builds each payload — {kind, conversationId,
// messageId, notificationId, count, title, body?}; the title is the direct conversation's other member or the
// group's title, the body the message text only when the user turned previews on — and hands them to PushSender,
// which sends them concurrently. 404/410 delete the subscription; 429, 5xx and network errors retry with the
// queue's backoff (Retry-After respected); other refusals make the job dead, visible to admins.
class PushDelivery
{
public:
    PushDelivery(const MessageSealer &sealer, PushSender &sender, PushDeliverySettings settings = {});

    QList<JobOutcome> run(DbSession &db, const QList<JobRecord> &jobs);

private:
    const MessageSealer &m_sealer;
    PushSender &m_sender;
    PushDeliverySettings m_settings;
};

} // namespace Banter::Server
