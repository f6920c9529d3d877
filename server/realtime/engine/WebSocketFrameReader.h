#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace Banter::Server {

// RFC 6455 framing, the server's reading side, without I/O: bytes in, whole messages out. Everything a client
// may not send is a failure with the close code to answer: an unmasked frame, reserved bits (no extensions
// are negotiated), an unknown opcode, a fragmented or oversized control frame, a continuation without a
// start, a new message inside a fragmented one, a 64-bit length with its top bit set, a message over the
// limit (checked from the header, before any payload is buffered), text or a close reason that is not UTF-8,
// a close code no one may send. After a failure the reader takes nothing more.
class WebSocketFrameReader
{
public:
    enum class Kind { Text, Binary, Ping, Pong, Close };
    struct Message
    {
        Kind kind = Kind::Text;
        QByteArray payload;   // unmasked; for Close: the reason (UTF-8)
        quint16 closeCode = 0; // Close only; 1005 when the frame had no code
    };
    struct Failure
    {
        quint16 closeCode = 1002;
        QString reason;
    };

    explicit WebSocketFrameReader(qint64 maxMessageBytes) : m_maxMessageBytes(maxMessageBytes) {}

    // Appends data and moves every message it completes to out, in order. False once failed (failure() says
    // why); messages completed before the failing frame are still in out.
    bool feed(QByteArrayView data, QList<Message> &out);
    const std::optional<Failure> &failure() const { return m_failure; }
    qint64 bufferedBytes() const { return m_buffer.size() + m_fragments.size(); }

private:
    bool fail(quint16 code, QString reason);
    bool finishMessage(Kind kind, QByteArray payload, QList<Message> &out);

    qint64 m_maxMessageBytes;
    QByteArray m_buffer;      // bytes of frames not complete yet
    QByteArray m_fragments;   // payload of the fragmented data message in progress
    std::optional<Kind> m_fragmentedKind;
    std::optional<Failure> m_failure;
};

} // namespace Banter::Server
