#include "http/HttpHeadScanner.h"

#include <banter/ErrorCode.h>

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

using Rejection = HttpHeadScanner::Rejection;

constexpr int MaxChunkSizeLine = 1024;

Rejection badRequest(QLatin1StringView message)
{
    return {400, ErrorCode::InvalidRequest, message};
}

bool isTokenChar(char c)
{
    if (c >= '0' && c <= '9')
        return true;
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
        return true;
    switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+': case '-': case '.':
    case '^': case '_': case '`': case '|': case '~':
        return true;
    default:
        return false;
    }
}

// CR, LF and NUL never belong inside a line; other controls but HTAB do not belong in a head either.
bool hasForbiddenControl(QByteArrayView line)
{
    for (char c : line) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\t') || u == 0x7f)
            return true;
    }
    return false;
}

bool containsToken(QByteArrayView list, QByteArrayView token)
{
    while (!list.isEmpty()) {
        const qsizetype comma = list.indexOf(',');
        const QByteArrayView part = comma < 0 ? list : list.first(comma);
        if (part.trimmed().compare(token, Qt::CaseInsensitive) == 0)
            return true;
        list = comma < 0 ? QByteArrayView() : list.sliced(comma + 1);
    }
    return false;
}

} // namespace

HttpHeadScanner::HttpHeadScanner(HttpLimits limits) : m_limits(limits)
{
}

void HttpHeadScanner::reset()
{
    m_phase = Phase::Idle;
    m_completed = 0;
    m_line.clear();
    m_bodyLeft = 0;
    m_bodyReceived = 0;
    m_bodyBudget = 0;
}

void HttpHeadScanner::startHead()
{
    m_phase = Phase::RequestLine;
    m_line.clear();
    m_headerCount = 0;
    m_headerBytes = 0;
    m_contentLength.reset();
    m_media = false;
    m_chunked = false;
    m_hasTransferEncoding = false;
    m_connectionUpgrade = false;
    m_hasUpgrade = false;
    m_upgradeWebSocket = false;
}

void HttpHeadScanner::requestComplete()
{
    ++m_completed;
    m_phase = Phase::Idle;
    m_bodyLeft = 0;
    m_bodyReceived = 0;
    m_bodyBudget = 0;
}

std::optional<Rejection> HttpHeadScanner::feed(QByteArrayView bytes)
{
    qsizetype i = 0;
    const qsizetype n = bytes.size();
    while (i < n) {
        switch (m_phase) {
        case Phase::Upgraded:
            return std::nullopt;
        case Phase::Idle: {
            // Blank lines between requests are tolerated (RFC 9112 §2.2), as QHttpServer does.
            const char c = bytes[i];
            if (c == '\r' || c == '\n' || c == ' ' || c == '\t') {
                ++i;
                continue;
            }
            startHead();
            continue;
        }
        case Phase::Body:
        case Phase::ChunkData: {
            const qint64 take = qMin<qint64>(m_bodyLeft, n - i);
            m_bodyLeft -= take;
            i += take;
            if (m_bodyLeft == 0) {
                if (m_phase == Phase::Body)
                    requestComplete();
                else
                    m_phase = Phase::ChunkDataEnd;
            }
            continue;
        }
        case Phase::RequestLine:
        case Phase::Headers:
        case Phase::ChunkSize:
        case Phase::ChunkDataEnd:
        case Phase::Trailers: {
            const qsizetype newline = bytes.indexOf('\n', i);
            const qsizetype end = newline < 0 ? n : newline;
            // Limits apply to the line as it grows: an endless line is refused at its limit, never buffered
            // past it. The +1 leaves room for the CR before the LF.
            const qsizetype length = m_line.size() + (end - i);
            if (m_phase == Phase::RequestLine && length > m_limits.maxRequestLineBytes + 1)
                return Rejection{414, ErrorCode::UriTooLong, "the request line is too long"_L1};
            if ((m_phase == Phase::Headers || m_phase == Phase::Trailers)
                && m_headerBytes + length > m_limits.maxHeaderBytes + 1)
                return Rejection{431, ErrorCode::HeadersTooLarge, "the header lines are too large"_L1};
            if ((m_phase == Phase::ChunkSize || m_phase == Phase::ChunkDataEnd) && length > MaxChunkSizeLine)
                return badRequest("a chunk size line is too long"_L1);
            m_line.append(bytes.sliced(i, end - i));
            i = end;
            if (newline < 0)
                return std::nullopt;
            ++i; // the LF
            if (auto rejected = endOfLine())
                return rejected;
            m_line.clear();
            continue;
        }
        }
    }
    return std::nullopt;
}

