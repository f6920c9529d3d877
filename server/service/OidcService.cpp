#include "service/OidcService.h"

#include "service/ModerationAudit.h"
#include "service/ServiceFutures.h"
#include "service/ServiceLog.h"
#include "service/TextRules.h"
#include "storage/AuditRepository.h"
#include "storage/Transaction.h"
#include "storage/UserRepository.h"

#include <banter/Base64Url.h>
#include <banter/ErrorCode.h>

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTimeZone>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

constexpr auto Scope = "openid email profile"_L1;

qint64 now()
{
    return QDateTime::currentSecsSinceEpoch();
}

Error notConfigured(const QString &provider)
{
    return makeError(ErrorCode::NotConfigured, u"no OpenID Connect provider \""_s + provider.left(32) + u"\" is configured"_s);
}

// The outcome of the code flow, for the app: in the redirect's fragment, which browsers never send to a server.
QString toApp(const QString &redirect, const QList<std::pair<QString, QString>> &fields)
{
    return redirect + u'#' + QString::fromLatin1(OidcHttp::formEncode(fields));
}

QString errorToApp(const QString &redirect, const Error &e)
{
    return toApp(redirect, {{u"error"_s, e.code}, {u"message"_s, e.message}});
}

AuditEntry auditOf(qint64 userId, const QString &username, const QString &action, QJsonObject details)
{
    return ModerationAudit::entry(Principal{QString::number(userId), {}, Role::User, username}, action, u"user"_s,
                                  userId, QString(), std::move(details));
}

} // namespace

OidcService::OidcService(DbExecutor &db, WorkerPool &pool, OidcProviders &providers, AuthService &auth,
                         const CryptoService &crypto, const KeyStore &keys, ModerationEvents &events,
                         OidcSettings settings, QObject &context)
    : m_db(db), m_pool(pool), m_providers(providers), m_verifier(providers, settings.clockSkewSecs), m_auth(auth),
      m_crypto(crypto), m_keys(keys), m_events(events), m_settings(std::move(settings)), m_context(context),
      m_perAddress(m_settings.ratePerAddress, m_settings.ratePerAddress * 4)
{
}

std::optional<Error> OidcService::limited(const QString &clientAddress)
{
    if (int retry = m_perAddress.acquire(clientAddress); retry > 0)
        return rateLimited(retry, QStringLiteral("too many attempts; retry in %1 s").arg(retry));
    return std::nullopt;
}

QString OidcService::publicBase() const
{
    QString base = m_settings.publicUrl ? m_settings.publicUrl() : QString();
    while (base.endsWith(u'/'))
        base.chop(1);
    return base;
}

QString OidcService::callbackUrl(const QString &provider) const
{
    return publicBase() + u"/api/auth/oidc/"_s + provider + u"/callback"_s;
}

QString OidcService::webClientUrl() const
{
    const QString base = publicBase();
    return base.isEmpty() ? QString() : QUrl(base + u"/app/"_s).toString(QUrl::FullyEncoded);
}

QList<OidcProviderSettings> OidcService::providers() const
{
    QList<OidcProviderSettings> out;
    for (const QString &name : m_providers.names())
        if (const OidcProviderSettings *p = m_providers.find(name))
            out.append(*p);
    return out;
}

// RFC 7636 §4.1: 43 characters of base64url. Derived, not stored: the database holds only the state's hash, so
// neither a dump nor the browser (which sees the state) has the verifier.
QByteArray OidcService::pkceVerifier(const QByteArray &dataKey, const QString &state) const
{
    return base64url(m_crypto.hmacSha256(dataKey, "oidc-pkce:" + state.toUtf8())).toLatin1();
}

QFuture<Result<IdTokenClaims>> OidcService::verify(const QString &provider, const QString &idToken, const QString &nonce)
{
    return m_pool.run([this, provider, idToken, nonce] { return m_verifier.verify(provider, idToken, nonce, now()); });
}

QStringList OidcService::usernameCandidates(const QString &provider, const IdTokenClaims &claims) const
{
    const auto clean = [](const QString &text) {
        QString out;
        for (const QChar c : text) {
            const char16_t u = c.unicode();
            if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '_' || u == '.'
                || u == '-')
                out += c;
            else if (c.isSpace())
                out += u'_';
        }
        return out.left(24);
    };
    QString base;
    // The email only when the provider verified it (IdTokenClaims leaves it empty otherwise).
    for (const QString &source : {claims.preferredUsername, claims.email.section(u'@', 0, 0), claims.name}) {
        base = clean(source);
        if (base.size() >= 3)
            break;
    }
    if (base.size() < 3)
        base = provider.left(20) + u"_user"_s;
    QStringList names{base};
    for (int i = 0; i < 6; ++i)
        names << base.left(24) + u'_' + QString::fromLatin1(m_crypto.randomBytes(3).toHex());
    return names;
}

