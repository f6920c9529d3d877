#pragma once

#include "crypto/MessageSealer.h"
#include "service/ChatMessage.h"
#include "service/ConnectionDirectory.h"
#include "service/MessageWriter.h"
#include "service/ModerationEvents.h"
#include "service/NotificationEvents.h"
#include "service/PresenceService.h"
#include "service/Principal.h"
#include "service/SessionEvents.h"
#include "storage/AuditRepository.h"
#include "storage/GroupRepository.h"
#include "storage/DbExecutor.h"
#include "storage/ReportRepository.h"
#include "storage/SessionRepository.h"
#include "storage/UserRepository.h"

#include <QFuture>

#include <functional>

namespace Banter::Server {

struct MessageVersionView
{
    int version = 0;
    std::optional<QString> content; // none when it does not open
    QDateTime replacedAt;
};

struct MessageHistory
{
    ChatMessage message;
    QList<MessageVersionView> versions;
};

struct AccountView
{
    AccountRecord account;
    bool online = false;
};

struct AccountPage
{
    QList<AccountView> accounts;
    QString nextCursor;
};

struct ReportView
{
    ReportDetails report;
    std::optional<ChatMessage> message;
    QList<ChatMessage> context;
    std::optional<GroupRecord> group; // the group the message was sent in (report details only)
};

struct ReportPage
{
    QList<ReportView> reports;
    QString nextCursor;
};

struct AccountDetails
{
    AccountView account;
    QList<DeviceSession> sessions;
    QList<ConnectionView> connections;
    QList<ReportView> reports;
    qint64 conversationCount = 0;
    QList<GroupRecord> groups; // with members and roles (at most 50)
};

struct AuditPage
{
    QList<AuditEntry> entries;
    QString nextCursor;
};

// Moderation: accounts, reports, messages, membership, and the audit log. Every change is audited in the
// same transaction as the change itself. Callers are moderators or admins (ApiRouter checks that); rank
// rules (no acting on yourself or on an equal or higher role) are checked here.
class AdminService
{
public:
    AdminService(DbExecutor &db, MessageWriter &writer, const MessageSealer &sealer, PresenceService &presence, SessionEvents &sessions,
                 ModerationEvents &events, const ConnectionDirectory &connections, NotificationEvents &notifications);

    QFuture<Result<AccountPage>> searchUsers(const QString &query, int limit, const QString &cursor);
    QFuture<Result<AccountDetails>> user(const QString &userId);
    QFuture<Result<AccountView>> suspend(const Principal &actor, const QString &userId, const QString &reason,
                                         qint64 durationSeconds);
    QFuture<Result<AccountView>> ban(const Principal &actor, const QString &userId, const QString &reason);
    QFuture<Result<AccountView>> unban(const Principal &actor, const QString &userId, const QString &reason);
    QFuture<Result<int>> forceLogout(const Principal &actor, const QString &userId, const QString &reason);
    QFuture<Result<AccountView>> setRole(const Principal &actor, const QString &userId, const QString &role,
                                         const QString &reason);

    QFuture<Result<ReportPage>> reports(const QString &state, int limit, const QString &cursor);
    QFuture<Result<ReportView>> report(const QString &reportId);
    QFuture<Result<ReportView>> assignReport(const Principal &actor, const QString &reportId);
    QFuture<Result<ReportView>> closeReport(const Principal &actor, const QString &reportId, bool resolved,
                                            const QString &action, const QString &reason);

    // Hides (content kept for the audit) or deletes (content erased) a message through the writer: an event in
    // the conversation's log (message.hidden, message.deleted by "moderator") and an audit entry, one transaction.
    QFuture<Result<ChatMessage>> removeMessage(const Principal &actor, const QString &messageId, bool erase,
                                               const QString &reason, QObject *context);
    // A message as members see it, with its earlier versions (oldest first; none once it was deleted).
    QFuture<Result<MessageHistory>> messageHistory(const QString &messageId);
    QFuture<Result<bool>> removeMember(const Principal &actor, const QString &conversationId, const QString &userId,
                                       const QString &reason, QObject *context);

    QFuture<Result<AuditPage>> audit(AuditFilter filter);


private:
    // Changes an account's state, revokes its sessions when it may no longer log in, audits.
    QFuture<Result<AccountView>> changeState(const Principal &actor, const QString &userId, AccountState state,
                                             qint64 durationSeconds, const QString &action, const QString &reason);
    Result<ReportView> loadReport(DbSession &db, qint64 id) const;
    // Applies change (false: the report is already closed) and audits it, in one transaction.
    using ReportChange = std::function<Result<bool>(ReportRepository &, qint64 id)>;
    QFuture<Result<ReportView>> changeReport(const Principal &actor, const QString &reportId, const QString &auditAction,
                                             const QString &reason, QJsonObject details, ReportChange change);

    DbExecutor &m_db;
    MessageWriter &m_writer;
    const MessageSealer &m_sealer;
    PresenceService &m_presence;
    SessionEvents &m_sessions;
    ModerationEvents &m_events;
    const ConnectionDirectory &m_connections;
    NotificationEvents &m_notifications; // report.resolved, to the reporter
};

} // namespace Banter::Server
