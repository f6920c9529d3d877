#include "service/MediaInspector.h"

#include <banter/ErrorCode.h>

#include <QBuffer>
#include <QImage>
#include <QImageReader>
#include <QMimeDatabase>
#include <QRegularExpression>

#include <mutex>

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

// The blob as a random-access device for QImageReader.
class BlobDevice : public QIODevice
{
public:
    explicit BlobDevice(BlobSource &source) : m_source(source) {}
    bool isSequential() const override { return false; }
    qint64 size() const override { return m_source.size(); }
    bool failed() const { return m_failed; }

protected:
    qint64 readData(char *data, qint64 max) override
    {
        auto bytes = m_source.read(pos(), max);
        if (!bytes) {
            m_failed = true;
            return -1;
        }
        memcpy(data, bytes.value().constData(), size_t(bytes.value().size()));
        return bytes.value().size();
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    BlobSource &m_source;
    bool m_failed = false;
};

Error unsupported(const QString &message)
{
    return makeError(ErrorCode::UnsupportedMediaType, message);
}

} // namespace

Result<QString> MediaInspector::contentType(const QByteArray &head, const QString &claimedRaw)
{
    static const QMimeDatabase db;
    const QMimeType detected = db.mimeTypeForData(head);
    QString claimed = claimedRaw.section(u';', 0, 0).trimmed().toLower();
    if (claimed.isEmpty() || claimed == "application/octet-stream"_L1)
        return detected.name();
    static const QRegularExpression form(u"^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$"_s);
    if (!form.match(claimed).hasMatch())
        return makeError(ErrorCode::ValidationFailed, u"content type: not a MIME type"_s);
    const QMimeType wanted = db.mimeTypeForName(claimed);
    // The claim stands when the content is of that type or a special case of it (or the claim a special case
    // of what the content looks like: a CSV file is detected as text/plain).
    const bool consistent = wanted.isValid()
                            && (wanted.name() == detected.name() || detected.inherits(wanted.name())
                                || wanted.inherits(detected.name()));
    if (consistent)
        return wanted.name();
    const QString kind = claimed.section(u'/', 0, 0);
    if (kind == "image"_L1 || kind == "audio"_L1 || kind == "video"_L1)
        return unsupported(QStringLiteral("the content is %1, not %2").arg(detected.name(), claimed));
    return detected.name();
}

bool MediaInspector::isImage(const QString &type)
{
    return type == "image/png"_L1 || type == "image/jpeg"_L1 || type == "image/gif"_L1 || type == "image/bmp"_L1;
}

bool MediaInspector::servedInline(const QString &type)
{
    if (type == "image/png"_L1 || type == "image/jpeg"_L1 || type == "image/gif"_L1 || type == "image/webp"_L1)
        return true;
    return type.startsWith("audio/"_L1) || type.startsWith("video/"_L1);
}

Result<ImageFacts> MediaInspector::image(BlobSource &source, const ImageLimits &limits)
{
    static std::once_flag once;
    std::call_once(once, [&] { QImageReader::setAllocationLimit(limits.allocationLimitMb); });
    BlobDevice device(source);
    device.open(QIODevice::ReadOnly);
    QImageReader reader(&device);
    const QSize size = reader.size();
    if (!size.isValid() || size.isEmpty())
        return makeError(ErrorCode::ValidationFailed, u"file: not a readable image"_s);
    if (qint64(size.width()) * size.height() > limits.maxPixels)
        return makeError(ErrorCode::ValidationFailed,
                         QStringLiteral("file: an image of at most %1 pixels").arg(limits.maxPixels));
    ImageFacts facts{size.width(), size.height(), {}};
    const QSize thumb = size.scaled(limits.thumbnailEdge, limits.thumbnailEdge, Qt::KeepAspectRatio);
    if (size.width() > limits.thumbnailEdge || size.height() > limits.thumbnailEdge)
        reader.setScaledSize(thumb.expandedTo(QSize(1, 1)));
    const QImage image = reader.read();
    if (image.isNull() || device.failed())
        return makeError(ErrorCode::ValidationFailed, u"file: not a readable image ("_s + reader.errorString() + u')');
    QBuffer png(&facts.thumbnailPng);
    png.open(QIODevice::WriteOnly);
    if (!image.save(&png, "PNG"))
        return makeError(ErrorCode::Internal, u"the thumbnail could not be made"_s);
    return facts;
}

} // namespace Banter::Server
