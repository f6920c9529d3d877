#pragma once

#include "banter/Result.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace Banter::Protocol {

// The body of an Engine.IO v4 HTTP long-polling request or response: packets joined with the record
// separator 0x1E; a text packet as it is ("4hello"), a binary one as 'b' followed by its base64 ("bAQID").
struct PollingPayload
{
    struct Packet
    {
        bool binary = false;
        QString text;    // text packets: the whole Engine.IO packet, type character included
        QByteArray data; // binary packets: the bytes

        static Packet ofText(QString t) { return {false, std::move(t), {}}; }
        static Packet ofBinary(QByteArray d) { return {true, {}, std::move(d)}; }
        // The bytes it takes in an encoded payload (UTF-8 text; 'b' and base64), separator excluded.
        qsizetype encodedSize() const;
    };

    static constexpr char Separator = '\x1e';

    // Every packet or invalid_packet: an empty packet, a text packet whose type is not 0-6, bad base64, text
    // that is not UTF-8, or more than
    // maxPackets packets. The body's size is the caller's to bound (maxPayload) before it gets here.
    static Result<QList<Packet>> decode(QByteArrayView body, int maxPackets = 1000);
    static QByteArray encode(const QList<Packet> &packets);
};

} // namespace Banter::Protocol
