#include "service/AdminService.h"

#include "service/ModerationAudit.h"
#include "service/ServiceFutures.h"
#include "service/ServiceLog.h"
#include "storage/ConversationRepository.h"
#include "storage/GroupRepository.h"
#include "storage/MessageRepository.h"

#include <banter/ErrorCode.h>

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

constexpr int ContextRadius = 5;

Error invalid(const QString &message)
{
    return makeError(ErrorCode::ValidationFailed, message);
}

Error noSuchUser()
{
    return makeError(ErrorCode::NotFound, u"no such user"_s);
}

Result<void> checkReason(const QString &reason)
{
    const QString r = reason.trimmed();
    if (r.isEmpty() || r.size() > 500)
        return invalid(u"reason: 1-500 characters, required for every moderation action"_s);
    return {};
}

// Acting on yourself, or on an equal or higher rank, is refused.
Result<void> checkRank(const Principal &actor, const AccountRecord &target)
{
    if (QString::number(target.id) == actor.userId)
        return makeError(ErrorCode::Forbidden, u"moderators cannot act on their own account"_s);
    if (target.role >= int(actor.role))
        return makeError(ErrorCode::Forbidden, u"that account has the same or a higher role"_s);
    return {};
}

Result<AccountRecord> loadAccount(DbSession &db, qint64 id)
{
    auto found = UserRepository(db).account(id);
    if (!found)
        return found.error();
    if (!found.value())
        return noSuchUser();
    return *found.value();
}

// The account an action is about, if the actor may act on it.
Result<AccountRecord> actionableAccount(DbSession &db, qint64 id, const Principal &actor)
{
    auto target = loadAccount(db, id);
    if (!target)
        return target;
    if (auto r = checkRank(actor, target.value()); !r)
        return r.error();
    return target;
}

QString cursorAfter(qint64 id)
{
    return QString::number(id);
}

} // namespace

AdminService::AdminService(DbExecutor &db, MessageWriter &writer, const MessageSealer &sealer, PresenceService &presence,
                           SessionEvents &sessions, ModerationEvents &events, const ConnectionDirectory &connections,
                           NotificationEvents &notifications)
    : m_db(db), m_writer(writer), m_sealer(sealer), m_presence(presence), m_sessions(sessions), m_events(events),
      m_connections(connections), m_notifications(notifications)
{
}

QFuture<Result<AccountPage>> AdminService::searchUsers(const QString &query, int limit, const QString &cursor)
{
    if (limit < 1 || limit > 200)
        return fail<AccountPage>(invalid(u"limit: 1-200"_s));
    const qint64 after = cursor.isEmpty() ? 0 : cursor.toLongLong();
    PresenceService *presence = &m_presence;
    return m_db.run([query, after, limit, presence](DbSession &db) -> Result<AccountPage> {
        auto rows = UserRepository(db).adminSearch(query, after, limit + 1);
        if (!rows)
            return rows.error();
        AccountPage page;
        for (const AccountRecord &a : rows.value().mid(0, limit))
            page.accounts.append({a, presence->isOnline(a.id)});
        if (rows.value().size() > limit)
            page.nextCursor = cursorAfter(page.accounts.last().account.id);
        return page;
    });
}

Result<ReportView> AdminService::loadReport(DbSession &db, qint64 id) const
{
    auto found = ReportRepository(db).find(id);
    if (!found)
        return found.error();
    if (!found.value())
        return makeError(ErrorCode::NotFound, u"no such report"_s);
    ReportView view{*found.value(), std::nullopt, {}, std::nullopt};
    if (view.report.messageId) {
        MessageRepository messages(db);
        auto message = messages.findById(*view.report.messageId);
        if (!message)
            return message.error();
        if (message.value()) {
            view.message = ChatMessage::reveal(*message.value(), m_sealer);
            auto context = messages.around(message.value()->conversationId, message.value()->seq, ContextRadius);
            if (!context)
                return context.error();
            for (const StoredMessage &m : context.value())
                view.context.append(ChatMessage::reveal(m, m_sealer));
            auto group = GroupRepository(db).find(message.value()->conversationId);
            if (!group)
                return group.error();
            view.group = group.value();
        }
    }
    return view;
}

