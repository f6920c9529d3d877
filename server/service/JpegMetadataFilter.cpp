#include "service/JpegMetadataFilter.h"

namespace Banter::Server {

QByteArray JpegMetadataFilter::feed(QByteArrayView data)
{
    if (m_mode == Mode::PassThrough)
        return data.toByteArray();
    m_pending.append(data);
    return drain();
}

QByteArray JpegMetadataFilter::finish()
{
    m_mode = Mode::PassThrough;
    return std::exchange(m_pending, {});
}

QByteArray JpegMetadataFilter::drain()
{
    QByteArray out;
    if (m_mode == Mode::Unknown) {
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

} // namespace Banter::Server
