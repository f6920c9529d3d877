#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace Banter::Server {

// Removes where photos keep their metadata (GPS position, camera, time) as an upload streams through: the APP1
// segments (EXIF, XMP) of a JPEG, and the eXIf, tEXt, zTXt and iTXt chunks (EXIF, XMP, text) of a PNG; anything
// else passes unchanged. Works on any split of the stream with flat memory: it holds back at most one JPEG header
// segment (64 KiB) or one PNG chunk header. Image data is never touched.
class ImageMetadataFilter
{
public:
    QByteArray feed(QByteArrayView data);
    QByteArray finish();

private:
    QByteArray drain();

    QByteArray drainPng();

    enum class Mode { Unknown, Segments, PngChunks, PassThrough };
    Mode m_mode = Mode::Unknown;
    QByteArray m_pending;
    qint64 m_pass = 0; // PNG: bytes of the current chunk still to copy
    qint64 m_skip = 0; // PNG: bytes of the current (dropped) chunk still to leave out
};

} // namespace Banter::Server