Result<qint64> OidcService::createAccount(DbSession &db, const QString &provider, const IdTokenClaims &claims) const
{
    IdentityRepository ids(db);
    const QStringList names = usernameCandidates(provider, claims);
    QString displayName = claims.name.trimmed().left(64);
    for (const QString &name : names) {
        if (displayName.isEmpty() || TextRules::problem(displayName))
            displayName = name;
        bool lostRace = false;
        {
            auto tx = Transaction::begin(db);
            if (!tx)
                return tx.error();
            auto user = ids.insertUser(name, displayName);
            if (!user) {
                if (user.error().code == "username_taken"_L1)
                    continue; // rolled back here; the next name
                return user.error();
            }
            auto linked = ids.link(user->id, claims.issuer, claims.subject, provider);
            if (!linked && linked.error().code != ErrorCode::Conflict)
                return linked.error();
            if (linked) {
                if (auto r = tx->commit(); !r)
                    return r.error();
                qCInfo(lcService) << "OIDC: account" << user->id << "created by a first sign-in with" << provider;
                return user->id;
            }
            lostRace = true; // the same person's other first sign-in linked it a moment ago; this one rolls back
        }
        if (lostRace) {
            auto found = ids.findUser(claims.issuer, claims.subject);
            if (!found)
                return found.error();
            if (found.value())
                return *found.value();
            return makeError(ErrorCode::Conflict, u"the account is being created; retry"_s);
        }
    }
    return makeError(ErrorCode::Conflict, u"no free username could be made for this account; retry"_s);
}

Result<AuthSession> OidcService::signInOnDb(DbSession &db, const QString &provider, const IdTokenClaims &claims,
                                            const QString &totp, const RequestOrigin &origin) const
{
    IdentityRepository ids(db);
    const QByteArray nonceHash = claims.nonce.isEmpty() ? QByteArray() : m_crypto.sha256(claims.nonce.toUtf8());
    const Error replayed = makeError(ErrorCode::Unauthorized, u"invalid ID token: it was used before (its nonce)"_s);
    if (!nonceHash.isEmpty()) {
        auto used = ids.nonceUsed(claims.issuer, nonceHash);
        if (!used)
            return used.error();
        if (used.value())
            return replayed;
    }
    auto found = ids.findUser(claims.issuer, claims.subject);
    if (!found)
        return found.error();
    bool created = false;
    qint64 userId = 0;
    if (found.value()) {
        userId = *found.value();
    } else {
        auto made = createAccount(db, provider, claims);
        if (!made)
            return made.error();
        userId = made.value();
        created = true;
    }
    auto creds = UserRepository(db).findById(userId);
    if (!creds)
        return creds.error();
    if (!creds.value())
        return makeError(ErrorCode::Unauthorized, u"the linked account does not exist"_s);
    AuditEntry entry = auditOf(userId, creds.value()->user.username, u"oidc.sign_in"_s,
                               {{u"provider"_s, provider}, {u"created"_s, created}});
    // The nonce is spent only once the account state and the second factor passed: an app told totp_required
    // sends the same token again with the code.
    auto session = m_auth.admit(db, *creds.value(), totp, origin, [&]() -> Result<void> {
        if (!nonceHash.isEmpty()) {
            const QDateTime until = QDateTime::fromSecsSinceEpoch(claims.expiresAt + m_settings.clockSkewSecs, QTimeZone::UTC);
            auto fresh = ids.useNonce(claims.issuer, nonceHash, until);
            if (!fresh)
                return fresh.error();
            if (!fresh.value())
                return replayed;
        }
        if (auto r = ids.touch(claims.issuer, claims.subject); !r)
            return r;
        return AuditRepository(db).append(entry);
    });
    if (!session)
        return session.error();
    m_events.auditAppended(entry);
    if (QRandomGenerator::global()->bounded(64) == 0) {
        if (auto r = ids.purgeExpired(); !r)
            qCWarning(lcService) << "OIDC: purging expired nonces and states failed:" << r.error().message;
    }
    return session;
}

