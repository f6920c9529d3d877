#pragma once

#include "realtime/Outgoing.h"
#include "service/ChatEvents.h"
#include "service/ModerationEvents.h"
#include "service/SessionEvents.h"

#include <QList>
#include <QReadWriteLock>

namespace Banter::Server {

class SocketWorker;
struct ServerMetrics;

// Fan-out across the socket workers. Service events become packets here, each encoded once; the packet
// list goes to every worker in one queued call, and each worker delivers to its own sockets. Thread-safe:
// the worker list is set before the first connection and emptied (detachWorkers) before the first worker is
// deleted, under a lock every post holds. Without that, a socket thread still finishing a continuation at
// shutdown (a user going offline) posted to a worker another socket thread had already deleted: the heap
// corruption behind the baseline's one segfault at shutdown (ASan: heap-use-after-free in SocketHub::post).
class SocketHub : public ChatEvents, public SessionEvents, public ModerationEvents
{
public:
    void setWorkers(QList<SocketWorker *> workers);
    // From here on nothing reaches a worker: SocketGateway calls it before it stops the first socket thread.
    void detachWorkers();

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
    QString adminFrame(const QString &event, const QJsonObject &payload) const;

    // An event to the sockets that joined a conversation, except those of one user.
    void toJoined(qint64 conversationId, qint64 exceptUser, const QString &event, const QJsonObject &payload);

    // The Engine.IO frame of an event on "/", counted in banter_socket_events_out_total.
    QString eventFrame(const QString &event, const QJsonObject &payload) const;

    void setMetrics(ServerMetrics *metrics) { m_metrics = metrics; } // before the first event

private:
    void post(QList<Outgoing> batch);
    QList<Outgoing> memberLeft(qint64 conversationId, qint64 userId) const;
    mutable QReadWriteLock m_lock;
    QList<SocketWorker *> m_workers;
    ServerMetrics *m_metrics = nullptr;
};

} // namespace Banter::Server
