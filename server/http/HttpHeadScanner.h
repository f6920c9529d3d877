#pragma once

#include "http/HttpLimits.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QLatin1StringView>

#include <optional>

namespace Banter::Server {

// Follows the framing of an HTTP/1.x request stream (request line, header lines, Content-Length or chunked
// body, pipelined requests one after another) and refuses it as soon as it breaks a limit — before the
// offending bytes are buffered for QHttpServer. It only frames and counts: QHttpServer still parses.
// Pure and incremental (feed any split of the stream), so it is fuzzed on its own.
class HttpHeadScanner
{
public:
    enum class Phase { Idle, RequestLine, Headers, Body, ChunkSize, ChunkData, ChunkDataEnd, Trailers, Upgraded };

    struct Rejection
    {
        int status;
        QLatin1StringView code;
        QLatin1StringView message;
    };

    explicit HttpHeadScanner(HttpLimits limits = {});

    // Back to the start of a request (the stream's next byte begins one).
    void reset();
    // Consumes bytes. A rejection is final: call reset() before feeding again.
    std::optional<Rejection> feed(QByteArrayView bytes);

    Phase phase() const { return m_phase; }
    bool inHead() const { return m_phase == Phase::RequestLine || m_phase == Phase::Headers; }
    bool inBody() const { return m_phase != Phase::Idle && m_phase != Phase::Upgraded && !inHead(); }
    // Body bytes the current request may still bring: its Content-Length, or the limit when chunked.
    qint64 bodyBudget() const { return m_bodyBudget; }
    // Requests whose last byte was fed since the last reset().
    int requestsCompleted() const { return m_completed; }
    // A request asked to switch protocols (Upgrade + Connection: upgrade): what follows it is not HTTP, and
    // the scanner ignores it (Phase::Upgraded) until reset().
    bool upgradeRequested() const { return m_phase == Phase::Upgraded; }
    // ... and the protocol asked for is WebSocket (Upgrade: websocket).
    bool webSocketRequested() const { return upgradeRequested() && m_upgradeWebSocket; }

private:
    std::optional<Rejection> endOfLine();
    std::optional<Rejection> requestLine();
    std::optional<Rejection> headerLine();
    std::optional<Rejection> headComplete();
    std::optional<Rejection> chunkSizeLine();
    void requestComplete();
    void startHead();

    HttpLimits m_limits;
    Phase m_phase = Phase::Idle;
    QByteArray m_line;        // the line being read (capped by the limits)
    int m_headerCount = 0;
    qint64 m_headerBytes = 0;
    int m_completed = 0;
    // From the header lines of the current request.
    std::optional<qint64> m_contentLength;
    bool m_media = false; // the target is under /api/media/: the media body limit applies
    bool m_chunked = false;
    bool m_hasTransferEncoding = false;
    bool m_connectionUpgrade = false;
    bool m_hasUpgrade = false;
    bool m_upgradeWebSocket = false;
    // Body.
    qint64 m_bodyLeft = 0;     // Content-Length bytes still to come, or the current chunk's
    qint64 m_bodyReceived = 0; // chunked: data bytes so far
    qint64 m_bodyBudget = 0;
};

} // namespace Banter::Server
