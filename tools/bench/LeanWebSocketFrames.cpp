#include "LeanWebSocketFrames.h"

void LeanWebSocketFrames::appendMasked(std::string &out, std::uint8_t opcode, std::string_view payload,
                                       std::uint32_t maskKey)
{
    const std::uint64_t length = payload.size();
    out.push_back(char(0x80 | opcode));
    if (length < 126) {
        out.push_back(char(0x80 | length));
    } else if (length <= 0xFFFF) {
        out.push_back(char(0x80 | 126));
        out.push_back(char(length >> 8));
        out.push_back(char(length & 0xFF));
    } else {
        out.push_back(char(0x80 | 127));
        for (int shift = 56; shift >= 0; shift -= 8)
            out.push_back(char((length >> shift) & 0xFF));
    }
    const unsigned char mask[4] = {std::uint8_t(maskKey >> 24), std::uint8_t(maskKey >> 16), std::uint8_t(maskKey >> 8),
                                   std::uint8_t(maskKey)};
    out.append(reinterpret_cast<const char *>(mask), 4);
    const std::size_t start = out.size();
    out.append(payload);
    for (std::size_t i = 0; i < payload.size(); ++i)
        out[start + i] = char(std::uint8_t(out[start + i]) ^ mask[i & 3]);
}

LeanWebSocketFrames::Parse LeanWebSocketFrames::parse(std::string_view data, Frame &frame, std::size_t &consumed)
{
    if (data.size() < 2)
        return Parse::NeedMore;
    const auto byte = [&](std::size_t i) { return std::uint8_t(data[i]); };
    const bool fin = byte(0) & 0x80;
    const std::uint8_t opcode = byte(0) & 0x0F;
    if ((byte(0) & 0x70) != 0 || !fin || opcode == Continuation || (byte(1) & 0x80) != 0)
        return Parse::Invalid; // reserved bits, fragmentation, or a masked frame from the server
    if (opcode != Text && opcode != Binary && opcode != Close && opcode != Ping && opcode != Pong)
        return Parse::Invalid;
    std::uint64_t length = byte(1) & 0x7F;
    std::size_t header = 2;
    if (length == 126) {
        if (data.size() < 4)
            return Parse::NeedMore;
        length = (std::uint64_t(byte(2)) << 8) | byte(3);
        header = 4;
    } else if (length == 127) {
        if (data.size() < 10)
            return Parse::NeedMore;
        length = 0;
        for (std::size_t i = 2; i < 10; ++i)
            length = (length << 8) | byte(i);
        header = 10;
    }
    if (length > MaxPayload || (opcode >= Close && length > 125))
        return Parse::Invalid;
    if (data.size() - header < length)
        return Parse::NeedMore;
    frame.opcode = opcode;
    frame.payload = data.substr(header, std::size_t(length));
    consumed = header + std::size_t(length);
    return Parse::Frame;
}
