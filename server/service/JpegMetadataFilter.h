#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace Banter::Server {

// Removes the APP1 segments (EXIF and XMP: GPS position, camera, time) from a JPEG as it streams through;
// anything that is not a JPEG passes unchanged. Works on any split of the stream; holds at most one segment
// (64 KiB) back. The image data after the start of scan is never touched.
class JpegMetadataFilter
{
public:
    QByteArray feed(QByteArrayView data);
    QByteArray finish();

private:
    QByteArray drain();

    enum class Mode { Unknown, Segments, PassThrough };
    Mode m_mode = Mode::Unknown;
    QByteArray m_pending;
};

} // namespace Banter::Server
