#include "storage/UserRepository.h"
#include "storage/SqlValues.h"

#include "storage/SqlArrays.h"
#include "storage/Transaction.h"

#include <banter/ErrorCode.h>

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Banter::Server {
UserRecord UserRepository::fromRow(const QSqlQuery &q)
{
    UserRecord u;
    u.id = q.value(0).toLongLong();
    u.username = q.value(1).toString();
    u.displayName = q.value(2).toString();
    u.bio = q.value(3).toString();
    u.role = q.value(4).toInt();
    u.state = accountStateFromStored(q.value(5).toInt());
    u.suspendedUntil = q.value(6).toDateTime();
    u.availability = q.value(7).toString();
    u.statusText = q.value(8).toString();
    u.totpEnabled = q.value(9).toBool();
    return u;
}

Result<UserRecord> UserRepository::insert(const QString &username, const QString &displayName,
                                          const QString &passwordHash)
{
    auto q = m_session.exec(u"users/insert"_s,
                            {{u"username"_s, username}, {u"display_name"_s, displayName}, {u"password_hash"_s, passwordHash}});
    if (!q) {
        if (q.error().code == ErrorCode::Conflict)
            return makeError(u"username_taken", u"that username is taken"_s);
        return q.error();
    }
    if (!q.value()->next())
        return makeError(ErrorCode::Internal, u"insert returned no row"_s);
    return fromRow(*q.value());
}

Result<std::optional<UserCredentials>> UserRepository::findOne(const QString &query, const QVariantMap &binds)
{
    auto q = m_session.exec(query, binds);
    if (!q)
        return q.error();
    QSqlQuery &r = *q.value();
    if (!r.next())
        return std::optional<UserCredentials>();
    UserCredentials c;
    c.user = fromRow(r);
    c.passwordHash = r.value(10).toString();
    c.failedLogins = r.value(11).toInt();
    c.lockedUntil = r.value(12).toDateTime();
    c.totpSecret = r.value(13).toByteArray();
    c.totpNonce = r.value(14).toByteArray();
    c.totpKeyId = r.value(15).toString();
    c.totpLastStep = r.value(16).toLongLong();
    c.totpFailures = r.value(17).toInt();
    return std::optional<UserCredentials>(c);
}

Result<std::optional<UserCredentials>> UserRepository::findByUsername(const QString &username)
{
    return findOne(u"users/by_username"_s, {{u"username"_s, username}});
}

Result<std::optional<UserCredentials>> UserRepository::findById(qint64 id)
{
    return findOne(u"users/by_id"_s, {{u"id"_s, id}});
}

Result<void> UserRepository::recordLoginFailure(qint64 id)
{
    return m_session.execute(u"users/record_login_failure"_s, {{u"id"_s, id}});
}

Result<void> UserRepository::recordLoginSuccess(qint64 id)
{
    return m_session.execute(u"users/record_login_success"_s, {{u"id"_s, id}});
}

Result<void> UserRepository::updateProfile(qint64 id, const QString &displayName, const QString &bio)
{
    return m_session.execute(u"users/update_profile"_s, {{u"id"_s, id}, {u"display_name"_s, displayName}, {u"bio"_s, bio}});
}

Result<void> UserRepository::updateStatus(qint64 id, const QString &availability, const QString &statusText)
{
    return m_session.execute(u"users/update_status"_s,
               {{u"id"_s, id}, {u"availability"_s, availability}, {u"status_text"_s, statusText}});
}

Result<QList<UserRecord>> UserRepository::list(const QString &query, const QVariantMap &binds)
{
    auto q = m_session.exec(query, binds);
    if (!q)
        return q.error();
    QList<UserRecord> users;
    while (q.value()->next())
        users.append(fromRow(*q.value()));
    return users;
}

QString UserRepository::likePrefix(const QString &prefix)
{
    QString escaped = prefix.trimmed().toLower();
    escaped.replace(u"\\"_s, u"\\\\"_s).replace(u"%"_s, u"\\%"_s).replace(u"_"_s, u"\\_"_s);
    return escaped + u'%'; // never null, and empty matches everyone
}

Result<QList<UserRecord>> UserRepository::search(const QString &prefix, qint64 afterId, int limit)
{
    return list(u"users/search"_s, {{u"prefix"_s, likePrefix(prefix)}, {u"after"_s, afterId}, {u"limit"_s, limit}});
}

Result<QList<UserRecord>> UserRepository::contacts(qint64 userId)
{
    return list(u"users/contacts"_s, {{u"user_id"_s, userId}});
}

Result<QList<qint64>> UserRepository::contactIds(qint64 userId)
{
    return m_session.ids(u"users/contact_ids"_s, {{u"user_id"_s, userId}});
}

Result<QDateTime> UserRepository::touchLastSeen(qint64 userId)
{
    auto q = m_session.exec(u"users/touch_last_seen"_s, {{u"id"_s, userId}});
    if (!q)
        return q.error();
    if (!q.value()->next())
        return makeError(ErrorCode::NotFound, u"no such user"_s);
    return q.value()->value(0).toDateTime();
}

Result<qint64> UserRepository::countActive(const QList<qint64> &ids)
{
    auto q = m_session.exec(u"users/count_active"_s, {{u"ids"_s, bigintArray(ids)}});
    if (!q)
        return q.error();
    if (!q.value()->next())
        return makeError(ErrorCode::Internal, u"count returned no row"_s);
    return q.value()->value(0).toLongLong();
}

AccountRecord UserRepository::accountFromRow(const QSqlQuery &q)
{
    AccountRecord a;
    a.id = q.value(0).toLongLong();
    a.username = q.value(1).toString();
    a.displayName = q.value(2).toString();
    a.role = q.value(3).toInt();
    a.state = accountStateFromStored(q.value(4).toInt());
    a.suspendedUntil = q.value(5).toDateTime();
    a.banReason = q.value(6).toString();
    a.lastSeen = q.value(7).toDateTime();
    a.createdAt = q.value(8).toDateTime();
    return a;
}

Result<QList<AccountRecord>> UserRepository::adminSearch(const QString &prefix, qint64 afterId, int limit)
{
    auto q = m_session.exec(u"users/admin_search"_s,
                            {{u"prefix"_s, likePrefix(prefix)}, {u"after"_s, afterId}, {u"limit"_s, limit}});
    if (!q)
        return q.error();
    QList<AccountRecord> out;
    while (q.value()->next())
        out.append(accountFromRow(*q.value()));
    return out;
}

Result<std::optional<AccountRecord>> UserRepository::oneAccount(const QString &query, const QVariantMap &binds)
{
    auto q = m_session.exec(query, binds);
    if (!q)
        return q.error();
    if (!q.value()->next())
        return std::optional<AccountRecord>();
    return std::optional<AccountRecord>(accountFromRow(*q.value()));
}

Result<std::optional<AccountRecord>> UserRepository::account(qint64 id)
{
    return oneAccount(u"users/admin_by_id"_s, {{u"id"_s, id}});
}

Result<std::optional<AccountRecord>> UserRepository::setState(qint64 id, AccountState state, const QDateTime &until,
                                                              const QString &reason)
{
    return oneAccount(u"users/set_state"_s,
                      {{u"id"_s, id},
                       {u"state"_s, int(state)},
                       {u"until"_s, nullIfInvalid(until)},
                       {u"reason"_s, nullIfEmpty(reason)}});
}

Result<std::optional<AccountRecord>> UserRepository::setRole(qint64 id, int role)
{
    return oneAccount(u"users/set_role"_s, {{u"id"_s, id}, {u"role"_s, role}});
}

Result<std::pair<qint64, bool>> UserRepository::promoteOrCreateAdmin(const QString &username, const QString &passwordHash)
{
    auto q = m_session.exec(u"users/promote_or_create_admin"_s, {{u"username"_s, username}, {u"password_hash"_s, passwordHash}});
    if (!q)
        return q.error();
    if (!q.value()->next())
        return makeError(ErrorCode::Internal, u"no row"_s);
    return std::pair<qint64, bool>(q.value()->value(0).toLongLong(), q.value()->value(1).toBool());
}

Result<void> UserRepository::setTotpSecret(qint64 id, const SealedSecret &secret)
{
    return m_session.execute(u"users/set_totp_secret"_s, {{u"id"_s, id}, {u"secret"_s, secret.sealed}, {u"nonce"_s, secret.nonce},
                                            {u"key_id"_s, secret.keyId}});
}

Result<void> UserRepository::enableTotp(qint64 id, qint64 step)
{
    return m_session.execute(u"users/enable_totp"_s, {{u"id"_s, id}, {u"step"_s, step}});
}

Result<bool> UserRepository::useTotpStep(qint64 id, qint64 step)
{
    auto q = m_session.exec(u"users/use_totp_step"_s, {{u"id"_s, id}, {u"step"_s, step}});
    if (!q)
        return q.error();
    return q.value()->numRowsAffected() == 1;
}

Result<int> UserRepository::recordTotpFailure(qint64 id)
{
    auto q = m_session.exec(u"users/record_totp_failure"_s, {{u"id"_s, id}});
    if (!q)
        return q.error();
    return q.value()->next() ? q.value()->value(0).toInt() : 0;
}

Result<void> UserRepository::replaceRecoveryCodes(qint64 id, const QList<QByteArray> &codeHashes)
{
    auto tx = Transaction::begin(m_session);
    if (!tx)
        return tx.error();
    if (auto r = m_session.execute(u"users/delete_recovery_codes"_s, {{u"user_id"_s, id}}); !r)
        return r;
    for (const QByteArray &hash : codeHashes) {
        if (auto r = m_session.execute(u"users/insert_recovery_code"_s, {{u"user_id"_s, id}, {u"code_hash"_s, hash}}); !r)
            return r;
    }
    return tx->commit();
}

Result<bool> UserRepository::useRecoveryCode(qint64 id, const QByteArray &codeHash)
{
    auto q = m_session.exec(u"users/use_recovery_code"_s, {{u"user_id"_s, id}, {u"code_hash"_s, codeHash}});
    if (!q)
        return q.error();
    return q.value()->numRowsAffected() == 1;
}


} // namespace Banter::Server