QFuture<Result<AuthSession>> OidcService::signIn(const QString &provider, const QString &idToken,
                                                 const QString &nonce, const QString &totp, const RequestOrigin &origin)
{
    if (!isConfigured(provider))
        return fail<AuthSession>(notConfigured(provider));
    if (auto e = limited(origin.clientAddress))
        return fail<AuthSession>(*e);
    return chain(&m_context, verify(provider, idToken, nonce),
                 [this, provider, totp, origin](const Result<IdTokenClaims> &claims) -> QFuture<Result<AuthSession>> {
                     if (!claims)
                         return fail<AuthSession>(claims.error());
                     return m_db.run([this, provider, totp, origin, c = claims.value()](DbSession &db) {
                         return signInOnDb(db, provider, c, totp, origin);
                     });
                 });
}

QFuture<Result<QList<IdentityRecord>>> OidcService::links(const Principal &principal)
{
    const qint64 userId = principal.userId.toLongLong();
    return m_db.run([userId](DbSession &db) { return IdentityRepository(db).listForUser(userId); });
}

QFuture<Result<IdentityRecord>> OidcService::link(const Principal &principal, const QString &provider,
                                                  const QString &idToken, const QString &nonce,
                                                  const QString &clientAddress)
{
    if (!isConfigured(provider))
        return fail<IdentityRecord>(notConfigured(provider));
    if (auto e = limited(clientAddress))
        return fail<IdentityRecord>(*e);
    return chain(&m_context, verify(provider, idToken, nonce),
        [this, provider, principal](const Result<IdTokenClaims> &verified) -> QFuture<Result<IdentityRecord>> {
            if (!verified)
                return fail<IdentityRecord>(verified.error());
            return m_db.run([this, provider, principal, claims = verified.value()](DbSession &db) -> Result<IdentityRecord> {
                const qint64 userId = principal.userId.toLongLong();
                IdentityRepository ids(db);
                AuditEntry entry = ModerationAudit::entry(principal, u"oidc.link"_s, u"user"_s, userId, QString(),
                                                          {{u"provider"_s, provider}});
                auto linked = ModerationAudit::apply<IdentityRecord>(db, entry, [&]() -> Result<IdentityRecord> {
                    if (!claims.nonce.isEmpty()) {
                        const QDateTime until = QDateTime::fromSecsSinceEpoch(claims.expiresAt + m_settings.clockSkewSecs,
                                                                             QTimeZone::UTC);
                        auto fresh = ids.useNonce(claims.issuer, m_crypto.sha256(claims.nonce.toUtf8()), until);
                        if (!fresh)
                            return fresh.error();
                        if (!fresh.value())
                            return makeError(ErrorCode::Unauthorized, u"invalid ID token: it was used before (its nonce)"_s);
                    }
                    auto found = ids.findUser(claims.issuer, claims.subject);
                    if (!found)
                        return found.error();
                    if (found.value() && *found.value() != userId)
                        return makeError(ErrorCode::Conflict, u"this "_s + provider + u" account is linked to another user"_s);
                    if (!found.value()) {
                        if (auto r = ids.link(userId, claims.issuer, claims.subject, provider); !r) {
                            if (r.error().code == ErrorCode::Conflict)
                                return makeError(ErrorCode::Conflict, u"another "_s + provider
                                                                          + u" account is linked to yours; unlink it first"_s);
                            return r.error();
                        }
                    }
                    const QDateTime at = QDateTime::currentDateTimeUtc();
                    return IdentityRecord{provider, claims.issuer, at, at};
                });
                if (!linked)
                    return linked.error();
                m_events.auditAppended(entry);
                qCInfo(lcService) << "OIDC: user" << userId << "linked an account of" << provider;
                return linked;
            });
        });
}

QFuture<Result<bool>> OidcService::unlink(const Principal &principal, const QString &provider)
{
    const OidcProviderSettings *settings = m_providers.find(provider);
    const QString issuer = settings ? settings->issuer : QString();
    return m_db.run([this, principal, provider, issuer](DbSession &db) -> Result<bool> {
        const qint64 userId = principal.userId.toLongLong();
        IdentityRepository ids(db);
        AuditEntry entry = ModerationAudit::entry(principal, u"oidc.unlink"_s, u"user"_s, userId, QString(),
                                                  {{u"provider"_s, provider}});
        auto done = ModerationAudit::apply<bool>(db, entry, [&]() -> Result<bool> {
            auto methods = ids.lockSignInMethods(userId);
            if (!methods)
                return methods.error();
            if (!methods.value())
                return makeError(ErrorCode::NotFound, u"no such user"_s);
            auto list = ids.listForUser(userId);
            if (!list)
                return list.error();
            const auto match = std::find_if(list->cbegin(), list->cend(), [&](const IdentityRecord &r) {
                return (!issuer.isEmpty() && r.issuer == issuer) || r.provider == provider;
            });
            if (match == list->cend())
                return makeError(ErrorCode::NotFound, u"no "_s + provider.left(32) + u" account is linked"_s);
            if (!methods.value()->hasPassword && methods.value()->identities <= 1)
                return makeError(ErrorCode::Conflict, u"this is the last way to sign in to this account; it cannot be removed"_s);
            return ids.unlink(userId, match->issuer);
        });
        if (!done)
            return done.error();
        m_events.auditAppended(entry);
        qCInfo(lcService) << "OIDC: user" << userId << "unlinked" << provider;
        return true;
    });
}

