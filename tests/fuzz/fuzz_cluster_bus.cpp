// What arrives on Valkey (issue #14): banterd's own bus messages (BusMessage::decode, banter:bus) and what other
// programs publish with @socket.io/redis-emitter (EmitterBridge::translate, msgpack). Both come from the network;
// neither may crash, hang or let through a packet that names nobody. The first byte picks the decoder.
#include "FuzzSupport.h"

#include "bus/BusMessage.h"
#include "bus/EmitterBridge.h"

using namespace Banter::Server;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const QByteArray bytes(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    if (data[0] & 1) {
        const auto packets = EmitterBridge::translate(bytes);
        if (const auto *list = std::get_if<QList<Outgoing>>(&packets)) {
            BANTER_FUZZ_CHECK(!list->isEmpty());
            for (const Outgoing &o : *list) {
                BANTER_FUZZ_CHECK(o.to == Outgoing::To::Users || o.to == Outgoing::To::Joined);
                BANTER_FUZZ_CHECK(o.to != Outgoing::To::Users || !o.userIds.isEmpty());
                BANTER_FUZZ_CHECK(o.to != Outgoing::To::Joined || o.conversationId > 0);
                BANTER_FUZZ_CHECK(o.packet.startsWith(QStringLiteral("42[")));
                BANTER_FUZZ_CHECK(o.seq == 0);
            }
        }
        return 0;
    }
    if (const auto m = BusMessage::decode(bytes)) {
        // What decodes encodes to the same bytes (nothing is read that is not written).
        BANTER_FUZZ_CHECK(BusMessage::decode(m->encode()).has_value());
        BANTER_FUZZ_CHECK(m->batch.size() <= BusMessage::MaxBatch);
    }
    return 0;
}
