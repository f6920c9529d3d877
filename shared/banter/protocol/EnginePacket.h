#pragma once

#include "banter/Result.h"

#include <QString>

namespace Banter::Protocol {

// Engine.IO v4 packet types; on the wire each is one character, '0'..'6'.
enum class EngineType { Open, Close, Ping, Pong, Message, Upgrade, Noop };

// One Engine.IO v4 packet. Over the WebSocket transport one text frame carries exactly one packet, so there is
// no length prefix or record separator to deal with here (those belong to HTTP long-polling, which Banter
// does not serve).
struct EnginePacket
{
    EngineType type = EngineType::Noop;
    QString data; // everything after the type character

    QString encode() const;
    static Result<EnginePacket> decode(const QString &frame);
};

} // namespace Banter::Protocol
