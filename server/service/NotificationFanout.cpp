#include "service/NotificationFanout.h"

#include "service/ChatMessage.h"
#include "service/ServiceLog.h"
#include "storage/DbSession.h"
#include "storage/JobRepository.h"
#include "storage/MessageRepository.h"
#include "storage/NotificationRepository.h"
#include "storage/PushSubscriptionRepository.h"
#include "storage/SqlArrays.h"

#include <QJsonArray>
#include <QSet>
#include <QTimeZone>
#include <QUuid>

#include <algorithm>
#include <map>

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

bool isNameChar(QChar c)
{
    return (c.unicode() < 128 && c.isLetterOrNumber()) || c == u'_' || c == u'.' || c == u'-';
}

// Which notification wins a (user, conversation) push when a batch makes several: the most personal.
int pushRank(const QString &kind)
{
    return kind == u"mention"_s ? 3 : kind == u"reply"_s ? 2 : kind == u"message"_s ? 1 : 0;
}

} // namespace

QJsonObject FanoutInput::toJson() const
{
    QJsonObject o;
    if (!messageIds.isEmpty())
        o.insert(u"messages"_s, jsonIds(messageIds));
    if (!reactions.isEmpty()) {
        QJsonArray a;
        for (const Reaction &r : reactions)
            a.append(QJsonArray{r.conversationId, r.messageId, r.actorId});
        o.insert(u"reactions"_s, a);
    }
    if (!added.isEmpty()) {
        QJsonArray a;
        for (const Added &r : added)
            a.append(QJsonArray{r.conversationId, r.userId, r.actorId});
        o.insert(u"added"_s, a);
    }
    if (parts > 1) {
        o.insert(u"part"_s, part);
        o.insert(u"parts"_s, parts);
    }
    return o;
}

FanoutInput FanoutInput::fromJson(const QJsonObject &payload)
{
    FanoutInput in;
    for (const QJsonValue &v : payload.value(u"messages"_s).toArray())
        in.messageIds.append(v.toInteger());
    for (const QJsonValue &v : payload.value(u"reactions"_s).toArray()) {
        const QJsonArray a = v.toArray();
        in.reactions.append({a.at(0).toInteger(), a.at(1).toInteger(), a.at(2).toInteger()});
    }
    for (const QJsonValue &v : payload.value(u"added"_s).toArray()) {
        const QJsonArray a = v.toArray();
        in.added.append({a.at(0).toInteger(), a.at(1).toInteger(), a.at(2).toInteger()});
    }
    in.parts = std::max(1, payload.value(u"parts"_s).toInt(1));
    in.part = std::clamp(payload.value(u"part"_s).toInt(0), 0, in.parts - 1);
    return in;
}

NotificationFanout::NotificationFanout(const MessageSealer &sealer, OnlineCheck online, NotificationEvents &events,
                                       FanoutSettings settings)
    : m_sealer(sealer), m_online(std::move(online)), m_events(events), m_settings(settings)
{
}

QStringList NotificationFanout::mentionedNames(const QString &text)
{
    QStringList names;
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        if (text[i] != u'@' || (i > 0 && isNameChar(text[i - 1])))
            continue;
        qsizetype end = i + 1;
        while (end < n && isNameChar(text[end]))
            ++end;
        QString name = text.mid(i + 1, end - i - 1).toLower();
        i = end - 1;
        if (name.size() > 33 || (name.size() == 33 && !name.endsWith(u'.')))
            continue; // no user name is that long: a longer run of name characters names nobody
        if (name.size() >= 3 && name.size() <= 32 && !names.contains(name))
            names.append(name);
        while (name.endsWith(u'.'))
            name.chop(1);
        if (name.size() >= 3 && name.size() <= 32 && !names.contains(name))
            names.append(name);
    }
    return names;
}

bool NotificationFanout::inQuietHours(const QString &from, const QString &to, const QString &tz, const QDateTime &now)
{
    const QTime start = QTime::fromString(from.left(5), u"HH:mm"_s);
    const QTime end = QTime::fromString(to.left(5), u"HH:mm"_s);
    if (!start.isValid() || !end.isValid() || start == end)
        return false;
    QTimeZone zone(tz.toUtf8());
    if (!zone.isValid())
        zone = QTimeZone::UTC;
    const QTime local = now.toTimeZone(zone).time();
    return start < end ? (local >= start && local < end) : (local >= start || local < end);
}

