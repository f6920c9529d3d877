#include "service/AuthService.h"

#include "service/ServiceLog.h"
#include "service/TextRules.h"
#include "storage/SessionRepository.h"
#include "storage/Transaction.h"

#include "service/ServiceFutures.h"

#include <banter/Base64Url.h>
#include <banter/ErrorCode.h>

#include <QDateTime>
#include <QRegularExpression>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

constexpr auto InvalidCredentials = "invalid_credentials"_L1;

qint64 now()
{
    return QDateTime::currentSecsSinceEpoch();
}

bool isActive(AccountState state, const QDateTime &suspendedUntil)
{
    if (state == AccountState::Active)
        return true;
    return state == AccountState::Suspended && suspendedUntil.isValid()
           && suspendedUntil <= QDateTime::currentDateTimeUtc();
}

// The one definition of a usable session: it exists, is neither revoked nor expired, and its user may log in.
Result<SessionRecord> liveSession(SessionRepository &sessions, const QString &id)
{
    auto found = sessions.find(id);
    if (!found)
        return found.error();
    if (!found.value() || found.value()->revoked || found.value()->expired)
        return makeError(ErrorCode::Unauthorized, u"the session has ended"_s);
    if (!isActive(found.value()->userState, found.value()->suspendedUntil))
        return makeError(ErrorCode::Unauthorized, u"this account is suspended or banned"_s);
    return *found.value();
}

QString normaliseRecoveryCode(const QString &code)
{
    QString c = code.trimmed().toLower();
    c.remove(u'-');
    return c;
}

} // namespace

AuthService::AuthService(DbExecutor &db, PasswordHashPool &hashes, const CryptoService &crypto, const KeyStore &keys,
                         AuthSettings settings, SessionEvents &sessionEvents, QObject &context)
    : m_db(db), m_hashes(hashes), m_crypto(crypto), m_keys(keys), m_signer(crypto, keys), m_totp(crypto),
      m_settings(settings), m_sessionEvents(sessionEvents), m_context(context), m_perAddress(settings.authRatePerAddress, settings.authRatePerAddress * 4),
      m_perAccount(settings.authRatePerAccount, settings.authRatePerAccount * 5)
{
}

Result<void> AuthService::validateUsername(const QString &username)
{
    static const QRegularExpression rule(u"^[A-Za-z0-9_.-]{3,32}$"_s);
    if (!rule.match(username).hasMatch())
        return makeError(ErrorCode::ValidationFailed, u"username: 3-32 characters of A-Z, a-z, 0-9, _ . -"_s);
    return {};
}

Result<void> AuthService::validatePassword(const QString &password)
{
    // Checked first: toUtf8() would turn a lone surrogate into '?', and that would become the password.
    if (auto r = TextRules::check(u"password"_s, password); !r)
        return r;
    if (password.size() < 8 || password.size() > 1024 || password.toUtf8().size() > PasswordHasher::maxPasswordBytes)
        return makeError(ErrorCode::ValidationFailed, u"password: 8-1024 characters"_s);
    return {};
}

Result<void> AuthService::validateDisplayName(const QString &displayName)
{
    if (auto r = TextRules::check(u"displayName"_s, displayName); !r)
        return r;
    if (displayName.trimmed().isEmpty() || displayName.size() > 64)
        return makeError(ErrorCode::ValidationFailed, u"displayName: 1-64 characters"_s);
    return {};
}

QString AuthService::signAccess(const UserRecord &user, const QString &sessionId) const
{
    AccessClaims claims;
    claims.sub = QString::number(user.id);
    claims.sid = sessionId;
    claims.jti = base64url(m_crypto.randomBytes(12));
    claims.iat = now();
    claims.exp = claims.iat + m_settings.accessTokenTtl;
    claims.role = roleName(user.role);
    return m_signer.sign(claims);
}

QByteArray AuthService::hashRefresh(const QString &token) const
{
    return m_crypto.sha256(token.toLatin1());
}

Result<AuthSession> AuthService::openSession(DbSession &db, const UserRecord &user, const RequestOrigin &origin) const
{
    const QString sessionId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QString refreshToken = sessionId + u'.' + base64url(m_crypto.randomBytes(32));
    NewSession s{sessionId, user.id, hashRefresh(refreshToken), origin.userAgent.left(256), origin.clientAddress,
                 m_settings.refreshTokenTtl};
    if (auto r = SessionRepository(db).insert(s); !r)
        return r.error();
    return AuthSession{user, signAccess(user, sessionId), refreshToken};
}

