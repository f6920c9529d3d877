#include "realtime/engine/WebSocketFrameWriter.h"

namespace Banter::Server::WebSocketFrameWriter {

QByteArray frame(Opcode opcode, QByteArrayView payload)
{
    const qsizetype n = payload.size();
    QByteArray out;
    out.reserve(n + 10);
    out.append(char(0x80 | quint8(opcode)));
    if (n < 126) {
        out.append(char(n));
    } else if (n <= 0xFFFF) {
        out.append(char(126));
        out.append(char((n >> 8) & 0xFF));
        out.append(char(n & 0xFF));
    } else {
        out.append(char(127));
        for (int shift = 56; shift >= 0; shift -= 8)
            out.append(char((quint64(n) >> shift) & 0xFF));
    }
    out.append(payload);
    return out;
}

QByteArray close(quint16 code, QByteArrayView reason)
{
    qsizetype n = qMin<qsizetype>(reason.size(), 123);
    // Not in the middle of a UTF-8 sequence: back up over continuation bytes (10xxxxxx) and the lead byte.
    if (n < reason.size()) {
        while (n > 0 && (quint8(reason[n]) & 0xC0) == 0x80)
            --n;
    }
    QByteArray payload;
    payload.append(char(code >> 8));
    payload.append(char(code & 0xFF));
    payload.append(reason.first(n));
    return frame(Opcode::Close, payload);
}

} // namespace Banter::Server::WebSocketFrameWriter
