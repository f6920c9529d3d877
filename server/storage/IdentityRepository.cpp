#include "storage/IdentityRepository.h"

#include "storage/SqlValues.h"

#include <banter/ErrorCode.h>

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Banter::Server {

Result<std::optional<qint64>> IdentityRepository::findUser(const QString &issuer, const QString &subject)
{
    auto q = m_session.exec(u"identities/find"_s, {{u"issuer"_s, issuer}, {u"subject"_s, subject}});
    if (!q)
        return q.error();
    if (!q.value()->next())
        return std::optional<qint64>();
    return std::optional<qint64>(q.value()->value(0).toLongLong());
}

Result<void> IdentityRepository::link(qint64 userId, const QString &issuer, const QString &subject,
                                      const QString &provider)
{
    return m_session.execute(u"identities/insert"_s, {{u"user_id"_s, userId}, {u"issuer"_s, issuer},
                                                       {u"subject"_s, subject}, {u"provider"_s, provider}});
}

Result<void> IdentityRepository::touch(const QString &issuer, const QString &subject)
{
    return m_session.execute(u"identities/touch"_s, {{u"issuer"_s, issuer}, {u"subject"_s, subject}});
}

Result<QList<IdentityRecord>> IdentityRepository::listForUser(qint64 userId)
{
    auto q = m_session.exec(u"identities/list_for_user"_s, {{u"user_id"_s, userId}});
    if (!q)
        return q.error();
    QList<IdentityRecord> list;
    while (q.value()->next()) {
        const QSqlQuery &r = *q.value();
        list.append(IdentityRecord{r.value(0).toString(), r.value(1).toString(), r.value(2).toDateTime(),
                                   r.value(3).toDateTime()});
    }
    return list;
}

Result<bool> IdentityRepository::unlink(qint64 userId, const QString &issuer)
{
    auto q = m_session.exec(u"identities/delete_for_user"_s, {{u"user_id"_s, userId}, {u"issuer"_s, issuer}});
    if (!q)
        return q.error();
    return q.value()->next();
}

Result<std::optional<SignInMethods>> IdentityRepository::lockSignInMethods(qint64 userId)
{
    auto q = m_session.exec(u"identities/lock_user"_s, {{u"user_id"_s, userId}});
    if (!q)
        return q.error();
    if (!q.value()->next())
        return std::optional<SignInMethods>();
    return std::optional<SignInMethods>(SignInMethods{q.value()->value(0).toBool(), q.value()->value(1).toInt()});
}

Result<UserRecord> IdentityRepository::insertUser(const QString &username, const QString &displayName)
{
    auto q = m_session.exec(u"identities/insert_user"_s, {{u"username"_s, username}, {u"display_name"_s, displayName}});
    if (!q) {
        if (q.error().code == ErrorCode::Conflict)
            return makeError(u"username_taken", u"that username is taken"_s);
        return q.error();
    }
    if (!q.value()->next())
        return makeError(ErrorCode::Internal, u"insert returned no row"_s);
    return UserRepository::fromRow(*q.value());
}

Result<bool> IdentityRepository::nonceUsed(const QString &issuer, const QByteArray &nonceHash)
{
    auto q = m_session.exec(u"identities/nonce_used"_s, {{u"issuer"_s, issuer}, {u"nonce_hash"_s, nonceHash}});
    if (!q)
        return q.error();
    return q.value()->next();
}

Result<bool> IdentityRepository::useNonce(const QString &issuer, const QByteArray &nonceHash, const QDateTime &expiresAt)
{
    auto q = m_session.exec(u"identities/use_nonce"_s, {{u"issuer"_s, issuer}, {u"nonce_hash"_s, nonceHash},
                                                         {u"expires_at"_s, nullIfInvalid(expiresAt)}});
    if (!q)
        return q.error();
    return q.value()->next();
}

Result<void> IdentityRepository::insertState(const QByteArray &stateHash, const LoginState &state, int ttlSeconds)
{
    return m_session.execute(u"identities/insert_state"_s,
                             {{u"state_hash"_s, stateHash}, {u"provider"_s, state.provider}, {u"redirect"_s, state.redirect},
                              {u"nonce"_s, state.nonce}, {u"key_id"_s, state.keyId}, {u"ttl_secs"_s, ttlSeconds}});
}

Result<std::optional<LoginState>> IdentityRepository::takeState(const QByteArray &stateHash)
{
    auto q = m_session.exec(u"identities/take_state"_s, {{u"state_hash"_s, stateHash}});
    if (!q)
        return q.error();
    if (!q.value()->next())
        return std::optional<LoginState>();
    const QSqlQuery &r = *q.value();
    return std::optional<LoginState>(
        LoginState{r.value(0).toString(), r.value(1).toString(), r.value(2).toString(), r.value(3).toString(), r.value(4).toBool()});
}

Result<void> IdentityRepository::purgeExpired()
{
    if (auto r = m_session.execute(u"identities/purge_nonces"_s); !r)
        return r;
    return m_session.execute(u"identities/purge_states"_s);
}

} // namespace Banter::Server
