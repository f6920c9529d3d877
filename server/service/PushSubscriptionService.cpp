#include "service/PushSubscriptionService.h"

#include "crypto/WebPushCrypto.h"
#include "service/ServiceFutures.h"
#include "storage/PushSubscriptionRepository.h"

#include <banter/ErrorCode.h>

#include <QHostAddress>
#include <QJsonDocument>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

constexpr auto Base64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;
constexpr qsizetype MaxEndpointChars = 2048;

std::optional<QByteArray> base64Url(const QJsonValue &v)
{
    if (!v.isString())
        return std::nullopt;
    auto decoded = QByteArray::fromBase64Encoding(v.toString().toLatin1(), QByteArray::Base64UrlEncoding);
    if (!decoded)
        return std::nullopt;
    return *decoded;
}

// The endpoint's keyed hash: how a row is found again without storing the endpoint (migration 014).
QByteArray endpointHash(const CryptoService &crypto, const KeyStore &keys, const QString &endpoint)
{
    return crypto.hmacSha256(keys.searchKey().secret, "banter push endpoint\0"_ba + endpoint.toUtf8());
}

QByteArray sealContext(qint64 userId, const QByteArray &hash)
{
    return "push-subscription:"_ba + QByteArray::number(userId) + ':' + hash.toHex();
}

} // namespace

Result<PushTarget> PushSubscriptionService::open(const MessageSealer &sealer, const StoredPushSubscription &row)
{
    auto opened = sealer.openRecord(sealContext(row.userId, row.endpointHash), row.sealed);
    if (!opened)
        return opened.error();
    const QJsonObject record = QJsonDocument::fromJson(opened.value()).object();
    const auto p256dh = base64Url(record.value(u"p256dh"_s));
    const auto auth = base64Url(record.value(u"auth"_s));
    if (!p256dh || !auth)
        return makeError(ErrorCode::Internal, u"a stored push subscription without its keys"_s);
    return PushTarget{row.id, row.userId, record.value(u"endpoint"_s).toString(), *p256dh, *auth};
}

QString PushSubscriptionService::vapidPublicKey() const
{
    return QString::fromLatin1(m_keys.vapidKeyPair().publicKey.toBase64(Base64Url));
}

QString PushSubscriptionService::endpointProblem(const QUrl &url, bool devMode)
{
    if (!url.isValid() || url.host().isEmpty() || !url.userInfo().isEmpty())
        return u"endpoint: an absolute https URL"_s;
    const QHostAddress address(url.host());
    const bool literal = !address.isNull();
    const bool loopback = (literal && address.isLoopback()) || url.host().compare(u"localhost"_s, Qt::CaseInsensitive) == 0
                          || url.host().endsWith(u".localhost"_s, Qt::CaseInsensitive);
    if (url.scheme() == u"http"_s && devMode && loopback)
        return {};
    if (url.scheme() != u"https"_s)
        return devMode ? u"endpoint: an https URL (or, with --dev, http to a loopback address)"_s
                       : u"endpoint: an https URL"_s;
    if (devMode)
        return {};
    if (loopback)
        return u"endpoint: not a loopback address"_s;
    if (literal) {
        const bool internal = address.isPrivateUse() || address.isLinkLocal() || address.isSiteLocal()
                              || address.isUniqueLocalUnicast() || address.isMulticast() || address.isBroadcast()
                              || address == QHostAddress::AnyIPv4 || address == QHostAddress::AnyIPv6;
        if (internal)
            return u"endpoint: not a private, link-local or unspecified address"_s;
    }
    return {};
}

