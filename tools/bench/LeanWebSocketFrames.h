#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

// RFC 6455 framing for LeanSocketPool, nothing more: client frames out (always masked), server frames in
// (never masked). Fragmented messages are not supported: a frame without FIN, a continuation frame or a masked
// server frame is Invalid, and the caller drops that socket.
class LeanWebSocketFrames
{
public:
    enum Opcode : std::uint8_t { Continuation = 0x0, Text = 0x1, Binary = 0x2, Close = 0x8, Ping = 0x9, Pong = 0xA };
    enum class Parse { NeedMore, Frame, Invalid };

    struct Frame
    {
        std::uint8_t opcode = 0;
        std::string_view payload; // points into the parsed buffer
    };

    // Largest server frame accepted (banterd's own limit is 64 KiB by default).
    static constexpr std::uint64_t MaxPayload = 1u << 20;

    // Appends one masked frame with FIN set.
    static void appendMasked(std::string &out, std::uint8_t opcode, std::string_view payload, std::uint32_t maskKey);

    // Reads one frame from the front of data. On Frame, consumed is its length on the wire.
    static Parse parse(std::string_view data, Frame &frame, std::size_t &consumed);
};