QFuture<Result<AccountDetails>> AdminService::user(const QString &userId)
{
    auto id = parseId(userId);
    if (!id)
        return fail<AccountDetails>(noSuchUser());
    AccountDetails details;
    details.connections = m_connections.connectionsOf(*id);
    const bool online = m_presence.isOnline(*id);
    return m_db.run([this, id = *id, details, online](DbSession &db) mutable -> Result<AccountDetails> {
        auto account = loadAccount(db, id);
        if (!account)
            return account.error();
        details.account = {account.value(), online};
        auto sessions = SessionRepository(db).allForUser(id);
        if (!sessions)
            return sessions.error();
        details.sessions = sessions.value();
        auto reports = ReportRepository(db).list(u"any"_s, id, 0, 50);
        if (!reports)
            return reports.error();
        for (const ReportDetails &r : reports.value())
            details.reports.append({r, std::nullopt, {}, std::nullopt});
        auto count = ConversationRepository(db).countForUser(id);
        if (!count)
            return count.error();
        details.conversationCount = count.value();
        auto groups = GroupRepository(db).listForUser(id, 50);
        if (!groups)
            return groups.error();
        for (const GroupRecord &g : groups.value()) {
            auto full = GroupRepository(db).findForMember(g.id, id);
            if (!full)
                return full.error();
            if (full.value())
                details.groups.append(*full.value());
        }
        return details;
    });
}

QFuture<Result<AccountView>> AdminService::changeState(const Principal &actor, const QString &userId, AccountState state,
                                                       qint64 durationSeconds, const QString &action,
                                                       const QString &reason)
{
    auto id = parseId(userId);
    if (!id)
        return fail<AccountView>(noSuchUser());
    if (auto r = checkReason(reason); !r)
        return fail<AccountView>(r.error());
    const QDateTime until = state == AccountState::Suspended ? QDateTime::currentDateTimeUtc().addSecs(durationSeconds)
                                                             : QDateTime();
    return m_db.run([this, actor, id = *id, state, until, action, reason, durationSeconds](DbSession &db) -> Result<AccountView> {
        const bool active = state == AccountState::Active;
        AuditEntry entry;
        auto account = ModerationAudit::apply<AccountRecord>(db, entry, [&]() -> Result<AccountRecord> {
            auto target = actionableAccount(db, id, actor);
            if (!target)
                return target.error();
            auto changed = UserRepository(db).setState(id, state, until, active ? QString() : reason.trimmed());
            if (!changed)
                return changed.error();
            if (!active) {
                if (auto r = SessionRepository(db).revokeAllForUser(id, action); !r)
                    return r.error();
            }
            entry = ModerationAudit::entry(actor, action, u"user"_s, id, reason, {{u"username"_s, target->username}});
            if (state == AccountState::Suspended)
                entry.details.insert(u"durationSeconds"_s, durationSeconds);
            return *changed.value();
        });
        if (!account)
            return account.error();
        if (!active)
            m_sessions.userSessionsEnded(id); // sockets close now, not at their next request
        m_events.auditAppended(entry);
        qCInfo(lcService).noquote() << QStringLiteral("%1 by user %2 on user %3").arg(action, actor.userId).arg(id);
        return AccountView{account.value(), m_presence.isOnline(id)};
    });
}

QFuture<Result<AccountView>> AdminService::suspend(const Principal &actor, const QString &userId, const QString &reason,
                                                   qint64 durationSeconds)
{
    if (durationSeconds < 60 || durationSeconds > 365LL * 24 * 3600)
        return fail<AccountView>(invalid(u"durationSeconds: 60 s to 365 days"_s));
    return changeState(actor, userId, AccountState::Suspended, durationSeconds, u"user.suspend"_s, reason);
}

QFuture<Result<AccountView>> AdminService::ban(const Principal &actor, const QString &userId, const QString &reason)
{
    return changeState(actor, userId, AccountState::Banned, 0, u"user.ban"_s, reason);
}

