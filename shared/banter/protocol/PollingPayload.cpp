#include "banter/protocol/PollingPayload.h"

#include <QStringDecoder>

using namespace Qt::StringLiterals;

namespace Banter::Protocol {

namespace {

bool isBase64(QByteArrayView s)
{
    if (s.isEmpty() || s.size() % 4 == 1)
        return false;
    qsizetype padding = 0;
    for (qsizetype i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '=') {
            ++padding;
            continue;
        }
        if (padding > 0) // nothing after padding
            return false;
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/'))
            return false;
    }
    return padding <= 2 && (padding == 0 || s.size() % 4 == 0);
}

} // namespace

qsizetype PollingPayload::Packet::encodedSize() const
{
    if (binary)
        return 1 + (data.size() + 2) / 3 * 4;
    qsizetype bytes = 0;
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        bytes += u < 0x80 ? 1 : u < 0x800 ? 2 : QChar::isSurrogate(u) ? 2 : 3; // a surrogate pair is 4 bytes
    }
    return bytes;
}

Result<QList<PollingPayload::Packet>> PollingPayload::decode(QByteArrayView body, int maxPackets)
{
    QList<Packet> packets;
    if (body.isEmpty())
        return makeError(ErrorCode::InvalidPacket, u"empty payload"_s);
    qsizetype start = 0;
    while (start <= body.size()) {
        qsizetype end = body.indexOf(Separator, start);
        if (end < 0)
            end = body.size();
        const QByteArrayView part = body.sliced(start, end - start);
        if (part.isEmpty())
            return makeError(ErrorCode::InvalidPacket, u"empty packet in the payload"_s);
        if (packets.size() >= maxPackets)
            return makeError(ErrorCode::InvalidPacket, u"more than %1 packets in one payload"_s.arg(maxPackets));
        if (part.front() == 'b') {
            const QByteArrayView encoded = part.sliced(1);
            if (!isBase64(encoded))
                return makeError(ErrorCode::InvalidPacket, u"a binary packet that is not base64"_s);
            packets.append(Packet::ofBinary(QByteArray::fromBase64(encoded.toByteArray())));
        } else {
            if (part.front() < '0' || part.front() > '6')
                return makeError(ErrorCode::InvalidPacket, u"a packet of unknown type (expected 0 to 6)"_s);
            QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
            QString text = utf8.decode(part);
            if (utf8.hasError())
                return makeError(ErrorCode::InvalidPacket, u"a text packet that is not UTF-8"_s);
            packets.append(Packet::ofText(std::move(text)));
        }
        start = end + 1;
    }
    return packets;
}

QByteArray PollingPayload::encode(const QList<Packet> &packets)
{
    QByteArray out;
    for (const Packet &p : packets) {
        if (!out.isEmpty())
            out.append(Separator);
        if (p.binary) {
            out.append('b');
            out.append(p.data.toBase64());
        } else {
            out.append(p.text.toUtf8());
        }
    }
    return out;
}

} // namespace Banter::Protocol