std::optional<Rejection> HttpHeadScanner::endOfLine()
{
    if (m_line.endsWith('\r'))
        m_line.chop(1);
    switch (m_phase) {
    case Phase::RequestLine:
        return requestLine();
    case Phase::Headers:
        return headerLine();
    case Phase::ChunkSize:
        return chunkSizeLine();
    case Phase::ChunkDataEnd:
        if (!m_line.isEmpty())
            return badRequest("a chunk's data is longer than its size"_L1);
        m_phase = Phase::ChunkSize;
        return std::nullopt;
    case Phase::Trailers:
        if (m_line.isEmpty()) {
            requestComplete();
            return std::nullopt;
        }
        if (++m_headerCount > m_limits.maxHeaderCount)
            return Rejection{431, ErrorCode::HeadersTooLarge, "too many header lines"_L1};
        m_headerBytes += m_line.size();
        if (m_headerBytes > m_limits.maxHeaderBytes)
            return Rejection{431, ErrorCode::HeadersTooLarge, "the header lines are too large"_L1};
        return std::nullopt;
    default:
        return std::nullopt;
    }
}

std::optional<Rejection> HttpHeadScanner::requestLine()
{
    // method SP request-target SP HTTP-version (RFC 9112 §3)
    const QByteArrayView line(m_line);
    if (line.size() > m_limits.maxRequestLineBytes)
        return Rejection{414, ErrorCode::UriTooLong, "the request line is too long"_L1};
    if (hasForbiddenControl(line))
        return badRequest("control characters in the request line"_L1);
    const qsizetype sp1 = line.indexOf(' ');
    const qsizetype sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
    if (sp1 <= 0 || sp2 <= sp1 + 1 || line.indexOf(' ', sp2 + 1) >= 0)
        return badRequest("the request line is not: method target version"_L1);
    for (char c : line.first(sp1)) {
        if (!isTokenChar(c))
            return badRequest("the method is not a token"_L1);
    }
    const QByteArrayView version = line.sliced(sp2 + 1);
    if (version.size() != 8 || !version.startsWith("HTTP/") || version[5] < '0' || version[5] > '9'
        || version[6] != '.' || version[7] < '0' || version[7] > '9')
        return badRequest("unknown HTTP version"_L1);
    if (version[5] != '1')
        return Rejection{505, ErrorCode::HttpVersionNotSupported, "only HTTP/1.x is spoken here"_L1};
    m_media = line.sliced(sp1 + 1, sp2 - sp1 - 1).startsWith("/api/media/");
    m_phase = Phase::Headers;
    return std::nullopt;
}

