#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace Banter::Server {

// RFC 6455 framing, the server's writing side: whole, unfragmented, unmasked frames (servers never mask).
namespace WebSocketFrameWriter {

enum class Opcode : quint8 { Text = 0x1, Binary = 0x2, Close = 0x8, Ping = 0x9, Pong = 0xA };

QByteArray frame(Opcode opcode, QByteArrayView payload);
// A close frame: the code, then the reason cut to what fits in a control frame (123 bytes, on a UTF-8
// character boundary).
QByteArray close(quint16 code, QByteArrayView reason);

} // namespace WebSocketFrameWriter
} // namespace Banter::Server
