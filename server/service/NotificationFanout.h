#pragma once

#include "crypto/MessageSealer.h"
#include "service/JobOutcome.h"
#include "service/NotificationEvents.h"

#include <QDateTime>
#include <QJsonObject>

#include <functional>

namespace Banter::Server {

class DbSession;

struct FanoutSettings
{
    qint64 pushWindowMs = 10000; // at most one push per user and conversation in this time
    // A fan-out to more members than this is split into parts of about this many (by user id), one job each, so that
    // no transaction of a big group's fan-out holds the database long (--notify-part-members).
    int partMembers = 250;
};

// What one committed writer batch may notify about, as the fan-out job's payload: the new messages (ids),
// reactions added (conversation, message, reactor) and members added to groups (conversation, user, by whom).
struct FanoutInput
{
    struct Reaction
    {
        qint64 conversationId = 0;
        qint64 messageId = 0;
        qint64 actorId = 0;
    };
    struct Added
    {
        qint64 conversationId = 0;
        qint64 userId = 0;
        qint64 actorId = 0;
    };
    QList<qint64> messageIds;
    QList<Reaction> reactions;
    QList<Added> added;
    // A part of a split fan-out: only the users whose id % parts == part (parts 1: everyone).
    int part = 0;
    int parts = 1;

    bool isEmpty() const { return messageIds.isEmpty() && reactions.isEmpty() && added.isEmpty(); }
    QJsonObject toJson() const;
    static FanoutInput fromJson(const QJsonObject &payload);
};

// The notification fan-out (issue #12): the handler of the `notify.fanout` jobs the message writer enqueues in
// the transaction of the messages and events that cause them. Decides who hears of what — mention (@username),
// reply (to your message), reaction (to your message), message (to a member with no connected device, at level
// "all", not muted), group.added — leaving out whoever blocks the actor and members whose history starts after
// the message; writes the notifications (message and reaction ones coalesce while unread) and, for members with
// no connected device, push settings on, the conversation neither muted nor at level "none", outside their quiet
// hours, and no push to that conversation in the last window, one `push.deliver` job per push subscription, all
// in the job's transaction. Live `notification:new` events follow the commit. Runs on job-runner threads.
// A fan-out to more than FanoutSettings::partMembers members instead enqueues parts, in its transaction: jobs with
// the same input that each handle the users of one residue of their id.
class NotificationFanout
{
public:
    static constexpr auto Kind = "notify.fanout";
    static constexpr auto PushKind = "push.deliver";

    using OnlineCheck = std::function<bool(qint64 userId)>;

    NotificationFanout(const MessageSealer &sealer, OnlineCheck online, NotificationEvents &events,
                       FanoutSettings settings = {});

    JobOutcome run(DbSession &db, const QJsonObject &payload);

    // The user names @mentioned in a text, lower-cased (a mention is @ then 3-32 of [A-Za-z0-9_.-], not preceded by
    // one of those; a trailing dot ends the sentence, not the name, when the name without it is a member's).
    static QStringList mentionedNames(const QString &text);
    // Whether `now` falls in the quiet hours from-to ("HH:MM", local time in the IANA zone tz; from > to spans
    // midnight). An unknown zone counts as UTC.
    static bool inQuietHours(const QString &from, const QString &to, const QString &tz, const QDateTime &now);

private:
    bool mine(const FanoutInput &in, qint64 user) const { return in.parts <= 1 || user % in.parts == in.part; }

    const MessageSealer &m_sealer;
    OnlineCheck m_online;
    NotificationEvents &m_events;
    FanoutSettings m_settings;
};

} // namespace Banter::Server
