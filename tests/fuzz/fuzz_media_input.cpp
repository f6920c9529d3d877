// What uploads bring in before anything is stored: multipart/form-data bodies (http/MultipartForm) and the
// image metadata filter every upload streams through (service/ImageMetadataFilter).
//
// Input: a Content-Type line, then the body.
#include "FuzzSupport.h"

#include "http/MultipartForm.h"
#include "service/ImageMetadataFilter.h"

#include <banter/ErrorCode.h>

using namespace Banter;
using namespace Banter::Server;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    const qsizetype newline = input.indexOf('\n');
    const QByteArray contentType = newline < 0 ? input : input.left(newline);
    const QByteArray body = newline < 0 ? QByteArray() : input.mid(newline + 1);

    const auto parts = MultipartForm::parse(body, contentType);
    if (parts) {
        BANTER_FUZZ_CHECK(parts.value().size() <= MultipartForm::MaxParts);
        for (const FormPart &p : parts.value())
            BANTER_FUZZ_CHECK(body.contains(p.data)); // a part is bytes of the body, never more
    } else {
        BANTER_FUZZ_CHECK(parts.error().code == ErrorCode::ValidationFailed && !parts.error().message.isEmpty());
    }

    // The filter gives the same bytes whatever pieces the stream comes in, never adds any, and leaves anything
    // that is not a JPEG or a PNG alone.
    ImageMetadataFilter whole;
    const QByteArray once = whole.feed(body) + whole.finish();
    ImageMetadataFilter pieces;
    QByteArray split;
    const qsizetype step = 1 + qsizetype(size % 7);
    for (qsizetype at = 0; at < body.size(); at += step)
        split += pieces.feed(QByteArrayView(body).sliced(at, qMin(step, body.size() - at)));
    split += pieces.finish();
    BANTER_FUZZ_CHECK(once == split);
    BANTER_FUZZ_CHECK(once.size() <= body.size());
    const bool jpeg = body.size() >= 3 && quint8(body[0]) == 0xFF && quint8(body[1]) == 0xD8 && quint8(body[2]) == 0xFF;
    const bool png = body.startsWith(QByteArray("\x89PNG\r\n\x1a\n", 8));
    if (!jpeg && !png)
        BANTER_FUZZ_CHECK(once == body);
    return 0;
}