QFuture<Result<AuthSession>> AuthService::registerUser(const QString &username, const QString &password,
                                                       const QString &displayName, const RequestOrigin &origin)
{
    if (auto r = validateUsername(username); !r)
        return fail<AuthSession>(r.error());
    if (auto r = validatePassword(password); !r)
        return fail<AuthSession>(r.error());
    const QString name = displayName.isEmpty() ? username : displayName.trimmed();
    if (auto r = validateDisplayName(name); !r)
        return fail<AuthSession>(r.error());
    if (int retry = m_perAddress.acquire(origin.clientAddress); retry > 0)
        return fail<AuthSession>(rateLimited(retry, QStringLiteral("too many attempts; retry in %1 s").arg(retry)));

    return chain(&m_context, m_hashes.hash(password.toUtf8()),
        [this, username, name, origin](const Result<QString> &hash) -> QFuture<Result<AuthSession>> {
            if (!hash)
                return fail<AuthSession>(hash.error());
            return m_db.run([this, username, name, origin, encoded = hash.value()](DbSession &db) -> Result<AuthSession> {
                // One transaction: an account whose first session could not be stored would be a name taken
                // by nobody (the client sees an error, its retry "username_taken").
                auto tx = Transaction::begin(db);
                if (!tx)
                    return tx.error();
                auto user = UserRepository(db).insert(username, name, encoded);
                if (!user)
                    return user.error();
                auto session = openSession(db, user.value(), origin);
                if (!session)
                    return session.error();
                if (auto r = tx->commit(); !r)
                    return r.error();
                qCInfo(lcService) << "registered user" << user->id;
                return session;
            });
        });
}

Result<void> AuthService::checkSecondFactor(DbSession &db, const UserCredentials &c, const QString &totp) const
{
    if (!c.user.totpEnabled)
        return {};
    if (totp.trimmed().isEmpty())
        return makeError(u"totp_required", u"this account needs a two-factor code"_s);
    UserRepository users(db);
    if (c.totpFailures >= m_settings.totpMaxFailures)
        return rateLimited(60, u"too many wrong two-factor codes; log in again later"_s);
    const QString code = totp.trimmed();
    if (code.size() == 6) {
        const SecretKey *key = m_keys.dataKey(c.totpKeyId);
        auto secret = key ? m_crypto.open(key->secret, c.totpNonce, "totp:" + QByteArray::number(c.user.id), c.totpSecret)
                          : Result<QByteArray>(makeError(ErrorCode::Internal, u"unknown data key"_s));
        if (!secret)
            return secret.error();
        if (auto step = m_totp.matchStep(secret.value(), code, now())) {
            auto fresh = users.useTotpStep(c.user.id, *step);
            if (!fresh)
                return fresh.error();
            if (fresh.value())
                return {};
        }
    } else {
        auto used = users.useRecoveryCode(c.user.id, m_crypto.sha256(normaliseRecoveryCode(code).toUtf8()));
        if (!used)
            return used.error();
        if (used.value())
            return {};
    }
    if (auto r = users.recordTotpFailure(c.user.id); !r)
        return r.error();
    return makeError(u"invalid_totp", u"the two-factor code is wrong or was already used"_s);
}

QFuture<Result<AuthSession>> AuthService::login(const QString &username, const QString &password, const QString &totp,
                                                const RequestOrigin &origin)
{
    // A password no registration could have set (see validatePassword) is wrong without asking Argon2.
    if (username.isEmpty() || password.isEmpty() || password.size() > 1024 || username.size() > 64
        || TextRules::problem(password))
        return fail<AuthSession>(makeError(InvalidCredentials, u"wrong username or password"_s));
    if (int retry = m_perAddress.acquire(origin.clientAddress); retry > 0)
        return fail<AuthSession>(rateLimited(retry, QStringLiteral("too many attempts; retry in %1 s").arg(retry)));
    if (int retry = m_perAccount.acquire(username.toLower()); retry > 0)
        return fail<AuthSession>(rateLimited(retry, QStringLiteral("too many attempts; retry in %1 s").arg(retry)));

    auto lookup = m_db.run([username](DbSession &db) { return UserRepository(db).findByUsername(username); });
    return chain(&m_context, lookup, [this, password, totp, origin](const Result<std::optional<UserCredentials>> &found)
                  -> QFuture<Result<AuthSession>> {
            if (!found)
                return fail<AuthSession>(found.error());
            const std::optional<UserCredentials> creds = found.value();
            // Unknown users cost one Argon2 verification too, so timing tells nothing.
            auto verification = m_hashes.verify(creds ? creds->passwordHash : QString(), password.toUtf8());
            return chain(&m_context, verification, [this, creds, totp, origin](const Result<bool> &verified) -> QFuture<Result<AuthSession>> {
                    if (!verified)
                        return fail<AuthSession>(verified.error());
                    return m_db.run([this, creds, totp, origin, ok = verified.value()](DbSession &db) -> Result<AuthSession> {
                        const Error wrong = makeError(InvalidCredentials, u"wrong username or password"_s);
                        if (!creds)
                            return wrong;
                        UserRepository users(db);
                        if (creds->lockedUntil.isValid() && creds->lockedUntil > QDateTime::currentDateTimeUtc())
                            return rateLimited(int(QDateTime::currentDateTimeUtc().secsTo(creds->lockedUntil)),
                                               u"too many failed logins; try again later"_s);
                        if (!ok) {
                            if (auto r = users.recordLoginFailure(creds->user.id); !r)
                                return r.error();
                            return wrong;
                        }
                        return admit(db, *creds, totp, origin);
                    });
                });
        });
}

