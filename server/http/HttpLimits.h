#pragma once

#include <QtGlobal>

namespace Banter::Server {

// What an HTTP/1.1 client may send before QHttpServer sees it (Qt 6.8's QHttpServer enforces none of this).
struct HttpLimits
{
    int maxRequestLineBytes = 8 * 1024; // else 414
    int maxHeaderCount = 100;           // else 431
    int maxHeaderBytes = 32 * 1024;     // all header lines of one request, else 431
    qint64 maxBodyBytes = 1024 * 1024;  // declared or received, else 413 before the body is read
    qint64 maxMediaBodyBytes = 0;       // the same for requests to /api/media/ (uploads); 0: maxBodyBytes

    qint64 bodyLimitFor(bool media) const { return media && maxMediaBodyBytes > 0 ? maxMediaBodyBytes : maxBodyBytes; }
    qint64 largestBody() const { return qMax(maxBodyBytes, maxMediaBodyBytes); }
    int headTimeoutMs = 10000;          // first byte of a request to its blank line, else 408
    int idleTimeoutMs = 30000;          // a keep-alive connection with nothing going on is closed
    qint64 bodyMemoryBytes = 64 * 1024 * 1024; // request bodies being received at once, all connections
};

} // namespace Banter::Server
