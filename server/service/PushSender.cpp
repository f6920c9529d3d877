#include "service/PushSender.h"

#include "service/PushHttpClient.h"
#include "service/ServiceLog.h"

#include <QHostInfo>
#include <QMetaEnum>
#include <QMutexLocker>
#include <QNetworkProxy>
#include <QNetworkRequest>
#include <QTimeZone>
#include <QUrl>
#include <algorithm>
#include <array>
#include <memory>
#include <vector>

using namespace Qt::StringLiterals;

namespace Banter::Server {

namespace {

// RFC 8292 §2 allows a day; half of that leaves room for a push service's clock, and renewing an hour before
// the end keeps a token from expiring while a request carrying it is under way.
constexpr qint64 VapidLifetimeSecs = 12 * 60 * 60;
constexpr qint64 VapidRenewBeforeSecs = 60 * 60;
constexpr auto DnsCacheLifetime = std::chrono::seconds(60);
// Both caches are keyed by push service (a handful); this many means endpoints on odd origins, and the cache
// is cleared rather than grown without end.
constexpr qsizetype MaxCachedHosts = 1024;
// Response bodies are read only so the connection stays usable; push services answer with little.
constexpr qint64 MaxResponseBodyBytes = 64 * 1024;
// Plaintexts are padded to a multiple of this (RFC 8291 §4 pads to hide lengths).
constexpr int PaddingBucket = 256;
constexpr int MaxTopicChars = 32;
// A Retry-After beyond this is taken as this: the caller's schedule, not a stranger's, decides.
constexpr std::chrono::seconds MaxRetryAfter = std::chrono::hours(24 * 30);
// QHttp1Configuration takes at most 255 connections per host.
constexpr int MaxConcurrentLimit = 255;

bool isPublicIPv4(quint32 a)
{
    struct Block
    {
        quint32 network;
        int prefix;
    };
    // IANA's special-purpose IPv4 registry, the blocks that are no destination on the public internet.
    static constexpr std::array<Block, 15> blocks{{
        {0x00000000, 8},  // 0.0.0.0/8 "this network", unspecified
        {0x0A000000, 8},  // 10/8 private
        {0x64400000, 10}, // 100.64/10 carrier-grade NAT
        {0x7F000000, 8},  // 127/8 loopback
        {0xA9FE0000, 16}, // 169.254/16 link-local (cloud metadata services)
        {0xAC100000, 12}, // 172.16/12 private
        {0xC0000000, 24}, // 192.0.0/24 IETF protocol assignments
        {0xC0000200, 24}, // 192.0.2/24 documentation
        {0xC0586300, 24}, // 192.88.99/24 6to4 relay anycast (deprecated)
        {0xC0A80000, 16}, // 192.168/16 private
        {0xC6120000, 15}, // 198.18/15 benchmarking
        {0xC6336400, 24}, // 198.51.100/24 documentation
        {0xCB007100, 24}, // 203.0.113/24 documentation
        {0xE0000000, 4},  // 224/4 multicast
        {0xF0000000, 4},  // 240/4 reserved, 255.255.255.255 broadcast
    }};
    for (const Block &b : blocks) {
        const quint32 mask = ~quint32(0) << (32 - b.prefix);
        if ((a & mask) == b.network)
            return false;
    }
    return true;
}

quint32 ipv4At(const Q_IPV6ADDR &b, int offset)
{
    return quint32(b[offset]) << 24 | quint32(b[offset + 1]) << 16 | quint32(b[offset + 2]) << 8 |
           quint32(b[offset + 3]);
}

bool isPublicIPv6(const Q_IPV6ADDR &b)
{
    const auto zeros = [&](int from, int to) {
        for (int i = from; i < to; ++i)
            if (b[i] != 0)
                return false;
        return true;
    };
    // ::/96 holds the unspecified address, loopback and the deprecated IPv4-compatible addresses;
    // ::ffff:0:0/96 the IPv4-mapped ones, which reach the IPv4 address they embed.
    if (zeros(0, 12))
        return ipv4At(b, 12) > 1 && isPublicIPv4(ipv4At(b, 12));
    if (zeros(0, 10) && b[10] == 0xff && b[11] == 0xff)
        return isPublicIPv4(ipv4At(b, 12));
    // 64:ff9b::/96: NAT64 translates to the embedded IPv4 address.
    if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && zeros(4, 12))
        return isPublicIPv4(ipv4At(b, 12));
    // 2002::/16: 6to4, the IPv4 address of the relay in bits 16-47.
    if (b[0] == 0x20 && b[1] == 0x02)
        return isPublicIPv4(ipv4At(b, 2));
    if (b[0] == 0xff) // ff00::/8 multicast
        return false;
    if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) // fe80::/10 link-local
        return false;
    if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) // fec0::/10 site-local (deprecated)
        return false;
    if ((b[0] & 0xfe) == 0xfc) // fc00::/7 unique local
        return false;
    if (b[0] == 0x01 && b[1] == 0x00 && zeros(2, 8)) // 100::/64 discard-only
        return false;
    if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) // 2001:db8::/32 documentation
        return false;
    return true;
}

