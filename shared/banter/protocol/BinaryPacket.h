#pragma once

#include "banter/Result.h"
#include "banter/protocol/SocketPacket.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>

#include <optional>

namespace Banter::Protocol {

// A Socket.IO BINARY_EVENT or BINARY_ACK with its attachments. On the wire it is the packet's text, whose
// payload holds {"_placeholder":true,"num":N} where the N-th binary message goes, followed by that many binary
// Engine.IO messages (socket.io-parser's deconstructPacket/reconstructPacket). The payload keeps its
// placeholders here; attachments[N] is what placeholder N stands for.
struct BinaryPacket
{
    SocketPacket packet;
    QList<QByteArray> attachments;

    static QJsonObject placeholder(int num);
    // The placeholder's attachment number, or nothing when the value is not a placeholder.
    static std::optional<int> placeholderNumber(const QJsonValue &value);
    // Every placeholder in the payload names an attachment (0 <= num < count); socket.io-parser rejects the
    // packet otherwise ("illegal attachments").
    static Result<void> checkPlaceholders(const QJsonValue &payload, int count);

    // A packet to send: BINARY_EVENT or BINARY_ACK when there are attachments, EVENT or ACK otherwise; the
    // type and count are set from `attachments`.
    static BinaryPacket make(SocketPacket packet, QList<QByteArray> attachments);
    QString text() const { return packet.encode(); }
};

// Collects a binary packet's attachments as they arrive, one binary message at a time, within limits: at most
// `maxAttachments` messages (SocketPacket::MaxAttachments at most) and `maxBytes` in total. Every failure is
// invalid_packet; the receiver ends the connection then, as socket.io does.
class BinaryAssembler
{
public:
    struct Limits
    {
        int maxAttachments = SocketPacket::MaxAttachments;
        qint64 maxBytes = 1'000'000;
    };

    explicit BinaryAssembler(Limits limits) : m_limits(limits) {}

    bool expecting() const { return m_head.has_value(); }
    // The head of a binary packet (decoded, attachments >= 1). Fails while another is incomplete, when it
    // announces too many attachments, or when a placeholder names none of them.
    Result<void> begin(SocketPacket head);
    // One binary message: nothing while more are due, the packet once the last one arrived.
    Result<std::optional<BinaryPacket>> add(const QByteArray &attachment);
    void reset();

private:
    Limits m_limits;
    std::optional<SocketPacket> m_head;
    QList<QByteArray> m_attachments;
    qint64 m_bytes = 0;
};

} // namespace Banter::Protocol
