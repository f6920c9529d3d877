#include "realtime/engine/WebSocketFrameReader.h"

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

// Well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF, nothing cut off.
bool isUtf8(QByteArrayView bytes)
{
    const auto *p = reinterpret_cast<const quint8 *>(bytes.data());
    const qsizetype n = bytes.size();
    qsizetype i = 0;
    while (i < n) {
        const quint8 c = p[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        int len = 0;
        quint8 lo = 0x80, hi = 0xBF; // allowed range of the second byte
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0)
                lo = 0xA0; // overlong
            else if (c == 0xED)
                hi = 0x9F; // surrogates
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0)
                lo = 0x90; // overlong
            else if (c == 0xF4)
                hi = 0x8F; // above U+10FFFF
        } else {
            return false;
        }
        if (n - i < len || p[i + 1] < lo || p[i + 1] > hi)
            return false;
        for (int k = 2; k < len; ++k)
            if ((p[i + k] & 0xC0) != 0x80)
                return false;
        i += len;
    }
    return true;
}

// The codes a peer may put in a close frame (RFC 6455 §7.4.1 and the IANA registry; 1004-1006 and 1015 are
// reserved for local use, 1012-1014 were registered later).
bool closeCodeAllowed(quint16 code)
{
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
}

} // namespace

bool WebSocketFrameReader::fail(quint16 code, QString reason)
{
    m_failure = Failure{code, std::move(reason)};
    m_buffer.clear();
    m_fragments.clear();
    return false;
}

bool WebSocketFrameReader::finishMessage(Kind kind, QByteArray payload, QList<Message> &out)
{
    if (kind == Kind::Text && !isUtf8(payload))
        return fail(1007, u"text message is not valid UTF-8"_s);
    out.append(Message{kind, std::move(payload), 0});
    return true;
}

bool WebSocketFrameReader::feed(QByteArrayView data, QList<Message> &out)
{
    if (m_failure)
        return false;
    // Frames are parsed where they are: in data itself when nothing is left over from before (the usual case,
    // no copy), else in m_buffer with data behind it. Only an incomplete frame's bytes are kept.
    if (!m_buffer.isEmpty())
        m_buffer.append(data);
    const QByteArrayView in = m_buffer.isEmpty() ? data : QByteArrayView(m_buffer);
    qsizetype pos = 0;
    const auto byte = [&in](qsizetype i) { return quint8(in.at(i)); };
    while (in.size() - pos >= 2) {
        const quint8 b0 = byte(pos);
        const quint8 b1 = byte(pos + 1);
        const bool fin = b0 & 0x80;
        const int opcode = b0 & 0x0F;
        if (b0 & 0x70)
            return fail(1002, u"reserved bits set (no extension was negotiated)"_s);
        if (!(b1 & 0x80))
            return fail(1002, u"client frames must be masked"_s);
        const bool control = opcode & 0x08;
        if (control ? opcode > 0x0A : opcode > 0x02)
            return fail(1002, u"unknown opcode %1"_s.arg(opcode));
        quint64 length = b1 & 0x7F;
        qsizetype header = 2;
        if (length == 126) {
            if (in.size() - pos < 4)
                break;
            length = (quint64(byte(pos + 2)) << 8) | byte(pos + 3);
            header = 4;
        } else if (length == 127) {
            if (in.size() - pos < 10)
                break;
            length = 0;
            for (int i = 0; i < 8; ++i)
                length = (length << 8) | byte(pos + 2 + i);
            if (length >> 63)
                return fail(1002, u"frame length has its most significant bit set"_s);
            header = 10;
        }
        header += 4; // masking key
        if (control) {
            if (!fin)
                return fail(1002, u"control frames cannot be fragmented"_s);
            if (length > 125)
                return fail(1002, u"control frame payload over 125 bytes"_s);
        } else if (opcode == 0 && !m_fragmentedKind) {
            return fail(1002, u"continuation frame without a message to continue"_s);
        } else if (opcode != 0 && m_fragmentedKind) {
            return fail(1002, u"new data message inside a fragmented one"_s);
        }
        // Judged from the header, before the payload is buffered: a peer cannot make us hold more than this.
        if (!control && quint64(m_fragments.size()) + length > quint64(m_maxMessageBytes))
            return fail(1009, u"message over %1 bytes"_s.arg(m_maxMessageBytes));
        if (quint64(in.size() - pos) < quint64(header) + length)
            break;
        const char *mask = in.data() + pos + header - 4;
        QByteArray payload(in.data() + pos + header, qsizetype(length));
        char *p = payload.data();
        for (qsizetype i = 0; i < payload.size(); ++i)
            p[i] = char(p[i] ^ mask[i & 3]);
        pos += header + qsizetype(length);

        switch (opcode) {
        case 0x8: {
            Message close{Kind::Close, {}, 1005};
            if (payload.size() == 1)
                return fail(1002, u"close frame with a one-byte payload"_s);
            if (payload.size() >= 2) {
                close.closeCode = quint16((quint8(payload[0]) << 8) | quint8(payload[1]));
                if (!closeCodeAllowed(close.closeCode))
                    return fail(1002, u"close code %1 may not be sent"_s.arg(close.closeCode));
                close.payload = payload.mid(2);
                if (!isUtf8(close.payload))
                    return fail(1007, u"close reason is not valid UTF-8"_s);
            }
            out.append(std::move(close));
            break;
        }
        case 0x9:
            out.append(Message{Kind::Ping, std::move(payload), 0});
            break;
        case 0xA:
            out.append(Message{Kind::Pong, std::move(payload), 0});
            break;
        default: {
            const Kind kind = opcode == 0 ? *m_fragmentedKind : opcode == 1 ? Kind::Text : Kind::Binary;
            if (fin && opcode != 0) {
                if (!finishMessage(kind, std::move(payload), out))
                    return false;
            } else {
                m_fragmentedKind = kind;
                m_fragments.append(payload);
                if (fin) {
                    QByteArray whole;
                    whole.swap(m_fragments);
                    m_fragmentedKind.reset();
                    if (!finishMessage(kind, std::move(whole), out))
                        return false;
                }
            }
        }
        }
    }
    if (in.data() == m_buffer.constData() && !m_buffer.isEmpty()) {
        if (pos == m_buffer.size())
            m_buffer = QByteArray(); // an idle connection keeps no buffer
        else
            m_buffer.remove(0, pos);
    } else if (pos < in.size()) {
        m_buffer = in.sliced(pos).toByteArray();
    }
    return true;
}

} // namespace Banter::Server