bool isLoopback(const QHostAddress &address)
{
    bool mapped = false;
    const quint32 v4 = address.toIPv4Address(&mapped);
    return address.isLoopback() || (mapped && (v4 >> 24) == 127);
}

bool isBase64UrlText(QStringView text)
{
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (!((u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || u == '-' ||
              u == '_'))
            return false;
    }
    return true;
}

// The origin as RFC 6454 serialises it, the port only when not the scheme's default: what WebPushCrypto
// makes the VAPID "aud", and what is logged of an endpoint.
QString originOf(const QUrl &url)
{
    QUrl origin =
        url.adjusted(QUrl::RemoveUserInfo | QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment);
    if (origin.port() == (url.scheme() == "https"_L1 ? 443 : 80))
        origin.setPort(-1);
    return origin.toString(QUrl::FullyEncoded);
}

PushResult refused(QString why)
{
    return PushResult{PushResult::Kind::Rejected, 0, std::nullopt, std::move(why)};
}

PushResult retry(QString why)
{
    return PushResult{PushResult::Kind::Retry, 0, std::nullopt, std::move(why)};
}

const char *kindName(PushResult::Kind kind)
{
    switch (kind) {
    case PushResult::Kind::Delivered:
        return "delivered";
    case PushResult::Kind::Gone:
        return "gone";
    case PushResult::Kind::Retry:
        return "retry";
    case PushResult::Kind::Rejected:
        return "rejected";
    }
    return "?";
}

} // namespace

struct PushSender::Target
{
    QHostAddress address; // the checked address the request goes to
    bool named = false;   // the URL names a host rather than an address
};

struct PushSender::Prepared
{
    QNetworkRequest request;
    QByteArray body;
    QString origin;
};

PushSender::PushSender(P256KeyPair vapid, PushSenderSettings settings)
    : m_vapid(std::move(vapid)), m_settings(std::move(settings))
{
    m_settings.maxConcurrent = std::clamp(m_settings.maxConcurrent, 1, MaxConcurrentLimit);
}

void PushSender::releaseThreadResources()
{
    PushHttpClient::releaseThreadConnections();
}

bool PushSender::isPublicAddress(const QHostAddress &address)
{
    switch (address.protocol()) {
    case QAbstractSocket::IPv4Protocol:
        return isPublicIPv4(address.toIPv4Address());
    case QAbstractSocket::IPv6Protocol:
        return isPublicIPv6(address.toIPv6Address());
    default:
        return false;
    }
}

