#pragma once

#include "realtime/Outgoing.h"
#include "service/ChatEvents.h"
#include "service/ModerationEvents.h"
#include "service/SessionEvents.h"

#include <QList>

namespace Banter::Server {

class SocketWorker;

// Fan-out across the socket workers. Service events become packets here, each encoded once; the packet
// list goes to every worker in one queued call, and each worker delivers to its own sockets. Thread-safe:
// the worker list is fixed before the first connection.
class SocketHub : public ChatEvents, public SessionEvents, public ModerationEvents
{
public:
    void setWorkers(QList<SocketWorker *> workers) { m_workers = std::move(workers); }

    void messagesCreated(const QList<CreatedMessage> &batch) override;
    void eventsCommitted(const QList<CommittedEvent> &events) override;
    void receiptsUpdated(const QList<ReceiptUpdate> &updates) override;
    void presenceChanged(qint64 userId, bool online, const QDateTime &lastSeen, const QList<qint64> &audience) override;
    void typingChanged(qint64 conversationId, qint64 userId, bool typing) override;
    void sessionEnded(const QString &sessionId) override;
    void userSessionsEnded(qint64 userId) override;
    void auditAppended(const AuditEntry &entry) override;

    // An event on the /admin namespace to every moderator console.
    void toAdmins(const QString &event, const QJsonObject &payload);
    static QString adminFrame(const QString &event, const QJsonObject &payload);

    // An event to the sockets that joined a conversation, except those of one user.
    void toJoined(qint64 conversationId, qint64 exceptUser, const QString &event, const QJsonObject &payload);

    static QString eventFrame(const QString &event, const QJsonObject &payload);

private:
    void post(QList<Outgoing> batch);
    static QList<Outgoing> memberLeft(qint64 conversationId, qint64 userId);
    QList<SocketWorker *> m_workers;
};

} // namespace Banter::Server
