// The HTTP/1.x request-stream pre-parser (HttpHeadScanner), which sees raw bytes from the network before
// QHttpServer does. It is incremental: the verdict may not depend on how the stream is split into reads.
//
// The first input byte chooses the limits (bit 0: small ones, so every limit is reachable with short inputs)
// and seeds the split; the rest is the byte stream.
#include "FuzzSupport.h"

#include "http/HttpHeadScanner.h"

#include <optional>

using namespace Banter::Server;

namespace {

struct Outcome
{
    std::optional<HttpHeadScanner::Rejection> rejection;
    HttpHeadScanner::Phase phase = HttpHeadScanner::Phase::Idle;
    int completed = 0;
    qint64 bodyBudget = 0;
    bool inHead = false;
    bool inBody = false;
    bool upgrade = false;
};

Outcome outcome(const HttpHeadScanner &s, std::optional<HttpHeadScanner::Rejection> rejection)
{
    return {rejection, s.phase(), s.requestsCompleted(), s.bodyBudget(), s.inHead(), s.inBody(), s.upgradeRequested()};
}

// Feeds the stream in pieces whose sizes come from a small generator; sizes 1 to 64, now and then larger.
Outcome feedInPieces(HttpHeadScanner &s, QByteArrayView stream, quint32 seed)
{
    qsizetype i = 0;
    while (i < stream.size()) {
        seed = seed * 1103515245u + 12345u;
        const quint32 r = seed >> 16;
        const qsizetype size = qMin<qsizetype>((r % 8 == 0) ? 1 + r % 4096 : 1 + r % 64, stream.size() - i);
        if (auto rejected = s.feed(stream.sliced(i, size)))
            return outcome(s, rejected);
        i += size;
    }
    return outcome(s, std::nullopt);
}

Outcome feedByteByByte(HttpHeadScanner &s, QByteArrayView stream)
{
    for (qsizetype i = 0; i < stream.size(); ++i) {
        if (auto rejected = s.feed(stream.sliced(i, 1)))
            return outcome(s, rejected);
    }
    return outcome(s, std::nullopt);
}

void checkSame(const Outcome &a, const Outcome &b)
{
    BANTER_FUZZ_CHECK(a.rejection.has_value() == b.rejection.has_value());
    if (a.rejection) {
        BANTER_FUZZ_CHECK(a.rejection->status == b.rejection->status);
        BANTER_FUZZ_CHECK(a.rejection->code == b.rejection->code);
        return; // a rejection is final; what the scanner holds after it does not matter
    }
    BANTER_FUZZ_CHECK(a.phase == b.phase);
    BANTER_FUZZ_CHECK(a.completed == b.completed);
    BANTER_FUZZ_CHECK(a.bodyBudget == b.bodyBudget);
    BANTER_FUZZ_CHECK(a.inHead == b.inHead && a.inBody == b.inBody && a.upgrade == b.upgrade);
}

void checkRejection(const std::optional<HttpHeadScanner::Rejection> &r)
{
    if (!r)
        return;
    const int s = r->status;
    BANTER_FUZZ_CHECK(s == 400 || s == 413 || s == 414 || s == 431 || s == 501 || s == 505);
    BANTER_FUZZ_CHECK(!r->code.isEmpty() && !r->message.isEmpty());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    HttpLimits limits;
    if (data[0] & 1) {
        limits.maxRequestLineBytes = 64;
        limits.maxHeaderCount = 4;
        limits.maxHeaderBytes = 256;
        limits.maxBodyBytes = 100;
    }
    const QByteArrayView stream(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));

    HttpHeadScanner whole(limits);
    const Outcome all = outcome(whole, whole.feed(stream));
    checkRejection(all.rejection);
    BANTER_FUZZ_CHECK(all.bodyBudget >= 0 && all.bodyBudget <= limits.maxBodyBytes);

    HttpHeadScanner bytes(limits);
    checkSame(all, feedByteByByte(bytes, stream));
    HttpHeadScanner pieces(limits);
    checkSame(all, feedInPieces(pieces, stream, data[0]));

    // reset() starts over: after any stream, a plain request goes through as the first one.
    whole.reset();
    BANTER_FUZZ_CHECK(!whole.feed("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
    BANTER_FUZZ_CHECK(whole.requestsCompleted() == 1 && whole.phase() == HttpHeadScanner::Phase::Idle);
    return 0;
}