std::optional<std::chrono::milliseconds> PushSender::parseRetryAfter(QByteArrayView value,
                                                                     const QDateTime &now)
{
    const QByteArrayView text = value.trimmed();
    if (text.isEmpty())
        return std::nullopt;
    bool digits = true;
    for (const char c : text)
        digits = digits && c >= '0' && c <= '9';
    if (digits) {
        // More digits than a qint64 holds is still "a long time".
        const qint64 seconds = text.size() > 12 ? MaxRetryAfter.count() : text.toLongLong();
        return std::chrono::seconds(std::min<qint64>(seconds, MaxRetryAfter.count()));
    }
    // RFC 9110 §5.6.7: an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT", fixed width), which senders must use;
    // the obsolete forms are not worth a parser. Qt 6 parses formats in the C locale: English names match.
    if (text.size() != 29 || !text.endsWith(" GMT") || text[16] != ' ')
        return std::nullopt;
    const QString latin1 = QString::fromLatin1(text);
    const QDateTime at(QDate::fromString(latin1.first(16), u"ddd, dd MMM yyyy"),
                       QTime::fromString(latin1.sliced(17, 8), u"HH:mm:ss"), QTimeZone::UTC);
    if (!at.isValid())
        return std::nullopt;
    const qint64 ms =
        std::clamp<qint64>(now.msecsTo(at), 0, std::chrono::milliseconds(MaxRetryAfter).count());
    return std::chrono::milliseconds(ms);
}

std::optional<QList<QHostAddress>> PushSender::lookUp(const QString &host)
{
    const auto now = std::chrono::steady_clock::now();
    {
        QMutexLocker lock(&m_dnsMutex);
        const auto it = m_dns.constFind(host);
        if (it != m_dns.cend() && it->expires > now)
            return it->addresses;
    }
    // Outside the lock: a slow resolver must not hold up the other threads' cached answers.
    QList<QHostAddress> addresses;
    if (m_settings.resolver) {
        addresses = m_settings.resolver(host);
    } else {
        const QHostInfo info = QHostInfo::fromName(host);
        if (info.error() == QHostInfo::NoError)
            addresses = info.addresses();
    }
    if (addresses.isEmpty())
        return std::nullopt; // not cached: a failure is worth asking again about
    QMutexLocker lock(&m_dnsMutex);
    if (m_dns.size() >= MaxCachedHosts)
        m_dns.clear();
    m_dns.insert(host, DnsAnswer{addresses, now + DnsCacheLifetime});
    return addresses;
}

std::optional<PushResult> PushSender::resolveTarget(const QUrl &url, Target &out)
{
    const QString scheme = url.scheme();
    const bool https = scheme == "https"_L1;
    if (!https && !(scheme == "http"_L1 && m_settings.allowPrivateAddresses))
        return refused(m_settings.allowPrivateAddresses ? u"endpoint: not https, nor http to loopback"_s
                                                        : u"endpoint: not https"_s);
    const QString host = url.host(QUrl::FullyEncoded);
    QList<QHostAddress> addresses;
    if (QHostAddress literal; literal.setAddress(host)) {
        addresses.append(literal);
    } else {
        // RFC 6761 §6.3: these are loopback whatever a resolver says.
        const bool localhost = host.compare("localhost"_L1, Qt::CaseInsensitive) == 0 ||
                               host.endsWith(".localhost"_L1, Qt::CaseInsensitive);
        if (localhost && !m_settings.allowPrivateAddresses)
            return refused(u"endpoint: names a loopback address"_s);
        auto found = lookUp(host);
        if (!found)
            return retry(u"endpoint: the host name does not resolve"_s);
        addresses = std::move(*found);
        out.named = true;
    }
    // Every address, not only the one used: a name that resolves to one private address among public ones is
    // someone's probe, and the resolver's order can change.
    for (const QHostAddress &address : std::as_const(addresses)) {
        if (!m_settings.allowPrivateAddresses && !isPublicAddress(address))
            return refused(u"endpoint: resolves to a loopback, private or otherwise non-public address"_s);
        if (!https && !isLoopback(address))
            return refused(u"endpoint: http is only for loopback addresses"_s);
    }
    // The resolver's first choice (getaddrinfo orders by RFC 6724, e.g. no IPv6 first without IPv6 routes).
    out.address = addresses.constFirst();
    return std::nullopt;
}