QFuture<Result<AccountView>> AdminService::unban(const Principal &actor, const QString &userId, const QString &reason)
{
    return changeState(actor, userId, AccountState::Active, 0, u"user.unban"_s, reason);
}

QFuture<Result<int>> AdminService::forceLogout(const Principal &actor, const QString &userId, const QString &reason)
{
    auto id = parseId(userId);
    if (!id)
        return fail<int>(noSuchUser());
    if (auto r = checkReason(reason); !r)
        return fail<int>(r.error());
    return m_db.run([this, actor, id = *id, reason](DbSession &db) -> Result<int> {
        AuditEntry entry;
        auto revoked = ModerationAudit::apply<QStringList>(db, entry, [&]() -> Result<QStringList> {
            auto target = actionableAccount(db, id, actor);
            if (!target)
                return target.error();
            auto ids = SessionRepository(db).revokeAllForUser(id, u"user.logout"_s);
            if (!ids)
                return ids.error();
            entry = ModerationAudit::entry(actor, u"user.logout"_s, u"user"_s, id, reason,
                                           {{u"username"_s, target->username}, {u"revokedSessions"_s, ids->size()}});
            return ids;
        });
        if (!revoked)
            return revoked.error();
        m_sessions.userSessionsEnded(id);
        m_events.auditAppended(entry);
        return int(revoked.value().size());
    });
}

QFuture<Result<AccountView>> AdminService::setRole(const Principal &actor, const QString &userId, const QString &role,
                                                   const QString &reason)
{
    auto id = parseId(userId);
    if (!id)
        return fail<AccountView>(noSuchUser());
    const int newRole = roleFromName(role);
    if (newRole < 0)
        return fail<AccountView>(invalid(u"role: user, moderator or admin"_s));
    if (actor.role != Role::Admin)
        return fail<AccountView>(makeError(ErrorCode::Forbidden, u"only admins change roles"_s));
    if (auto r = checkReason(reason); !r)
        return fail<AccountView>(r.error());
    return m_db.run([this, actor, id = *id, newRole, reason](DbSession &db) -> Result<AccountView> {
        AuditEntry entry;
        auto account = ModerationAudit::apply<AccountRecord>(db, entry, [&]() -> Result<AccountRecord> {
            auto target = actionableAccount(db, id, actor);
            if (!target)
                return target.error();
            auto changed = UserRepository(db).setRole(id, newRole);
            if (!changed)
                return changed.error();
            entry = ModerationAudit::entry(actor, u"user.role"_s, u"user"_s, id, reason,
                                           {{u"username"_s, target->username},
                                            {u"from"_s, roleName(target->role)},
                                            {u"to"_s, roleName(newRole)}});
            return *changed.value();
        });
        if (!account)
            return account.error();
        m_events.auditAppended(entry);
        return AccountView{account.value(), m_presence.isOnline(id)};
    });
}

QFuture<Result<ReportPage>> AdminService::reports(const QString &state, int limit, const QString &cursor)
{
    static const QStringList states{u"open"_s, u"assigned"_s, u"resolved"_s, u"dismissed"_s};
    if (!state.isEmpty() && !states.contains(state))
        return fail<ReportPage>(invalid(u"state: open, assigned, resolved or dismissed"_s));
    if (limit < 1 || limit > 200)
        return fail<ReportPage>(invalid(u"limit: 1-200"_s));
    const qint64 after = cursor.isEmpty() ? 0 : cursor.toLongLong();
    return m_db.run([this, state, limit, after](DbSession &db) -> Result<ReportPage> {
        auto rows = ReportRepository(db).list(state, std::nullopt, after, limit + 1);
        if (!rows)
            return rows.error();
        ReportPage page;
        for (const ReportDetails &r : rows.value().mid(0, limit)) {
            auto view = loadReport(db, r.id);
            if (!view)
                return view.error();
            page.reports.append(view.value());
        }
        if (rows.value().size() > limit)
            page.nextCursor = cursorAfter(page.reports.last().report.id);
        return page;
    });
}

