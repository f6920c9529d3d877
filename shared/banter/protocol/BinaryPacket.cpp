#include "banter/protocol/BinaryPacket.h"

#include "banter/ErrorCode.h"

#include <QJsonArray>

#include <cmath>

using namespace Qt::StringLiterals;

namespace Banter::Protocol {
namespace {

Error invalid(const QString &message)
{
    return makeError(ErrorCode::InvalidPacket, message);
}

// Placeholders sit at most as deep as SocketPacket::decode allows the payload to nest; recursion is bounded by it.
Result<void> checkValue(const QJsonValue &value, int count)
{
    if (value.isArray()) {
        for (const QJsonValue &v : value.toArray())
            if (auto r = checkValue(v, count); !r)
                return r;
        return {};
    }
    if (!value.isObject())
        return {};
    if (const auto num = BinaryPacket::placeholderNumber(value)) {
        if (*num < 0 || *num >= count)
            return invalid(u"placeholder %1 names no attachment (the packet has %2)"_s.arg(*num).arg(count));
        return {};
    }
    const QJsonObject object = value.toObject();
    if (object.value(u"_placeholder"_s) == QJsonValue(true))
        return invalid(u"a placeholder needs an integer \"num\""_s);
    for (auto it = object.begin(); it != object.end(); ++it)
        if (auto r = checkValue(it.value(), count); !r)
            return r;
    return {};
}

} // namespace

QJsonObject BinaryPacket::placeholder(int num)
{
    return {{u"_placeholder"_s, true}, {u"num"_s, num}};
}

std::optional<int> BinaryPacket::placeholderNumber(const QJsonValue &value)
{
    if (!value.isObject())
        return std::nullopt;
    const QJsonObject o = value.toObject();
    if (o.value(u"_placeholder"_s) != QJsonValue(true))
        return std::nullopt;
    const QJsonValue num = o.value(u"num"_s);
    if (!num.isDouble())
        return std::nullopt;
    const double d = num.toDouble();
    if (!(d >= 0 && d <= 1'000'000) || d != std::trunc(d))
        return -1; // a number, but no attachment's (range first: converting 1e300 to an integer is undefined)
    return int(d);
}

Result<void> BinaryPacket::checkPlaceholders(const QJsonValue &payload, int count)
{
    return checkValue(payload, count);
}

BinaryPacket BinaryPacket::make(SocketPacket packet, QList<QByteArray> attachments)
{
    const bool ack = packet.type == SocketType::Ack || packet.type == SocketType::BinaryAck;
    if (attachments.isEmpty())
        packet.type = ack ? SocketType::Ack : SocketType::Event;
    else
        packet.type = ack ? SocketType::BinaryAck : SocketType::BinaryEvent;
    packet.attachments = int(attachments.size());
    return {std::move(packet), std::move(attachments)};
}

Result<void> BinaryAssembler::begin(SocketPacket head)
{
    if (m_head)
        return invalid(u"a binary packet began before the previous one's attachments arrived"_s);
    if (head.attachments < 1 || head.attachments > qMin(m_limits.maxAttachments, SocketPacket::MaxAttachments))
        return invalid(u"a binary packet may carry 1 to %1 attachments"_s.arg(m_limits.maxAttachments));
    if (auto r = BinaryPacket::checkPlaceholders(head.data, head.attachments); !r)
        return r;
    m_head = std::move(head);
    m_attachments.reserve(m_head->attachments);
    return {};
}

Result<std::optional<BinaryPacket>> BinaryAssembler::add(const QByteArray &attachment)
{
    if (!m_head)
        return invalid(u"a binary message that no packet announced"_s);
    m_bytes += attachment.size();
    if (m_bytes > m_limits.maxBytes) {
        reset();
        return invalid(u"a binary packet's attachments exceed %1 bytes"_s.arg(m_limits.maxBytes));
    }
    m_attachments.append(attachment);
    if (m_attachments.size() < m_head->attachments)
        return std::optional<BinaryPacket>();
    BinaryPacket done{std::move(*m_head), std::move(m_attachments)};
    reset();
    return std::optional<BinaryPacket>(std::move(done));
}

void BinaryAssembler::reset()
{
    m_head.reset();
    m_attachments = {};
    m_bytes = 0;
}

} // namespace Banter::Protocol