Result<QString> PushSender::authorization(const QString &audience)
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    {
        QMutexLocker lock(&m_vapidMutex);
        const auto it = m_vapidTokens.constFind(audience);
        if (it != m_vapidTokens.cend() && it->expiresAtSecs - now > VapidRenewBeforeSecs)
            return it->header;
    }
    // Signed outside the lock: two threads may both sign for a new audience once, and neither waits.
    const qint64 expires = now + VapidLifetimeSecs;
    auto header = WebPushCrypto::vapidAuthorization(m_vapid, audience, m_settings.subject, expires, now);
    if (!header)
        return header.error();
    QMutexLocker lock(&m_vapidMutex);
    if (m_vapidTokens.size() >= MaxCachedHosts)
        m_vapidTokens.clear();
    m_vapidTokens.insert(audience, VapidToken{header.value(), expires});
    return header;
}

std::optional<PushResult> PushSender::prepare(const PushRequest &push, Prepared &out)
{
    const QUrl url(push.endpoint, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty() || !url.userInfo().isEmpty())
        return refused(u"endpoint: not an absolute URL"_s);
    out.origin = originOf(url);
    if (push.ttlSecs < 0)
        return refused(u"ttl: negative"_s);
    if (push.urgency != "very-low"_L1 && push.urgency != "low"_L1 && push.urgency != "normal"_L1 &&
        push.urgency != "high"_L1)
        return refused(u"urgency: very-low, low, normal or high"_s);
    if (push.topic.size() > MaxTopicChars || !isBase64UrlText(push.topic))
        return refused(u"topic: at most 32 base64url characters"_s);

    Target target;
    if (auto problem = resolveTarget(url, target))
        return problem;

    const int padTo = std::min<int>(
        WebPushCrypto::MaxPlaintextBytes,
        std::max<qsizetype>(1, (push.plaintext.size() + PaddingBucket - 1) / PaddingBucket) * PaddingBucket);
    auto body = WebPushCrypto::encrypt(push.p256dh, push.auth, push.plaintext, padTo);
    if (!body)
        return refused(body.error().message);
    // The audience is the endpoint's own origin, never the address it resolved to.
    auto vapid = authorization(out.origin);
    if (!vapid)
        return refused(vapid.error().message);

    QUrl pinned = url;
    if (target.named)
        pinned.setHost(target.address.toString());
    QNetworkRequest &request = out.request;
    request.setUrl(pinned);
    if (target.named) {
        // What Qt would have sent for the original URL: the name, and the port when the URL gives one.
        QByteArray host = url.host(QUrl::FullyEncoded).toLatin1();
        if (url.port() != -1)
            host += ':' + QByteArray::number(url.port());
        request.setRawHeader("Host", host);
        // Certificate verification and SNI against the name rather than the address in the URL.
        if (url.scheme() == "https"_L1)
            request.setPeerVerifyName(url.host(QUrl::FullyEncoded));
    }
    request.setRawHeader("TTL", QByteArray::number(push.ttlSecs));
    request.setRawHeader("Urgency", push.urgency.toLatin1());
    if (!push.topic.isEmpty())
        request.setRawHeader("Topic", push.topic.toLatin1());
    request.setRawHeader("Authorization", vapid.value().toLatin1());
    out.body = std::move(body).value();
    return std::nullopt;
}