Result<AuthSession> AuthService::admit(DbSession &db, const UserCredentials &c, const QString &totp,
                                      const RequestOrigin &origin, const std::function<Result<void>()> &beforeSession) const
{
    if (!isActive(c.user.state, c.user.suspendedUntil))
        return makeError(u"account_suspended", c.user.state == AccountState::Banned ? u"this account is banned"_s
                                                                                   : u"this account is suspended"_s);
    if (auto r = checkSecondFactor(db, c, totp); !r)
        return r.error();
    if (beforeSession) {
        if (auto r = beforeSession(); !r)
            return r.error();
    }
    if (auto r = UserRepository(db).recordLoginSuccess(c.user.id); !r)
        return r.error();
    return openSession(db, c.user, origin);
}

QFuture<Result<AuthSession>> AuthService::refresh(const QString &refreshToken)
{
    const QString sessionId = refreshToken.section(u'.', 0, 0);
    if (refreshToken.size() > 200 || QUuid::fromString(sessionId).isNull())
        return fail<AuthSession>(makeError(ErrorCode::Unauthorized, u"invalid refresh token"_s));
    const QByteArray presented = hashRefresh(refreshToken);
    return m_db.run([this, sessionId, presented](DbSession &db) -> Result<AuthSession> {
        const Error invalid = makeError(ErrorCode::Unauthorized, u"invalid refresh token"_s);
        SessionRepository sessions(db);
        auto live = liveSession(sessions, sessionId);
        if (!live)
            return live.error().code == ErrorCode::Unauthorized ? invalid : live.error();
        const SessionRecord &s = live.value();
        const QString next = sessionId + u'.' + base64url(m_crypto.randomBytes(32));
        auto rotated = sessions.rotate(sessionId, presented, hashRefresh(next));
        if (!rotated)
            return rotated.error();
        if (!rotated.value()) {
            // Only a token this session has rotated out proves a copy was taken; anything else (truncated,
            // forged, an access token) is just wrong, and whoever knows a session id must not end that login.
            auto reused = sessions.wasRotatedOut(sessionId, presented);
            if (!reused)
                return reused.error();
            if (!reused.value())
                return invalid;
            // An older token of this family came back: someone holds a stolen copy. End the whole login.
            qCWarning(lcService) << "refresh token reuse on session" << sessionId << "- revoking it";
            if (auto r = sessions.revoke(sessionId, u"refresh_token_reuse"_s); !r)
                return r.error();
            m_sessionEvents.sessionEnded(sessionId);
            return invalid;
        }
        auto user = UserRepository(db).findById(s.userId);
        if (!user)
            return user.error();
        if (!user.value())
            return invalid;
        return AuthSession{user.value()->user, signAccess(user.value()->user, sessionId), next};
    });
}

QFuture<Result<bool>> AuthService::logout(const Principal &principal)
{
    return m_db.run([this, principal](DbSession &db) -> Result<bool> {
        if (auto r = SessionRepository(db).revoke(principal.sessionId, u"logout"_s); !r)
            return r.error();
        m_sessionEvents.sessionEnded(principal.sessionId);
        return true;
    });
}

QFuture<Result<QList<DeviceSession>>> AuthService::sessions(const Principal &principal)
{
    const qint64 userId = principal.userId.toLongLong();
    return m_db.run([userId](DbSession &db) { return SessionRepository(db).listForUser(userId); });
}

