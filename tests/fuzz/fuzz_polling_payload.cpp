// Engine.IO long-polling payloads (a POST body: packets joined with 0x1E, binary as 'b' + base64), as
// PollingTransport::receive decodes them.
#include "FuzzSupport.h"

#include <banter/ErrorCode.h>
#include <banter/protocol/PollingPayload.h>

using namespace Banter;
using namespace Banter::Protocol;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray body = Fuzz::bytes(data, size);
    const auto packets = PollingPayload::decode(body, 64);
    if (!packets) {
        BANTER_FUZZ_CHECK(packets.error().code == ErrorCode::InvalidPacket);
        BANTER_FUZZ_CHECK(!packets.error().message.isEmpty());
        return 0;
    }
    BANTER_FUZZ_CHECK(!packets->isEmpty() && packets->size() <= 64);
    for (const auto &p : packets.value()) {
        if (p.binary)
            continue;
        // What EngineSession relies on: a text packet has a type character 0-6.
        BANTER_FUZZ_CHECK(!p.text.isEmpty() && p.text.front() >= u'0' && p.text.front() <= u'6');
    }
    // Encoding what was decoded decodes to the same packets (base64 padding may be normalised on the way).
    const auto again = PollingPayload::decode(PollingPayload::encode(packets.value()), 64);
    BANTER_FUZZ_CHECK(again.ok() && again->size() == packets->size());
    for (qsizetype i = 0; i < again->size(); ++i) {
        const auto &a = again->at(i);
        const auto &b = packets->at(i);
        BANTER_FUZZ_CHECK(a.binary == b.binary && a.text == b.text && a.data == b.data);
    }
    return 0;
}