std::optional<Rejection> HttpHeadScanner::headerLine()
{
    if (m_line.isEmpty())
        return headComplete();
    if (++m_headerCount > m_limits.maxHeaderCount)
        return Rejection{431, ErrorCode::HeadersTooLarge, "too many header lines"_L1};
    m_headerBytes += m_line.size();
    if (m_headerBytes > m_limits.maxHeaderBytes)
        return Rejection{431, ErrorCode::HeadersTooLarge, "the header lines are too large"_L1};
    const QByteArrayView line(m_line);
    if (line.front() == ' ' || line.front() == '\t')
        return badRequest("folded header lines are not accepted"_L1);
    if (hasForbiddenControl(line))
        return badRequest("control characters in a header line"_L1);
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0)
        return badRequest("a header line without a name"_L1);
    const QByteArrayView name = line.first(colon);
    for (char c : name) {
        if (!isTokenChar(c))
            return badRequest("a header name that is not a token"_L1);
    }
    const QByteArrayView value = line.sliced(colon + 1).trimmed();
    if (name.compare("content-length", Qt::CaseInsensitive) == 0) {
        if (value.isEmpty() || value.size() > 18)
            return badRequest("an invalid Content-Length"_L1);
        qint64 length = 0;
        for (char c : value) {
            if (c < '0' || c > '9')
                return badRequest("an invalid Content-Length"_L1);
            length = length * 10 + (c - '0');
        }
        if (m_contentLength && *m_contentLength != length)
            return badRequest("conflicting Content-Length headers"_L1);
        m_contentLength = length;
    } else if (name.compare("transfer-encoding", Qt::CaseInsensitive) == 0) {
        if (m_hasTransferEncoding || value.compare("chunked", Qt::CaseInsensitive) != 0)
            return Rejection{501, ErrorCode::NotImplemented, "the only transfer coding accepted is chunked"_L1};
        m_hasTransferEncoding = true;
        m_chunked = true;
    } else if (name.compare("connection", Qt::CaseInsensitive) == 0) {
        m_connectionUpgrade = m_connectionUpgrade || containsToken(value, "upgrade");
    } else if (name.compare("upgrade", Qt::CaseInsensitive) == 0) {
        m_hasUpgrade = !value.isEmpty();
        m_upgradeWebSocket = containsToken(value, "websocket");
    }
    return std::nullopt;
}

std::optional<Rejection> HttpHeadScanner::headComplete()
{
    // Both framings at once is how requests are smuggled past proxies (RFC 9112 §6.1).
    if (m_hasTransferEncoding && m_contentLength)
        return badRequest("both Transfer-Encoding and Content-Length"_L1);
    if (m_hasUpgrade && m_connectionUpgrade) {
        m_phase = Phase::Upgraded;
        ++m_completed;
        return std::nullopt;
    }
    if (m_chunked) {
        m_phase = Phase::ChunkSize;
        m_bodyReceived = 0;
        m_bodyBudget = m_limits.bodyLimitFor(m_media);
        return std::nullopt;
    }
    const qint64 length = m_contentLength.value_or(0);
    if (length > m_limits.bodyLimitFor(m_media))
        return Rejection{413, ErrorCode::PayloadTooLarge, "the request body is larger than the limit"_L1};
    if (length == 0) {
        requestComplete();
        return std::nullopt;
    }
    m_phase = Phase::Body;
    m_bodyLeft = length;
    m_bodyBudget = length;
    return std::nullopt;
}

std::optional<Rejection> HttpHeadScanner::chunkSizeLine()
{
    // chunk-size [ chunk-ext ] (RFC 9112 §7.1)
    QByteArrayView line(m_line);
    if (const qsizetype ext = line.indexOf(';'); ext >= 0)
        line = line.first(ext);
    line = line.trimmed();
    if (line.isEmpty() || line.size() > 15)
        return badRequest("an invalid chunk size"_L1);
    qint64 size = 0;
    for (char c : line) {
        const char lower = char(c | 0x20);
        int digit;
        if (c >= '0' && c <= '9')
            digit = c - '0';
        else if (lower >= 'a' && lower <= 'f')
            digit = lower - 'a' + 10;
        else
            return badRequest("an invalid chunk size"_L1);
        size = size * 16 + digit;
    }
    if (size == 0) {
        m_phase = Phase::Trailers;
        return std::nullopt;
    }
    m_bodyReceived += size;
    if (m_bodyReceived > m_limits.bodyLimitFor(m_media))
        return Rejection{413, ErrorCode::PayloadTooLarge, "the request body is larger than the limit"_L1};
    m_bodyLeft = size;
    m_phase = Phase::ChunkData;
    return std::nullopt;
}

} // namespace Banter::Server
