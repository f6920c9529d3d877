#include "service/ImageMetadataFilter.h"

namespace Banter::Server {

QByteArray ImageMetadataFilter::feed(QByteArrayView data)
{
    if (m_mode == Mode::PassThrough)
        return data.toByteArray();
    m_pending.append(data);
    return drain();
}

QByteArray ImageMetadataFilter::finish()
{
    m_mode = Mode::PassThrough;
    return std::exchange(m_pending, {});
}

QByteArray ImageMetadataFilter::drain()
{
    QByteArray out;
    if (m_mode == Mode::PngChunks)
        return drainPng();
    if (m_mode == Mode::Unknown) {
        static const QByteArray pngSignature("\x89PNG\r\n\x1a\n", 8);
        if (m_pending.size() < 8 && pngSignature.startsWith(m_pending))
            return out; // could still be a PNG
        if (m_pending.startsWith(pngSignature)) {
            out = m_pending.first(8);
            m_pending.remove(0, 8);
            m_mode = Mode::PngChunks;
            return out + drainPng();
        }
        if (m_pending.size() < 3)
            return out;
        const bool jpeg = quint8(m_pending[0]) == 0xFF && quint8(m_pending[1]) == 0xD8 && quint8(m_pending[2]) == 0xFF;
        if (!jpeg) {
            m_mode = Mode::PassThrough;
            return std::exchange(m_pending, {});
        }
        out.append(m_pending.first(2)); // SOI
        m_pending.remove(0, 2);
        m_mode = Mode::Segments;
    }
    while (m_mode == Mode::Segments) {
        if (m_pending.size() < 2)
            break;
        if (quint8(m_pending[0]) != 0xFF) { // not a marker where one belongs: leave the rest as it is
            m_mode = Mode::PassThrough;
            break;
        }
        const quint8 marker = quint8(m_pending[1]);
        if (marker == 0xFF) { // fill byte
            out.append(m_pending[0]);
            m_pending.remove(0, 1);
            continue;
        }
        if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) { // no length
            out.append(m_pending.first(2));
            m_pending.remove(0, 2);
            continue;
        }
        if (marker == 0xDA || marker == 0xD9) { // start of scan (image data) or end: the rest is untouched
            m_mode = Mode::PassThrough;
            break;
        }
        if (m_pending.size() < 4)
            break;
        const int length = (quint8(m_pending[2]) << 8) | quint8(m_pending[3]);
        if (length < 2) {
            m_mode = Mode::PassThrough;
            break;
        }
        if (m_pending.size() < 2 + length)
            break;
        if (marker != 0xE1) // APP1: EXIF or XMP, dropped
            out.append(m_pending.first(2 + length));
        m_pending.remove(0, 2 + length);
    }
    if (m_mode == Mode::PassThrough)
        out.append(std::exchange(m_pending, {}));
    return out;
}

// PNG: length (4), type (4), data, CRC (4) per chunk. Chunks carrying metadata are left out whole.
QByteArray ImageMetadataFilter::drainPng()
{
    QByteArray out;
    while (!m_pending.isEmpty()) {
        if (m_pass > 0) {
            const qint64 n = qMin<qint64>(m_pass, m_pending.size());
            out.append(m_pending.first(qsizetype(n)));
            m_pending.remove(0, qsizetype(n));
            m_pass -= n;
            continue;
        }
        if (m_skip > 0) {
            const qint64 n = qMin<qint64>(m_skip, m_pending.size());
            m_pending.remove(0, qsizetype(n));
            m_skip -= n;
            continue;
        }
        if (m_pending.size() < 8)
            break;
        const qint64 length = (qint64(quint8(m_pending[0])) << 24) | (quint8(m_pending[1]) << 16)
                              | (quint8(m_pending[2]) << 8) | quint8(m_pending[3]);
        const QByteArray type = m_pending.mid(4, 4);
        const bool metadata = type == "eXIf" || type == "tEXt" || type == "zTXt" || type == "iTXt";
        if (metadata) {
            m_skip = length + 12;
        } else {
            m_pass = length + 12;
        }
    }
    return out;
}

} // namespace Banter::Server
