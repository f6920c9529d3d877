// The WebSocket frame reader (WebSocketFrameReader), which sees every byte a WebSocket client sends. It is
// incremental: what it delivers and how it fails may not depend on how the stream is split into reads.
//
// The first input byte chooses the message limit (bit 0: 64 bytes, else 4096) and seeds the split; the rest is
// the byte stream.
#include "FuzzSupport.h"

#include "realtime/engine/WebSocketFrameReader.h"

#include <QString>

using namespace Banter::Server;
using Kind = WebSocketFrameReader::Kind;

namespace {

struct Outcome
{
    QList<WebSocketFrameReader::Message> messages;
    int failure = 0;
    qint64 buffered = 0;
};

Outcome feedInPieces(qint64 max, QByteArrayView stream, quint32 seed, qsizetype fixed = 0)
{
    WebSocketFrameReader reader(max);
    Outcome o;
    qsizetype i = 0;
    while (i < stream.size()) {
        seed = seed * 1103515245u + 12345u;
        const quint32 r = seed >> 16;
        const qsizetype size = fixed ? fixed : qMin<qsizetype>((r % 8 == 0) ? 1 + r % 4096 : 1 + r % 32, stream.size() - i);
        if (!reader.feed(stream.sliced(i, qMin(size, stream.size() - i)), o.messages))
            break;
        i += size;
    }
    o.failure = reader.failure() ? reader.failure()->closeCode : 0;
    o.buffered = reader.bufferedBytes();
    return o;
}

void checkSame(const Outcome &a, const Outcome &b)
{
    BANTER_FUZZ_CHECK(a.failure == b.failure);
    BANTER_FUZZ_CHECK(a.messages.size() == b.messages.size());
    for (qsizetype i = 0; i < a.messages.size(); ++i) {
        BANTER_FUZZ_CHECK(a.messages[i].kind == b.messages[i].kind);
        BANTER_FUZZ_CHECK(a.messages[i].payload == b.messages[i].payload);
        BANTER_FUZZ_CHECK(a.messages[i].closeCode == b.messages[i].closeCode);
    }
}

// A client frame carrying m, masked with a fixed key.
QByteArray encode(const WebSocketFrameReader::Message &m)
{
    int opcode = 1;
    QByteArray payload = m.payload;
    switch (m.kind) {
    case Kind::Text: opcode = 1; break;
    case Kind::Binary: opcode = 2; break;
    case Kind::Ping: opcode = 9; break;
    case Kind::Pong: opcode = 10; break;
    case Kind::Close:
        opcode = 8;
        if (m.closeCode != 1005)
            payload = QByteArray(1, char(m.closeCode >> 8)) + char(m.closeCode & 0xFF) + m.payload;
        break;
    }
    QByteArray f(1, char(0x80 | opcode));
    const qsizetype n = payload.size();
    if (n < 126) {
        f.append(char(0x80 | n));
    } else {
        f.append(char(0x80 | 127));
        for (int shift = 56; shift >= 0; shift -= 8)
            f.append(char((quint64(n) >> shift) & 0xFF));
    }
    const char key[4] = {0x5a, 0x01, char(0xc3), 0x7e};
    f.append(key, 4);
    for (qsizetype i = 0; i < n; ++i)
        f.append(char(payload[i] ^ key[i & 3]));
    return f;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    const qint64 max = (data[0] & 1) ? 64 : 4096;
    const QByteArrayView stream(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));

    const Outcome whole = feedInPieces(max, stream, data[0], stream.size() + 1);
    BANTER_FUZZ_CHECK(whole.failure == 0 || whole.failure == 1002 || whole.failure == 1007 || whole.failure == 1009);
    // What a client can make us hold: at most one frame in progress and one fragmented message.
    BANTER_FUZZ_CHECK(whole.buffered <= 2 * (max + 14));
    for (const auto &m : whole.messages) {
        if (m.kind == Kind::Text || m.kind == Kind::Binary)
            BANTER_FUZZ_CHECK(m.payload.size() <= max);
        else
            BANTER_FUZZ_CHECK(m.payload.size() <= 125);
        if (m.kind == Kind::Text || m.kind == Kind::Close)
            BANTER_FUZZ_CHECK(QString::fromUtf8(m.payload).toUtf8() == m.payload); // valid UTF-8 only
    }
    checkSame(whole, feedInPieces(max, stream, data[0], 1));
    checkSame(whole, feedInPieces(max, stream, data[0]));

    // Every delivered message, framed again by a client, reads back the same.
    QByteArray again;
    for (const auto &m : whole.messages)
        again += encode(m);
    Outcome round = feedInPieces(max, again, 0, again.size() + 1);
    BANTER_FUZZ_CHECK(round.failure == 0);
    whole.failure == 0 ? checkSame(whole, round) : checkSame(Outcome{whole.messages, 0, 0}, round);
    return 0;
}