QFuture<Result<bool>> AuthService::revokeSession(const Principal &principal, const QString &sessionId)
{
    if (QUuid::fromString(sessionId).isNull())
        return fail<bool>(makeError(ErrorCode::NotFound, u"no such session"_s));
    const qint64 userId = principal.userId.toLongLong();
    return m_db.run([this, userId, sessionId](DbSession &db) -> Result<bool> {
        auto revoked = SessionRepository(db).revokeForUser(userId, sessionId, u"revoked_by_user"_s);
        if (!revoked)
            return revoked.error();
        if (!revoked.value())
            return makeError(ErrorCode::NotFound, u"no such session"_s);
        m_sessionEvents.sessionEnded(sessionId);
        return true;
    });
}

QFuture<Result<Principal>> AuthService::authenticate(const QString &token)
{
    auto claims = m_signer.verify(token, now());
    if (!claims)
        return fail<Principal>(makeError(ErrorCode::Unauthorized, u"invalid or expired token"_s));
    const QString sessionId = claims->sid;
    return m_db.run([sessionId](DbSession &db) -> Result<Principal> {
        SessionRepository sessions(db);
        auto live = liveSession(sessions, sessionId);
        if (!live)
            return live.error();
        const SessionRecord &s = live.value();
        // The role comes from the database, not the token, so a role change applies at once.
        return Principal{QString::number(s.userId), sessionId, Role(qBound(0, s.userRole, 2)), s.username};
    });
}

QFuture<Result<TwoFactorSetup>> AuthService::beginTwoFactor(const Principal &principal)
{
    return m_db.run([this, principal](DbSession &db) -> Result<TwoFactorSetup> {
        const qint64 userId = principal.userId.toLongLong();
        UserRepository users(db);
        auto found = users.findById(userId);
        if (!found)
            return found.error();
        if (!found.value())
            return makeError(ErrorCode::NotFound, u"no such user"_s);
        if (found.value()->user.totpEnabled)
            return makeError(ErrorCode::Conflict, u"two-factor authentication is already on"_s);
        const QByteArray secret = m_crypto.randomBytes(20);
        const SecretKey &key = m_keys.currentDataKey();
        const QByteArray nonce = m_crypto.randomBytes(12);
        auto sealed = m_crypto.seal(key.secret, nonce, "totp:" + QByteArray::number(userId), secret);
        if (!sealed)
            return sealed.error();
        if (auto r = users.setTotpSecret(userId, {sealed.value(), nonce, key.id}); !r)
            return r.error();
        TwoFactorSetup setup;
        QList<QByteArray> hashes;
        for (int i = 0; i < 10; ++i) {
            const QString code = QString::fromLatin1(m_crypto.randomBytes(5).toHex());
            setup.recoveryCodes << code.left(5) + u'-' + code.mid(5);
            hashes << m_crypto.sha256(code.toUtf8());
        }
        if (auto r = users.replaceRecoveryCodes(userId, hashes); !r)
            return r.error();
        setup.secret = Totp::base32Encode(secret);
        setup.otpauthUri = Totp::otpauthUri(u"Banter"_s, found.value()->user.username, secret);
        return setup;
    });
}

QFuture<Result<bool>> AuthService::confirmTwoFactor(const Principal &principal, const QString &code)
{
    return m_db.run([this, principal, code](DbSession &db) -> Result<bool> {
        const qint64 userId = principal.userId.toLongLong();
        UserRepository users(db);
        auto found = users.findById(userId);
        if (!found)
            return found.error();
        if (!found.value() || found.value()->totpSecret.isEmpty())
            return makeError(ErrorCode::ValidationFailed, u"call /api/auth/2fa/enable first"_s);
        const UserCredentials &c = *found.value();
        if (c.user.totpEnabled)
            return makeError(ErrorCode::Conflict, u"two-factor authentication is already on"_s);
        if (c.totpFailures >= m_settings.totpMaxFailures)
            return rateLimited(60, u"too many wrong codes; call /api/auth/2fa/enable again"_s);
        const SecretKey *key = m_keys.dataKey(c.totpKeyId);
        if (!key)
            return makeError(ErrorCode::Internal, u"unknown data key"_s);
        auto secret = m_crypto.open(key->secret, c.totpNonce, "totp:" + QByteArray::number(userId), c.totpSecret);
        if (!secret)
            return secret.error();
        auto step = m_totp.matchStep(secret.value(), code.trimmed(), now());
        if (!step) {
            if (auto r = users.recordTotpFailure(userId); !r)
                return r.error();
            return makeError(u"invalid_totp", u"the code is wrong"_s);
        }
        if (auto r = users.enableTotp(userId, *step); !r)
            return r.error();
        return true;
    });
}

} // namespace Banter::Server