QFuture<Result<PushSubscription>> PushSubscriptionService::subscribe(const Principal &caller, const QJsonObject &body)
{
    const QJsonValue endpointValue = body.value(u"endpoint"_s);
    if (!endpointValue.isString() || endpointValue.toString().isEmpty()
        || endpointValue.toString().size() > MaxEndpointChars)
        return fail<PushSubscription>(makeError(ErrorCode::ValidationFailed,
                                                u"endpoint: a URL of at most 2048 characters"_s));
    const QString endpoint = endpointValue.toString();
    const QUrl url(endpoint, QUrl::StrictMode);
    if (const QString problem = endpointProblem(url, m_settings.devMode); !problem.isEmpty())
        return fail<PushSubscription>(makeError(ErrorCode::ValidationFailed, problem));
    const QJsonValue keysValue = body.value(u"keys"_s);
    if (!keysValue.isObject())
        return fail<PushSubscription>(makeError(ErrorCode::ValidationFailed, u"keys: {p256dh, auth}"_s));
    const auto p256dh = base64Url(keysValue.toObject().value(u"p256dh"_s));
    if (!p256dh || !WebPushCrypto::isValidPublicKey(*p256dh))
        return fail<PushSubscription>(makeError(ErrorCode::ValidationFailed,
                                                u"keys.p256dh: base64url of an uncompressed P-256 public key"_s));
    const auto auth = base64Url(keysValue.toObject().value(u"auth"_s));
    if (!auth || auth->size() != 16)
        return fail<PushSubscription>(makeError(ErrorCode::ValidationFailed, u"keys.auth: base64url of 16 bytes"_s));
    const qint64 me = caller.userId.toLongLong();
    const QString session = caller.sessionId;
    const QByteArray record = QJsonDocument(QJsonObject{{u"endpoint"_s, endpoint},
                                                        {u"p256dh"_s, QString::fromLatin1(p256dh->toBase64(Base64Url))},
                                                        {u"auth"_s, QString::fromLatin1(auth->toBase64(Base64Url))}})
                                  .toJson(QJsonDocument::Compact);
    const int limit = m_settings.maxPerUser;
    return m_db.run([this, me, session, endpoint, record, limit](DbSession &db) -> Result<PushSubscription> {
        StoredPushSubscription row;
        row.userId = me;
        row.sessionId = session;
        row.endpointHash = endpointHash(m_crypto, m_keys, endpoint);
        auto sealed = m_sealer.sealRecord(sealContext(me, row.endpointHash), record);
        if (!sealed)
            return sealed.error();
        row.sealed = sealed.value();
        auto stored = PushSubscriptionRepository(db).upsert(row, limit);
        if (!stored)
            return stored.error();
        if (!stored.value())
            return makeError(ErrorCode::Conflict,
                             QStringLiteral("at most %1 push subscriptions per user: delete one first").arg(limit));
        return PushSubscription{stored.value()->id, endpoint, stored.value()->createdAt, true, stored.value()->inserted};
    });
}

QFuture<Result<QList<PushSubscription>>> PushSubscriptionService::list(const Principal &caller)
{
    const qint64 me = caller.userId.toLongLong();
    const QString session = caller.sessionId;
    return m_db.run([this, me, session](DbSession &db) -> Result<QList<PushSubscription>> {
        auto rows = PushSubscriptionRepository(db).listForUser(me);
        if (!rows)
            return rows.error();
        QList<PushSubscription> out;
        for (const StoredPushSubscription &row : rows.value()) {
            auto opened = m_sealer.openRecord(sealContext(me, row.endpointHash), row.sealed);
            if (!opened)
                continue; // a row that does not open (a lost key) is no subscription anyone can use
            const QString endpoint = QJsonDocument::fromJson(opened.value()).object().value(u"endpoint"_s).toString();
            out.append({row.id, endpoint, row.createdAt, row.sessionId == session, false});
        }
        return out;
    });
}

QFuture<Result<bool>> PushSubscriptionService::remove(const Principal &caller, const QString &id)
{
    const auto target = parseId(id);
    if (!target)
        return fail<bool>(makeError(ErrorCode::NotFound, u"no such push subscription"_s));
    const qint64 me = caller.userId.toLongLong();
    return m_db.run([me, target](DbSession &db) -> Result<bool> {
        auto removed = PushSubscriptionRepository(db).remove(me, *target);
        if (!removed)
            return removed.error();
        if (!removed.value())
            return makeError(ErrorCode::NotFound, u"no such push subscription"_s);
        return true;
    });
}

} // namespace Banter::Server
