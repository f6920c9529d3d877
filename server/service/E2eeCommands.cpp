#include "service/E2eeCommands.h"

#include <banter/ErrorCode.h>

#include <QJsonArray>
#include <QJsonObject>
#include <QSet>

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

Error invalid(const QString &message)
{
    return makeError(ErrorCode::ValidationFailed, message);
}

QJsonObject address(qint64 userId, int deviceId)
{
    return {{u"userId"_s, QString::number(userId)}, {u"deviceId"_s, deviceId}};
}

} // namespace

Result<void> E2eeCommands::prefetch(const QList<qint64> &conversationIds)
{
    if (conversationIds.isEmpty())
        return {};
    auto devices = E2eeRepository(m_db).currentDevices(conversationIds);
    if (!devices)
        return devices.error();
    m_devices = std::move(devices.value());
    return {};
}

Result<std::optional<E2eePart>> E2eeCommands::check(const WriteCommand &c, bool e2eeConversation) const
{
    if (!e2eeConversation) {
        if (c.encrypted)
            return invalid(u"ciphertexts: this conversation is not end-to-end encrypted; send content"_s);
        return std::optional<E2eePart>();
    }
    if (!c.encrypted || !c.content.isEmpty())
        return invalid(u"this conversation is end-to-end encrypted: send ciphertexts, not content"_s);
    if (!c.attachments.isEmpty())
        return invalid(u"attachments: not in an end-to-end encrypted conversation (encrypt files into the "
                       "ciphertexts)"_s);
    const QList<MemberDevice> devices = m_devices.value(c.conversationId);
    std::optional<int> sender;
    QHash<std::pair<qint64, int>, QString> expected; // (user, device) -> session
    for (const MemberDevice &d : devices) {
        if (d.sessionId == c.sessionId)
            sender = d.deviceId;
        else
            expected.insert({d.userId, d.deviceId}, d.sessionId);
    }
    if (!sender)
        return invalid(u"this device has no keys: upload them first (PUT /api/e2ee/devices/me/keys)"_s);
    QJsonArray stale;
    QSet<std::pair<qint64, int>> given;
    for (const DeviceCiphertext &x : c.ciphertexts) {
        given.insert({x.userId, x.deviceId});
        if (!expected.contains({x.userId, x.deviceId}))
            stale.append(address(x.userId, x.deviceId));
    }
    QJsonArray missing;
    for (const MemberDevice &d : devices)
        if (d.sessionId != c.sessionId && !given.contains({d.userId, d.deviceId}))
            missing.append(address(d.userId, d.deviceId));
    if (!missing.isEmpty() || !stale.isEmpty()) {
        Error e = makeError(ErrorCode::DeviceMismatch,
                            u"the ciphertexts must cover exactly the current devices of the members (but the sending "
                            "one): fetch the bundles of the missing ones, drop the stale ones, and send again with the "
                            "same clientMessageId"_s);
        e.details = QJsonObject{{u"missing"_s, missing}, {u"stale"_s, stale}};
        return e;
    }
    E2eePart part;
    part.senderDeviceId = *sender;
    part.ciphertexts = c.ciphertexts;
    for (DeviceCiphertext &x : part.ciphertexts)
        x.sessionId = expected.value({x.userId, x.deviceId});
    return std::optional<E2eePart>(std::move(part));
}

Result<void> E2eeCommands::storeEnvelopes(const QList<StoredEnvelope> &envelopes)
{
    return E2eeRepository(m_db).insertEnvelopes(envelopes);
}

StoredEnvelope E2eeCommands::envelopeOf(qint64 conversationId, qint64 seq, qint64 messageId, const E2eePart &part)
{
    StoredEnvelope e{conversationId, seq, messageId, part.senderDeviceId, {}};
    e.ciphertexts.reserve(part.ciphertexts.size());
    for (const DeviceCiphertext &x : part.ciphertexts)
        e.ciphertexts.append({x.sessionId, x.userId, x.deviceId, x.type, x.body});
    return e;
}

} // namespace Banter::Server
