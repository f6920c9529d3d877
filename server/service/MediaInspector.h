#pragma once

#include "storage/BlobStore.h"

#include <banter/Result.h>

#include <QByteArray>
#include <QString>

namespace Banter::Server {

struct ImageLimits
{
    qint64 maxPixels = 100'000'000; // larger images are refused (a decompression bomb fails cleanly)
    int allocationLimitMb = 512;    // QImageReader's limit for one decoded image
    int thumbnailEdge = 320;
};

struct ImageFacts
{
    int width = 0;
    int height = 0;
    QByteArray thumbnailPng;
};

// What an upload is, from its content: the type the server stores and serves (the client's claim is kept only
// when the content agrees with it), and for images their size and a thumbnail. Pure and thread-safe; the image
// part reads the whole blob, so it runs on a worker thread.
class MediaInspector
{
public:
    // Errors: unsupported_media_type (content that contradicts a claimed image, audio or video type, e.g. HTML
    // or SVG posing as a PNG), validation_failed (a claimed type that is not a MIME type).
    static Result<QString> contentType(const QByteArray &head, const QString &claimed);
    // Images the server decodes (thumbnails, dimensions).
    static bool isImage(const QString &contentType);
    // Types a browser may show inline; everything else is served as an attachment.
    static bool servedInline(const QString &contentType);
    // Errors: validation_failed (too many pixels, not a readable image).
    static Result<ImageFacts> image(BlobSource &source, const ImageLimits &limits);
};

} // namespace Banter::Server