QFuture<Result<ReportView>> AdminService::report(const QString &reportId)
{
    auto id = parseId(reportId);
    if (!id)
        return fail<ReportView>(makeError(ErrorCode::NotFound, u"no such report"_s));
    return m_db.run([this, id = *id](DbSession &db) { return loadReport(db, id); });
}

QFuture<Result<ReportView>> AdminService::changeReport(const Principal &actor, const QString &reportId,
                                                       const QString &auditAction, const QString &reason,
                                                       QJsonObject details, ReportChange change)
{
    auto id = parseId(reportId);
    if (!id)
        return fail<ReportView>(makeError(ErrorCode::NotFound, u"no such report"_s));
    return m_db.run([this, actor, id = *id, auditAction, reason, details, change](DbSession &db) -> Result<ReportView> {
        AuditEntry entry;
        QList<StoredNotification> notified;
        auto done = ModerationAudit::apply<bool>(db, entry, [&]() -> Result<bool> {
            auto current = loadReport(db, id);
            if (!current)
                return current.error();
            ReportRepository reports(db);
            auto changed = change(reports, id);
            if (!changed)
                return changed.error();
            if (!changed.value())
                return makeError(ErrorCode::Conflict, u"this report is already closed"_s);
            entry = ModerationAudit::entry(actor, auditAction, u"report"_s, id, reason, details);
            entry.details.insert(u"reportedUserId"_s, QString::number(current->report.reportedUserId));
            if (auditAction == u"report.resolve"_s) {
                // The reporter hears that something was done (not by whom), in the resolution's transaction.
                NewNotification n;
                n.userId = current->report.reporterId;
                n.kind = u"report.resolved"_s;
                n.messageId = current->report.messageId.value_or(0);
                n.reportId = id;
                auto stored = NotificationRepository(db).insert({n});
                if (!stored)
                    return stored.error();
                notified = stored.value();
            }
            return true;
        });
        if (!done)
            return done.error();
        m_events.auditAppended(entry);
        if (!notified.isEmpty())
            m_notifications.notificationsCreated(notified);
        return loadReport(db, id);
    });
}

QFuture<Result<ReportView>> AdminService::assignReport(const Principal &actor, const QString &reportId)
{
    const qint64 me = actor.userId.toLongLong();
    return changeReport(actor, reportId, u"report.assign"_s, QString(), {},
                        [me](ReportRepository &reports, qint64 id) { return reports.assign(id, me); });
}

QFuture<Result<ReportView>> AdminService::closeReport(const Principal &actor, const QString &reportId, bool resolved,
                                                      const QString &action, const QString &reason)
{
    if (auto r = checkReason(reason); !r)
        return fail<ReportView>(r.error());
    if (resolved && (action.trimmed().isEmpty() || action.size() > 100))
        return fail<ReportView>(invalid(u"action: 1-100 characters (what was done, e.g. banned, message_removed, warned)"_s));
    const qint64 me = actor.userId.toLongLong();
    const QString state = resolved ? u"resolved"_s : u"dismissed"_s;
    const QString what = resolved ? action.trimmed() : QString();
    const QString why = reason.trimmed();
    return changeReport(actor, reportId, resolved ? u"report.resolve"_s : u"report.dismiss"_s, reason,
                        resolved ? QJsonObject{{u"action"_s, what}} : QJsonObject{},
                        [me, state, what, why](ReportRepository &reports, qint64 id) { return reports.close(id, state, what, why, me); });
}

