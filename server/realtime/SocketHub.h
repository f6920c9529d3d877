#pragma once

#include "realtime/Outgoing.h"
#include "service/ChatEvents.h"
#include "service/E2eeEvents.h"
#include "service/ModerationEvents.h"
#include "service/NotificationEvents.h"
#include "service/SessionEvents.h"

#include <QList>

namespace Banter::Server {

class EventBus;
struct ServerMetrics;

// What service events mean for sockets. Each becomes packets here, each encoded once, with its recipients
// (users, a conversation's joined sockets, the /admin consoles); the list is published on the EventBus, which
// brings it to every socket worker (of every node). Revocation goes the same way. Thread-safe, never blocks.
class SocketHub : public ChatEvents,
                  public SessionEvents,
                  public ModerationEvents,
                  public NotificationEvents,
                  public E2eeEvents
{
public:
    explicit SocketHub(EventBus &bus) : m_bus(bus) {}

    void messagesCreated(const QList<CreatedMessage> &batch) override;
    void eventsCommitted(const QList<CommittedEvent> &events) override;
    void receiptsUpdated(const QList<ReceiptUpdate> &updates) override;
    void presenceChanged(qint64 userId, bool online, const QDateTime &lastSeen, const QList<qint64> &audience) override;
    void typingChanged(qint64 conversationId, qint64 userId, bool typing) override;
    void conversationCreated(const ConversationRecord &conversation, const QList<qint64> &online) override;
    void sessionEnded(const QString &sessionId) override;
    void userSessionsEnded(qint64 userId) override;
    void auditAppended(const AuditEntry &entry) override;
    void notificationsCreated(const QList<StoredNotification> &notifications) override;
    void notificationsRead(qint64 userId, const QJsonObject &read) override;
    void preKeysLow(qint64 userId, const QString &sessionId, int remaining) override;

    // The packets of committed messages and events (a replayed `message` event carries its message), for
    // replaying what a node missed on the bus (ClusterCatchUp).
    QList<Outgoing> renderMessages(const QList<CreatedMessage> &batch) const;
    QList<Outgoing> renderEvents(const QList<CommittedEvent> &events) const;

    // An event on the /admin namespace to every moderator console.
    void toAdmins(const QString &event, const QJsonObject &payload);
    QString adminFrame(const QString &event, const QJsonObject &payload) const;

    // An event to the sockets that joined a conversation, except those of one user.
    void toJoined(qint64 conversationId, qint64 exceptUser, const QString &event, const QJsonObject &payload);

    // The Engine.IO frame of an event on "/", counted in banter_socket_events_out_total.
    QString eventFrame(const QString &event, const QJsonObject &payload) const;

    void setMetrics(ServerMetrics *metrics) { m_metrics = metrics; } // before the first event

private:
    void post(QList<Outgoing> batch);
    QList<Outgoing> memberLeft(qint64 conversationId, qint64 userId) const;
    EventBus &m_bus;
    ServerMetrics *m_metrics = nullptr;
};

} // namespace Banter::Server