QFuture<Result<QString>> OidcService::start(const QString &provider, const QString &redirect,
                                            const QString &clientAddress)
{
    if (!isConfigured(provider))
        return fail<QString>(notConfigured(provider));
    const QUrl redirectUrl(redirect, QUrl::StrictMode);
    const QString wanted = redirectUrl.toString(QUrl::FullyEncoded);
    if (redirect.isEmpty() || !redirectUrl.isValid()
        || !(m_settings.redirects.contains(wanted) || (!wanted.isEmpty() && wanted == webClientUrl())))
        return fail<QString>(makeError(ErrorCode::ValidationFailed,
                                       u"redirect: not on the allow-list (oidc-redirects, or this server's /app/)"_s));
    if (auto e = limited(clientAddress))
        return fail<QString>(*e);
    const QString state = base64url(m_crypto.randomBytes(32));
    const QString nonce = base64url(m_crypto.randomBytes(16));
    const SecretKey &key = m_keys.currentDataKey();
    const QString challenge = base64url(m_crypto.sha256(pkceVerifier(key.secret, state)));
    const OidcProviderSettings settings = *m_providers.find(provider);
    const QString callback = callbackUrl(provider);
    const QString target = redirectUrl.toString(QUrl::FullyEncoded);
    auto discovery = m_pool.run([this, provider] { return m_providers.discovery(provider); });
    return chain(&m_context, discovery,
        [=, this, keyId = key.id](const Result<OidcDiscovery> &d) -> QFuture<Result<QString>> {
            if (!d)
                return fail<QString>(d.error());
            if (!OidcHttp::allowed(d->authorizationEndpoint, m_settings.devMode))
                return fail<QString>(makeError(ErrorCode::Unavailable, u"the provider has no usable authorization endpoint"_s));
            QUrl url = d->authorizationEndpoint;
            const QByteArray params = OidcHttp::formEncode({{u"response_type"_s, u"code"_s},
                                                            {u"client_id"_s, settings.clientId},
                                                            {u"redirect_uri"_s, callback},
                                                            {u"scope"_s, QString(Scope)},
                                                            {u"state"_s, state},
                                                            {u"nonce"_s, nonce},
                                                            {u"code_challenge"_s, challenge},
                                                            {u"code_challenge_method"_s, u"S256"_s}});
            const QString existing = url.query(QUrl::FullyEncoded);
            url.setQuery(existing.isEmpty() ? QString::fromLatin1(params) : existing + u'&' + QString::fromLatin1(params),
                         QUrl::StrictMode);
            const QString location = url.toString(QUrl::FullyEncoded);
            return m_db.run([=, this](DbSession &db) -> Result<QString> {
                LoginState row{provider, target, nonce, keyId, true};
                if (auto r = IdentityRepository(db).insertState(m_crypto.sha256(state.toUtf8()), row, m_settings.stateTtlSecs); !r)
                    return r.error();
                return location;
            });
        });
}