QFuture<Result<ChatMessage>> AdminService::removeMessage(const Principal &actor, const QString &messageId, bool erase,
                                                         const QString &reason, QObject *context)
{
    auto id = parseId(messageId);
    if (!id)
        return fail<ChatMessage>(makeError(ErrorCode::NotFound, u"no such message"_s));
    if (auto r = checkReason(reason); !r)
        return fail<ChatMessage>(r.error());
    // Where the message is (the writer's partition) and what the audit entry records about it.
    auto found = m_db.run([id = *id](DbSession &db) -> Result<StoredMessage> {
        auto rows = MessageRepository(db).findByIds({id});
        if (!rows)
            return rows.error();
        if (rows.value().isEmpty())
            return makeError(ErrorCode::NotFound, u"no such message"_s);
        return rows.value().first();
    });
    auto written = chain(context, found, [this, actor, erase, reason](const Result<StoredMessage> &m) {
        if (!m)
            return fail<WriteOutcome>(m.error());
        WriteCommand c;
        c.kind = erase ? WriteKind::Delete : WriteKind::Hide;
        c.conversationId = m->conversationId;
        c.actorId = actor.userId.toLongLong();
        c.authority = Authority::Moderator;
        c.messageId = m->id;
        c.audit = ModerationAudit::entry(actor, erase ? u"message.delete"_s : u"message.hide"_s, u"message"_s, m->id,
                                         reason,
                                         {{u"conversationId"_s, QString::number(m->conversationId)},
                                          {u"seq"_s, m->seq},
                                          {u"senderId"_s, QString::number(m->senderId)}});
        return m_writer.submit(std::move(c));
    });
    return written.then(context, [this](const Result<WriteOutcome> &r) -> Result<ChatMessage> {
        if (!r)
            return r.error();
        if (r->audit)
            m_events.auditAppended(*r->audit);
        return r->message;
    });
}

QFuture<Result<MessageHistory>> AdminService::messageHistory(const QString &messageId)
{
    auto id = parseId(messageId);
    if (!id)
        return fail<MessageHistory>(makeError(ErrorCode::NotFound, u"no such message"_s));
    return m_db.run([this, id = *id](DbSession &db) -> Result<MessageHistory> {
        MessageRepository messages(db);
        auto rows = messages.findByIds({id});
        if (!rows)
            return rows.error();
        if (rows.value().isEmpty())
            return makeError(ErrorCode::NotFound, u"no such message"_s);
        const StoredMessage &m = rows.value().first();
        auto versions = messages.versions(id);
        if (!versions)
            return versions.error();
        MessageHistory history{ChatMessage::reveal(m, m_sealer), {}};
        for (const MessageVersion &v : versions.value()) {
            auto content = m_sealer.open(m.conversationId, m.seq, {v.keyId, v.nonce, v.ciphertext});
            history.versions.append({v.version, content ? std::optional<QString>(content.value()) : std::nullopt,
                                     v.replacedAt});
        }
        return history;
    });
}

QFuture<Result<bool>> AdminService::removeMember(const Principal &actor, const QString &conversationId,
                                                 const QString &userId, const QString &reason, QObject *context)
{
    auto cid = parseId(conversationId);
    auto uid = parseId(userId);
    if (!cid || !uid)
        return fail<bool>(makeError(ErrorCode::NotFound, u"no such member"_s));
    if (auto r = checkReason(reason); !r)
        return fail<bool>(r.error());
    // Through the writer: member.removed is an event in the conversation's log, audited in its transaction.
    WriteCommand c;
    c.kind = WriteKind::MemberRemove;
    c.conversationId = *cid;
    c.actorId = actor.userId.toLongLong();
    c.authority = Authority::Moderator;
    c.targetUserId = *uid;
    c.audit = ModerationAudit::entry(actor, u"conversation.remove_member"_s, u"conversation"_s, *cid, reason,
                                     {{u"userId"_s, QString::number(*uid)}});
    return m_writer.submit(std::move(c)).then(context, [this](const Result<WriteOutcome> &r) -> Result<bool> {
        if (!r)
            return r.error();
        if (r->audit)
            m_events.auditAppended(*r->audit);
        return true;
    });
}

QFuture<Result<AuditPage>> AdminService::audit(AuditFilter filter)
{
    if (filter.limit < 1 || filter.limit > 500)
        return fail<AuditPage>(invalid(u"limit: 1-500"_s));
    const int limit = filter.limit;
    filter.limit = limit + 1;
    return m_db.run([filter, limit](DbSession &db) -> Result<AuditPage> {
        auto rows = AuditRepository(db).list(filter);
        if (!rows)
            return rows.error();
        AuditPage page;
        page.entries = rows.value().mid(0, limit);
        if (rows.value().size() > limit)
            page.nextCursor = QString::number(page.entries.last().id);
        return page;
    });
}

} // namespace Banter::Server
