#include "service/PushDelivery.h"

#include "service/ChatMessage.h"
#include "service/PushSender.h"
#include "service/PushSubscriptionService.h"
#include "service/ServiceLog.h"
#include "storage/DbSession.h"
#include "storage/MessageRepository.h"
#include "storage/NotificationRepository.h"
#include "storage/PushSubscriptionRepository.h"
#include "storage/SqlArrays.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

struct PushJob
{
    qint64 subscriptionId = 0;
    qint64 userId = 0;
    qint64 notificationId = 0;
    QString kind;
    qint64 conversationId = 0;
    qint64 messageId = 0;
    qint64 actorId = 0;
    int count = 1;
};

PushJob parse(const QJsonObject &p)
{
    return {p.value(u"subscriptionId"_s).toInteger(), p.value(u"userId"_s).toInteger(),
            p.value(u"notificationId"_s).toInteger(), p.value(u"kind"_s).toString(),
            p.value(u"conversationId"_s).toInteger(), p.value(u"messageId"_s).toInteger(),
            p.value(u"actorId"_s).toInteger(), qMax(1, p.value(u"count"_s).toInt(1))};
}

} // namespace

PushDelivery::PushDelivery(const MessageSealer &sealer, PushSender &sender, PushDeliverySettings settings)
    : m_sealer(sealer), m_sender(sender), m_settings(settings)
{
}

QList<JobOutcome> PushDelivery::run(DbSession &db, const QList<JobRecord> &jobs)
{
    QList<JobOutcome> outcomes(jobs.size(), JobOutcome::done());
    QList<PushJob> pushes;
    QList<qint64> subscriptionIds;
    QSet<qint64> conversations;
    QSet<qint64> users;
    QSet<qint64> recipients;
    for (const JobRecord &job : jobs) {
        pushes.append(parse(job.payload));
        const PushJob &p = pushes.last();
        subscriptionIds.append(p.subscriptionId);
        conversations.insert(p.conversationId);
        users.insert(p.actorId);
        recipients.insert(p.userId);
    }
    auto failAll = [&](const QString &error) {
        return QList<JobOutcome>(jobs.size(), JobOutcome::retry(error));
    };

    // The subscriptions still there, opened.
    auto rows = PushSubscriptionRepository(db).byIds(subscriptionIds);
    if (!rows)
        return failAll(rows.error().message);
    QHash<qint64, PushTarget> targets;
    for (const StoredPushSubscription &row : rows.value()) {
        auto target = PushSubscriptionService::open(m_sealer, row);
        if (target)
            targets.insert(row.id, target.value());
        else
            qCWarning(lcService) << "push subscription" << row.id << "does not open:" << target.error().message;
    }

    // Titles, and the text for those who want previews.
    NotificationRepository notifications(db);
    auto context = notifications.pushContext(conversations, users);
    if (!context)
        return failAll(context.error().message);
    const QHash<qint64, std::pair<QString, QString>> &conversationInfo = context.value().conversations; // (type, title)
    const QHash<qint64, QString> &names = context.value().names;
    auto wantPreviews = notifications.previewsOf(recipients);
    if (!wantPreviews)
        return failAll(wantPreviews.error().message);
    const QSet<qint64> &previews = wantPreviews.value();
    QHash<qint64, QString> texts;
    {
        QList<qint64> ids;
        for (const PushJob &p : std::as_const(pushes))
            if (previews.contains(p.userId) && p.messageId != 0 && !ids.contains(p.messageId))
                ids.append(p.messageId);
        if (!ids.isEmpty()) {
            auto messages = MessageRepository(db).findByIds(ids);
            if (!messages)
                return failAll(messages.error().message);
            for (const StoredMessage &m : messages.value()) {
                const ChatMessage opened = ChatMessage::reveal(m, m_sealer);
                // An end-to-end encrypted message has no text here (nor has one of files only): no preview.
                if (opened.readable && !opened.removed() && !opened.content.isEmpty())
                    texts.insert(m.id, opened.content);
            }
        }
    }

    QList<PushRequest> requests;
    QList<qsizetype> sentFor; // index into jobs of each request
    for (qsizetype i = 0; i < pushes.size(); ++i) {
        const PushJob &p = pushes[i];
        const auto target = targets.constFind(p.subscriptionId);
        if (target == targets.cend() || target->userId != p.userId)
            continue; // unsubscribed (or logged out) meanwhile: nothing to send, done
        const auto [type, groupTitle] = conversationInfo.value(p.conversationId);
        const QString actor = names.value(p.actorId);
        const bool direct = type == u"direct"_s;
        QJsonObject payload{{u"kind"_s, p.kind},
                            {u"conversationId"_s, QString::number(p.conversationId)},
                            {u"messageId"_s, QString::number(p.messageId)},
                            {u"notificationId"_s, QString::number(p.notificationId)},
                            {u"count"_s, p.count},
                            {u"title"_s, direct || groupTitle.isEmpty() ? actor : groupTitle}};
        if (const auto text = texts.constFind(p.messageId); text != texts.cend() && previews.contains(p.userId)) {
            const QString cut = text->size() > m_settings.maxPreviewChars
                                    ? text->left(m_settings.maxPreviewChars - 1) + QChar(0x2026) : *text;
            payload.insert(u"body"_s, direct ? cut : actor + u": "_s + cut);
        }
        PushRequest r;
        r.endpoint = target->endpoint;
        r.p256dh = target->p256dh;
        r.auth = target->auth;
        r.plaintext = QJsonDocument(payload).toJson(QJsonDocument::Compact);
        r.ttlSecs = m_settings.ttlSecs;
        r.urgency = direct || p.kind != u"message"_s ? u"high"_s : u"normal"_s;
        r.topic = u"c"_s + QString::number(p.conversationId); // a newer push replaces one still waiting
        requests.append(std::move(r));
        sentFor.append(i);
    }
    if (requests.isEmpty())
        return outcomes;

    const QList<PushResult> results = m_sender.send(requests);
    PushSubscriptionRepository subscriptions(db);
    for (qsizetype k = 0; k < results.size() && k < sentFor.size(); ++k) {
        const qsizetype i = sentFor[k];
        const PushResult &r = results[k];
        switch (r.kind) {
        case PushResult::Kind::Delivered:
            break;
        case PushResult::Kind::Gone:
            // The push service forgot the subscription (the user unsubscribed, the browser's data was cleared).
            if (auto removed = subscriptions.removeGone(pushes[i].subscriptionId); !removed)
                outcomes[i] = JobOutcome::retry(removed.error().message);
            break;
        case PushResult::Kind::Retry:
            outcomes[i] = JobOutcome::retry(u"push service: "_s + r.error, r.retryAfter);
            break;
        case PushResult::Kind::Rejected:
            outcomes[i] = JobOutcome::fail(u"push service: "_s + r.error);
            break;
        }
    }
    return outcomes;
}

} // namespace Banter::Server
