#pragma once

#include "banter/Result.h"

#include <QJsonValue>
#include <QString>
#include <QStringView>

namespace Banter::Protocol {

// Socket.IO v5 packet types; on the wire each is one digit.
enum class SocketType {
    Connect = 0,
    Disconnect = 1,
    Event = 2,
    Ack = 3,
    ConnectError = 4,
    BinaryEvent = 5,
    BinaryAck = 6
};

// One Socket.IO v5 packet in its text form: <type>[<attachments>-][<nsp>,][<ack id>][<JSON payload>].
// It travels inside an Engine.IO MESSAGE packet, whose '4' prefix is not part of this text.
struct SocketPacket
{
    SocketType type = SocketType::Event;
    QString nsp = QStringLiteral("/");
    qint64 id = -1;       // ack id, -1 = none
    int attachments = 0;  // binary types only
    QJsonValue data = QJsonValue(QJsonValue::Undefined); // absent; a default QJsonValue would be null

    // The longest ack id accepted: 15 digits stay exact in a JavaScript number (2^53 has 16).
    static constexpr int MaxAckIdDigits = 15;
    static constexpr int MaxNamespaceLength = 256;
    static constexpr int MaxAttachments = 10; // socket.io-parser's default limit

    QString encode() const; // e.g. "2[\"a\",1]", "312[{...}]", "0/admin,{...}"
    // Validates the packet the way the v5 specification describes it; every failure is invalid_packet with a
    // message naming what was wrong. maxDepth bounds array/object nesting of the payload (checked before the
    // JSON parser runs, so hostile input cannot make it recurse deeply).
    static Result<SocketPacket> decode(QStringView text, int maxDepth = 32);
    // Only what precedes the payload (type, attachments, namespace, ack id), checked as decode() checks it; the
    // payload is neither parsed nor kept. Lets a receiver answer the ack of a packet whose payload it refuses.
    static Result<SocketPacket> decodeHead(QStringView text);

    QString eventName() const;        // data[0] of an EVENT whose first element is a string, else empty
    QJsonValue eventArg(int i) const; // data[i + 1], Undefined if missing

    static QString event(const QString &name, const QJsonValue &payload, qint64 ackId = -1); // namespace "/"
    static QString ack(qint64 id, const QJsonValue &payload);                               // namespace "/"
};

} // namespace Banter::Protocol
