// Engine.IO v4 packet decoder (one WebSocket text frame = one packet), as SocketWorker::onText uses it.
#include "FuzzSupport.h"

#include <banter/ErrorCode.h>
#include <banter/protocol/EnginePacket.h>

using namespace Banter;
using namespace Banter::Protocol;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QString frame = Fuzz::utf8(data, size);
    const auto packet = EnginePacket::decode(frame);
    if (!packet) {
        BANTER_FUZZ_CHECK(packet.error().code == ErrorCode::InvalidPacket);
        BANTER_FUZZ_CHECK(!packet.error().message.isEmpty());
        return 0;
    }
    const int type = int(packet->type);
    BANTER_FUZZ_CHECK(type >= int(EngineType::Open) && type <= int(EngineType::Noop));
    // A frame holds exactly one packet: nothing is lost or added, so encoding gives the frame back.
    BANTER_FUZZ_CHECK(packet->encode() == frame);
    BANTER_FUZZ_CHECK(packet->data.size() == frame.size() - 1);
    return 0;
}