QFuture<Result<QString>> OidcService::finish(const QString &provider, const QString &code, const QString &state,
                                             const QString &providerError, const QString &issuer,
                                             const RequestOrigin &origin)
{
    if (state.isEmpty() || state.size() > 128)
        return fail<QString>(makeError(ErrorCode::Unauthorized, u"state: missing or not ours"_s));
    if (!isConfigured(provider))
        return fail<QString>(notConfigured(provider));
    if (auto e = limited(origin.clientAddress))
        return fail<QString>(*e);
    const QByteArray stateHash = m_crypto.sha256(state.toUtf8());
    auto taken = m_db.run([stateHash](DbSession &db) { return IdentityRepository(db).takeState(stateHash); });
    return chain(&m_context, taken,
        [=, this](const Result<std::optional<LoginState>> &row) -> QFuture<Result<QString>> {
            if (!row)
                return fail<QString>(row.error());
            if (!row.value() || row.value()->provider != provider)
                return fail<QString>(makeError(ErrorCode::Unauthorized, u"state: unknown, used or of another provider"_s));
            const LoginState st = *row.value();
            const auto done = [](QString url) { return QtFuture::makeReadyValueFuture(Result<QString>(std::move(url))); };
            if (!st.live)
                return done(errorToApp(st.redirect, makeError(ErrorCode::Unauthorized, u"the sign-in took too long; start again"_s)));
            // RFC 9207: a provider that says who answered must be the one asked (a mix-up attack otherwise).
            if (!issuer.isEmpty() && issuer != m_providers.find(provider)->issuer)
                return done(errorToApp(st.redirect, makeError(ErrorCode::Unauthorized, u"iss: another provider answered"_s)));
            if (!providerError.isEmpty())
                return done(errorToApp(st.redirect, makeError(ErrorCode::Unauthorized,
                                                              u"the provider did not sign you in ("_s + providerError.left(64) + u')')));
            if (code.isEmpty() || code.size() > 2048)
                return done(errorToApp(st.redirect, makeError(ErrorCode::ValidationFailed, u"code: missing"_s)));
            const SecretKey *key = m_keys.dataKey(st.keyId);
            if (!key)
                return done(errorToApp(st.redirect, makeError(ErrorCode::Unauthorized, u"the sign-in's key is gone; start again"_s)));
            const QString verifier = QString::fromLatin1(pkceVerifier(key->secret, state));
            const OidcProviderSettings settings = *m_providers.find(provider);
            const QString callback = callbackUrl(provider);
            // On the pool: the code exchanged at the token endpoint, then the ID token verified (nonce: ours).
            auto exchanged = m_pool.run([this, settings, callback, code, verifier, nonce = st.nonce]()
                                            -> Result<std::pair<QString, IdTokenClaims>> {
                auto d = m_providers.discovery(settings.name);
                if (!d)
                    return d.error();
                QByteArray authorization;
                QList<std::pair<QString, QString>> form{{u"grant_type"_s, u"authorization_code"_s},
                                                        {u"code"_s, code},
                                                        {u"redirect_uri"_s, callback},
                                                        {u"code_verifier"_s, verifier}};
                if (!settings.clientSecret.isEmpty()) // RFC 6749 §2.3.1: each form-encoded, then Basic
                    authorization = "Basic " + (QUrl::toPercentEncoding(settings.clientId) + ':'
                                                + QUrl::toPercentEncoding(settings.clientSecret)).toBase64();
                else // a public client names itself (RFC 6749 §4.1.3)
                    form.append({u"client_id"_s, settings.clientId});
                auto answer = m_providers.http().postForm(d->tokenEndpoint, OidcHttp::formEncode(form), authorization);
                if (!answer)
                    return answer.error();
                const QJsonObject body = QJsonDocument::fromJson(answer->body).object();
                if (answer->status != 200) {
                    const QString why = body.value(u"error"_s).toString().left(64);
                    return makeError(ErrorCode::Unauthorized, u"the provider refused the code ("_s
                                                                  + (why.isEmpty() ? QString::number(answer->status) : why) + u')');
                }
                const QString idToken = body.value(u"id_token"_s).toString();
                if (idToken.isEmpty())
                    return makeError(ErrorCode::Unauthorized, u"the provider's answer has no ID token"_s);
                auto claims = m_verifier.verify(settings.name, idToken, nonce, now());
                if (!claims)
                    return claims.error();
                return std::pair{idToken, claims.value()};
            });
            return chain(&m_context, exchanged,
                [=, this](const Result<std::pair<QString, IdTokenClaims>> &got) -> QFuture<Result<QString>> {
                    if (!got)
                        return done(errorToApp(st.redirect, got.error()));
                    const QString idToken = got->first;
                    const IdTokenClaims claims = got->second;
                    auto session = m_db.run([this, provider, claims, origin](DbSession &db) {
                        return signInOnDb(db, provider, claims, QString(), origin);
                    });
                    return session.then(&m_context, [st, idToken](const Result<AuthSession> &s) -> Result<QString> {
                        if (s)
                            return toApp(st.redirect, {{u"token"_s, s->accessToken},
                                                       {u"refreshToken"_s, s->refreshToken},
                                                       {u"userId"_s, QString::number(s->user.id)},
                                                       {u"username"_s, s->user.username}});
                        if (s.error().code == "totp_required"_L1)
                            return toApp(st.redirect, {{u"error"_s, s.error().code}, {u"message"_s, s.error().message},
                                                       {u"idToken"_s, idToken}, {u"nonce"_s, st.nonce}});
                        return errorToApp(st.redirect, s.error());
                    });
                });
        });
}

} // namespace Banter::Server