QList<PushResult> PushSender::send(const QList<PushRequest> &requests)
{
    QList<PushResult> results(requests.size());
    if (requests.isEmpty())
        return results;

    // Checked, resolved, encrypted and signed first (most of this thread's work), then sent together.
    QNetworkRequest base;
    base.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/octet-stream"));
    base.setRawHeader("Content-Encoding", "aes128gcm");
    QList<HttpPost> posts;
    QList<qsizetype> indexOf;
    QStringList origins;
    posts.reserve(requests.size());
    for (qsizetype i = 0; i < requests.size(); ++i) {
        Prepared prepared{base, {}, {}};
        if (auto problem = prepare(requests[i], prepared)) {
            results[i] = std::move(*problem);
            qCInfo(lcService) << "push to" << (prepared.origin.isEmpty() ? u"(no origin)"_s : prepared.origin)
                              << "not sent:" << results[i].error;
            continue;
        }
        const QUrl url = prepared.request.url();
        HttpPost post;
        post.tls = url.scheme() == "https"_L1;
        post.address = QHostAddress(url.host());
        post.port = quint16(url.port(post.tls ? 443 : 80));
        post.verifyName = prepared.request.peerVerifyName();
        QByteArray target = url.path(QUrl::FullyEncoded).toLatin1();
        if (target.isEmpty())
            target = "/";
        if (url.hasQuery())
            target += '?' + url.query(QUrl::FullyEncoded).toLatin1();
        QByteArray head = "POST " + target + " HTTP/1.1\r\n";
        QByteArray host = prepared.request.rawHeader("Host");
        if (host.isEmpty()) { // an address literal in the URL: the Host header names it as the URL does
            host = url.host(QUrl::FullyEncoded).toLatin1();
            if (post.address.protocol() == QAbstractSocket::IPv6Protocol)
                host = '[' + host + ']';
            if (url.port() != -1)
                host += ':' + QByteArray::number(url.port());
        }
        head += "Host: " + host + "\r\nUser-Agent: banterd\r\nConnection: keep-alive\r\n";
        for (const QByteArray &name : prepared.request.rawHeaderList()) {
            if (name.compare("Host", Qt::CaseInsensitive) == 0 || name.compare("User-Agent", Qt::CaseInsensitive) == 0
                || name.compare("Content-Length", Qt::CaseInsensitive) == 0)
                continue;
            head += name + ": " + prepared.request.rawHeader(name) + "\r\n";
        }
        post.head = std::move(head);
        post.body = std::move(prepared.body);
        posts.append(std::move(post));
        indexOf.append(i);
        origins.append(prepared.origin);
    }

    const QList<HttpAnswer> answers = PushHttpClient::post(posts, m_settings.maxConcurrent, m_settings.timeout);
    for (qsizetype k = 0; k < answers.size(); ++k) {
        const HttpAnswer &answer = answers[k];
        PushResult &result = results[indexOf[k]];
        result.status = answer.status;
        if (result.status == 0) {
            result.kind = PushResult::Kind::Retry;
            result.error = answer.error;
        } else if (result.status >= 200 && result.status < 300) {
            result.kind = PushResult::Kind::Delivered;
        } else if (result.status == 404 || result.status == 410) {
            result.kind = PushResult::Kind::Gone;
        } else if (result.status == 429 || result.status >= 500) {
            result.kind = PushResult::Kind::Retry;
            result.retryAfter = parseRetryAfter(answer.retryAfter, QDateTime::currentDateTimeUtc());
            result.error = QStringLiteral("the push service answered %1").arg(result.status);
        } else {
            result.kind = PushResult::Kind::Rejected;
            result.error = QStringLiteral("the push service answered %1").arg(result.status);
        }
        // The origin and the status only: the rest of an endpoint is a capability.
        if (result.kind == PushResult::Kind::Rejected)
            qCInfo(lcService) << "push to" << origins[k] << "rejected:" << result.status;
        else
            qCDebug(lcService) << "push to" << origins[k] << kindName(result.kind) << result.status << result.error;
    }
    return results;
}

} // namespace Banter::Server