JobOutcome NotificationFanout::run(DbSession &db, const QJsonObject &payload)
{
    const FanoutInput in = FanoutInput::fromJson(payload);
    if (in.isEmpty())
        return JobOutcome::done();

    // 1. The messages (new ones, and those reacted to), as they are now: one removed meanwhile notifies nobody.
    QList<qint64> wanted = in.messageIds;
    for (const FanoutInput::Reaction &r : in.reactions)
        if (!wanted.contains(r.messageId))
            wanted.append(r.messageId);
    QHash<qint64, StoredMessage> messages;
    if (!wanted.isEmpty()) {
        auto rows = MessageRepository(db).findByIds(wanted);
        if (!rows)
            return JobOutcome::retry(rows.error().message);
        for (const StoredMessage &m : rows.value())
            messages.insert(m.id, m);
    }

    // 2. The members of every conversation concerned, and who of them blocks an actor.
    QList<qint64> conversations;
    QList<qint64> actors;
    auto note = [](QList<qint64> &list, qint64 id) {
        if (id != 0 && !list.contains(id))
            list.append(id);
    };
    for (qint64 id : in.messageIds) {
        const auto it = messages.constFind(id);
        if (it != messages.cend()) {
            note(conversations, it->conversationId);
            note(actors, it->senderId);
        }
    }
    for (const FanoutInput::Reaction &r : in.reactions) {
        note(conversations, r.conversationId);
        note(actors, r.actorId);
    }
    for (const FanoutInput::Added &a : in.added) {
        note(conversations, a.conversationId);
        note(actors, a.actorId);
    }
    QHash<qint64, QHash<qint64, FanoutMember>> members;          // conversation → user → member
    QHash<qint64, QHash<QString, qint64>> byName;          // conversation → username → user
    NotificationRepository notifications(db);
    auto rows = notifications.fanoutMembers(conversations);
    if (!rows)
        return JobOutcome::retry(rows.error().message);
    if (in.parts == 1 && m_settings.partMembers > 0 && rows.value().size() > m_settings.partMembers) {
        // A big group: parts of about partMembers users each, enqueued in this job's transaction (this job's end),
        // so that each runs in a short transaction of its own, with the runner's idle-priority waits between them.
        const int parts = int((rows.value().size() + m_settings.partMembers - 1) / m_settings.partMembers);
        const QString batch = QUuid::createUuid().toString(QUuid::WithoutBraces);
        QList<NewJob> jobs;
        for (int part = 0; part < parts; ++part) {
            FanoutInput p = in;
            p.part = part;
            p.parts = parts;
            jobs.append({QString::fromLatin1(Kind), u"%1/%2"_s.arg(batch).arg(part), p.toJson()});
        }
        auto queued = JobRepository(db).enqueueMany(jobs);
        if (!queued)
            return JobOutcome::retry(queued.error().message);
        return JobOutcome::done();
    }
    for (const FanoutMember &m : rows.value()) {
        byName[m.conversationId].insert(m.username, m.userId);
        if (mine(in, m.userId))
            members[m.conversationId].insert(m.userId, m);
    }
    auto blocked = notifications.blocksOfActors(actors);
    if (!blocked)
        return JobOutcome::retry(blocked.error().message);
    const QSet<std::pair<qint64, qint64>> &blocks = blocked.value(); // (blocker, blocked)
    QHash<qint64, bool> onlineCache;
    auto online = [&](qint64 user) {
        auto it = onlineCache.find(user);
        if (it == onlineCache.end())
            it = onlineCache.insert(user, m_online && m_online(user));
        return *it;
    };

    // 3. Who hears of what. `message` and `reaction` fold per (user, conversation) and (user, message).
    QList<NewNotification> plain;
    std::map<std::pair<qint64, qint64>, NewNotification> folded; // message: (user, conversation); reaction: (user, -message)
    for (qint64 id : in.messageIds) {
        const auto mit = messages.constFind(id);
        if (mit == messages.cend() || mit->removed != 0)
            continue;
        const StoredMessage &m = *mit;
        const auto &cm = members.value(m.conversationId);
        QSet<qint64> mentioned;
        const ChatMessage opened = ChatMessage::reveal(m, m_sealer);
        if (opened.readable && opened.content.contains(u'@')) {
            const auto &names = byName.value(m.conversationId);
            for (const QString &name : mentionedNames(opened.content))
                if (const auto it = names.constFind(name); it != names.cend())
                    mentioned.insert(*it);
        }
        for (auto it = cm.cbegin(); it != cm.cend(); ++it) {
            const qint64 user = it.key();
            const FanoutMember &member = *it;
            if (user == m.senderId || blocks.contains({user, m.senderId}) || m.seq < member.visibleFrom)
                continue;
            if (mentioned.contains(user)) {
                plain.append({user, u"mention"_s, m.conversationId, m.id, m.senderId, 0, 1});
            } else if (m.replyToId != 0 && m.replySenderId == user) {
                plain.append({user, u"reply"_s, m.conversationId, m.id, m.senderId, 0, 1});
            } else if (member.level == u"all"_s && !member.muted && !online(user)) {
                auto [f, fresh] = folded.try_emplace({user, m.conversationId},
                                                     NewNotification{user, u"message"_s, m.conversationId, m.id, m.senderId, 0, 0});
                ++f->second.count;
                f->second.messageId = m.id; // ids grow with seq within a conversation: the latest
                f->second.actorId = m.senderId;
            }
        }
    }
    for (const FanoutInput::Reaction &r : in.reactions) {
        const auto mit = messages.constFind(r.messageId);
        if (mit == messages.cend() || mit->removed != 0)
            continue;
        const qint64 author = mit->senderId;
        if (!mine(in, author) || author == r.actorId || blocks.contains({author, r.actorId}) || !members.value(r.conversationId).contains(author))
            continue;
        auto [f, fresh] = folded.try_emplace({author, -r.messageId},
                                             NewNotification{author, u"reaction"_s, r.conversationId, r.messageId, r.actorId, 0, 0});
        ++f->second.count;
        f->second.actorId = r.actorId;
    }
    for (const FanoutInput::Added &a : in.added)
        if (mine(in, a.userId) && a.userId != a.actorId && !blocks.contains({a.userId, a.actorId})
            && members.value(a.conversationId).contains(a.userId))
            plain.append({a.userId, u"group.added"_s, a.conversationId, 0, a.actorId, 0, 1});
    for (auto &[key, n] : folded)
        plain.append(n);
    if (plain.isEmpty())
        return JobOutcome::done();

    auto stored = notifications.insert(plain);
    if (!stored)
        return JobOutcome::retry(stored.error().message);

    // 4. Pushes: to members with no connected device who want them now, once per (user, conversation) window.
    const QDateTime now = QDateTime::currentDateTimeUtc();
    std::map<std::pair<qint64, qint64>, const StoredNotification *> candidates;
    for (const StoredNotification &n : stored.value()) {
        if (pushRank(n.kind) == 0 || online(n.userId))
            continue;
        const FanoutMember member = members.value(n.conversationId).value(n.userId);
        if (!member.push || member.muted || member.level == u"none"_s)
            continue;
        if (!member.quietTz.isEmpty() && inQuietHours(member.quietFrom, member.quietTo, member.quietTz, now))
            continue;
        const auto *&best = candidates[{n.userId, n.conversationId}];
        if (!best || pushRank(n.kind) > pushRank(best->kind))
            best = &n;
    }
    qsizetype pushes = 0;
    if (!candidates.empty()) {
        QList<std::pair<qint64, qint64>> pairs;
        for (const auto &[pair, n] : candidates)
            pairs.append(pair);
        // Only users with a subscription take a window: the others would only block their own later pushes.
        QList<qint64> users;
        for (const auto &[pair, n] : candidates)
            note(users, pair.first);
        auto subscriptions = PushSubscriptionRepository(db).idsOfUsers(users);
        if (!subscriptions)
            return JobOutcome::retry(subscriptions.error().message);
        QMultiHash<qint64, qint64> subscriptionsOf;
        for (const auto &[subscription, user] : subscriptions.value())
            subscriptionsOf.insert(user, subscription);
        pairs.removeIf([&](const std::pair<qint64, qint64> &p) { return !subscriptionsOf.contains(p.first); });
        auto open = notifications.openPushWindows(pairs, m_settings.pushWindowMs);
        if (!open)
            return JobOutcome::retry(open.error().message);
        QList<NewJob> jobs;
        for (const auto &pair : open.value()) {
            const StoredNotification *n = candidates.at(pair);
            for (auto it = subscriptionsOf.constFind(pair.first); it != subscriptionsOf.cend() && it.key() == pair.first; ++it) {
                QJsonObject p{{u"subscriptionId"_s, *it},
                              {u"userId"_s, n->userId},
                              {u"notificationId"_s, n->id},
                              {u"kind"_s, n->kind},
                              {u"conversationId"_s, n->conversationId},
                              {u"messageId"_s, n->messageId},
                              {u"actorId"_s, n->actorId},
                              {u"count"_s, n->count}};
                jobs.append({QString::fromLatin1(PushKind), u"%1:%2"_s.arg(*it).arg(n->id), p});
            }
        }
        auto queued = JobRepository(db).enqueueMany(jobs);
        if (!queued)
            return JobOutcome::retry(queued.error().message);
        pushes = jobs.size();
    }
    qCDebug(lcService) << "fan-out:" << stored.value().size() << "notifications," << pushes << "pushes";
    // Live events only to users with a connected device (most of a big group's `message` notifications are for
    // users with none: posting those would be work for every socket thread, for nobody). Asked after the commit: a
    // device that connects later finds the notification in GET /api/notifications, one connected by then gets it.
    return JobOutcome::done([this, created = stored.value()] {
        QList<StoredNotification> live;
        QHash<qint64, bool> connected;
        for (const StoredNotification &n : created) {
            auto it = connected.find(n.userId);
            if (it == connected.end())
                it = connected.insert(n.userId, !m_online || m_online(n.userId)); // no check: tell every user
            if (*it)
                live.append(n);
        }
        if (!live.isEmpty())
            m_events.notificationsCreated(live);
    });
}

} // namespace Banter::Server
