#include "http/E2eeRoutes.h"

#include "http/RouteReply.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;
using Method = QHttpServerRequest::Method;

namespace Banter::Server {
namespace {

QString b64(const QByteArray &bytes)
{
    return QString::fromLatin1(bytes.toBase64());
}

QJsonObject bundleJson(const StoredBundle &b)
{
    QJsonObject o{{u"deviceId"_s, b.deviceId},
                  {u"registrationId"_s, b.registrationId},
                  {u"identityKey"_s, b64(b.identityKey)},
                  {u"signedPreKey"_s, QJsonObject{{u"id"_s, b.signedPreKeyId},
                                                   {u"publicKey"_s, b64(b.signedPreKey)},
                                                   {u"signature"_s, b64(b.signedPreKeySignature)}}},
                  {u"oneTimePreKey"_s, b.oneTimePreKeyId ? QJsonValue(QJsonObject{{u"id"_s, *b.oneTimePreKeyId},
                                                                                   {u"publicKey"_s, b64(b.oneTimePreKey)}})
                                                         : QJsonValue(QJsonValue::Null)}};
    o.insert(u"kyberPreKey"_s, b.kyberPreKeyId ? QJsonValue(QJsonObject{{u"id"_s, *b.kyberPreKeyId},
                                                                        {u"publicKey"_s, b64(b.kyberPreKey)},
                                                                        {u"signature"_s, b64(b.kyberPreKeySignature)}})
                                               : QJsonValue(QJsonValue::Null));
    return o;
}

} // namespace

void E2eeRoutes::registerOn(ApiRouter &router, E2eeService &e2ee)
{
    router.add(Method::Put, u"/api/e2ee/devices/me/keys"_s, Access::User, [&e2ee](const ApiRequest &r) {
        return reply(r, e2ee.uploadKeys(*r.principal, r.body), [](const DeviceKeysState &s) {
            return ApiReply::ok({{u"deviceId"_s, s.deviceId}, {u"count"_s, s.preKeyCount}});
        });
    });
    router.add(Method::Get, u"/api/e2ee/devices/me/prekey-count"_s, Access::User, [&e2ee](const ApiRequest &r) {
        return reply(r, e2ee.preKeyCount(*r.principal), [](const std::pair<std::optional<int>, int> &c) {
            return ApiReply::ok({{u"count"_s, c.second},
                                 {u"deviceId"_s, c.first ? QJsonValue(*c.first) : QJsonValue(QJsonValue::Null)}});
        });
    });
    router.add(Method::Get, u"/api/e2ee/users/<arg>/bundles"_s, Access::User, [&e2ee](const ApiRequest &r) {
        return reply(r, e2ee.bundles(*r.principal, r.args.value(0)), [](const QList<StoredBundle> &list) {
            QJsonArray bundles;
            for (const StoredBundle &b : list)
                bundles.append(bundleJson(b));
            return ApiReply::ok({{u"bundles"_s, bundles}});
        });
    });
}

} // namespace Banter::Server
