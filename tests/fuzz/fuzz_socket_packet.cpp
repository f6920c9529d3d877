// Socket.IO v5 packet decoder (the text inside an Engine.IO MESSAGE), as SocketWorker::onSocketPacket uses it.
#include "FuzzSupport.h"

#include <banter/ErrorCode.h>
#include <banter/protocol/BinaryPacket.h>
#include <banter/protocol/SocketPacket.h>

#include <QJsonArray>

using namespace Banter;
using namespace Banter::Protocol;

namespace {

bool isBinary(SocketType type)
{
    return type == SocketType::BinaryEvent || type == SocketType::BinaryAck;
}

// What the worker relies on once decode() said yes.
void checkInvariants(const SocketPacket &p)
{
    BANTER_FUZZ_CHECK(int(p.type) >= int(SocketType::Connect) && int(p.type) <= int(SocketType::BinaryAck));
    BANTER_FUZZ_CHECK(p.nsp.startsWith(u'/') && p.nsp.size() <= SocketPacket::MaxNamespaceLength);
    BANTER_FUZZ_CHECK(p.id >= -1 && p.id < 1'000'000'000'000'000LL);
    if (isBinary(p.type))
        BANTER_FUZZ_CHECK(p.attachments >= 1 && p.attachments <= SocketPacket::MaxAttachments);
    else
        BANTER_FUZZ_CHECK(p.attachments == 0);
    switch (p.type) {
    case SocketType::Connect:
        BANTER_FUZZ_CHECK(p.data.isUndefined() || p.data.isObject());
        break;
    case SocketType::Disconnect:
        BANTER_FUZZ_CHECK(p.data.isUndefined());
        break;
    case SocketType::ConnectError:
        BANTER_FUZZ_CHECK(p.data.isObject());
        break;
    case SocketType::Event:
    case SocketType::BinaryEvent:
        BANTER_FUZZ_CHECK(p.data.isArray() && p.data.toArray().at(0).isString());
        BANTER_FUZZ_CHECK(p.eventName() == p.data.toArray().at(0).toString());
        break;
    case SocketType::Ack:
    case SocketType::BinaryAck:
        BANTER_FUZZ_CHECK(p.id >= 0 && p.data.isArray());
        break;
    }
    for (int i = -1; i < 3; ++i)
        (void)p.eventArg(i);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const auto packet = SocketPacket::decode(Fuzz::utf8(data, size));
    if (!packet) {
        BANTER_FUZZ_CHECK(packet.error().code == ErrorCode::InvalidPacket);
        BANTER_FUZZ_CHECK(!packet.error().message.isEmpty());
        return 0;
    }
    const SocketPacket &p = packet.value();
    checkInvariants(p);
    if (isBinary(p.type)) {
        // The assembler takes any decoded head, or refuses it as invalid_packet; taken, it completes after exactly
        // `attachments` binary messages.
        BinaryAssembler assembler({});
        if (auto begun = assembler.begin(p); !begun) {
            BANTER_FUZZ_CHECK(begun.error().code == ErrorCode::InvalidPacket);
        } else {
            for (int i = 0; i < p.attachments; ++i) {
                auto added = assembler.add(QByteArray(1, char(i)));
                BANTER_FUZZ_CHECK(added.ok());
                BANTER_FUZZ_CHECK(added->has_value() == (i + 1 == p.attachments));
            }
            BANTER_FUZZ_CHECK(!assembler.expecting());
        }
    }

    // encode() is decode()'s inverse: what the server decoded, it can say again (acks, relays) and a peer reads
    // the same packet back; encoding that gives the same text (a fixed point).
    const QString encoded = p.encode();
    const auto again = SocketPacket::decode(encoded);
    BANTER_FUZZ_CHECK(again.ok());
    BANTER_FUZZ_CHECK(again->type == p.type);
    BANTER_FUZZ_CHECK(again->nsp == p.nsp);
    BANTER_FUZZ_CHECK(again->id == p.id);
    BANTER_FUZZ_CHECK(again->attachments == p.attachments);
    BANTER_FUZZ_CHECK(again->data == p.data);
    BANTER_FUZZ_CHECK(again->encode() == encoded);
    return 0;
}
