#include "http/HttpGuard.h"

#include "http/HttpBodyBudget.h"
#include "http/HttpLog.h"

#include <banter/ErrorCode.h>

#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>

#include <sys/socket.h>

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

constexpr qint64 CloseGraceMs = 5000;

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 400: return "Bad Request";
    case 408: return "Request Timeout";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 431: return "Request Header Fields Too Large";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "Error";
    }
}

QByteArray errorResponse(int status, QLatin1StringView code, QLatin1StringView message)
{
    const QByteArray body = QJsonDocument(QJsonObject{{u"error"_s, QJsonObject{{u"code"_s, QString(code)},
                                                                                {u"message"_s, QString(message)}}}})
                                .toJson(QJsonDocument::Compact);
    QByteArray r = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    r += "Content-Type: application/json\r\nCache-Control: no-store\r\nConnection: close\r\n";
    if (status == 503)
        r += "Retry-After: 1\r\n";
    r += "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    return r;
}

} // namespace

HttpGuard::HttpGuard(QTcpSocket *socket, const HttpLimits &limits, HttpBodyBudget &budget, const QElapsedTimer &clock,
                     QObject *parent)
    : QObject(parent), m_socket(socket), m_limits(limits), m_budget(budget), m_clock(clock), m_scanner(limits),
      m_lastActivity(clock.elapsed())
{
    // What one connection may have buffered: a whole request at its limits (QHttpServer keeps a request's
    // bytes in the socket until it has all of them), plus room for the next one's start.
    socket->setReadBufferSize(limits.maxRequestLineBytes + limits.maxHeaderBytes + limits.largestBody() + 64 * 1024);
    connect(socket, &QIODevice::readyRead, this, &HttpGuard::onReadyRead);
    connect(socket, &QIODevice::bytesWritten, this, [this] { m_lastActivity = m_clock.elapsed(); });
}

HttpGuard::~HttpGuard()
{
    reserveBody(0);
}

bool HttpGuard::reserveBody(qint64 bytes)
{
    if (bytes == m_reserved)
        return true;
    m_budget.release(m_reserved);
    m_reserved = 0;
    if (bytes > 0 && !m_budget.reserve(bytes))
        return false;
    m_reserved = bytes;
    return true;
}

void HttpGuard::onReadyRead()
{
    if (!m_socket)
        return;
    if (m_closingSince >= 0) {
        m_socket->skip(m_socket->bytesAvailable());
        return;
    }
    if (m_scanner.upgradeRequested())
        return; // WebSocket frames from here on; QHttpServer hands the socket to its WebSocket server
    const qint64 now = m_clock.elapsed();
    m_lastActivity = now;
    m_sawBytes = true;
    const bool wasInHead = m_headSince >= 0;
    // No transaction open: QHttpServer is between requests and what it has not read starts the next one
    // (read again from the start: some of it may have been seen already, while a response was pending).
    // Transaction open: QHttpServer read everything it had (it reads until the buffer is empty or the
    // request is complete), so all that is unread is new.
    if (!m_socket->isTransactionStarted())
        m_scanner.reset();
    const int completedBefore = m_scanner.requestsCompleted();
    const QByteArray unread = m_socket->peek(m_socket->bytesAvailable());
    if (const auto rejected = m_scanner.feed(unread)) {
        // Requests before the refused one in this same read are still to be answered by QHttpServer: an
        // answer now would overtake theirs, so such a connection is only closed.
        refuse(*rejected, m_scanner.requestsCompleted() == 0);
        return;
    }
    if (m_scanner.inHead()) {
        if (!wasInHead || m_scanner.requestsCompleted() > completedBefore)
            m_headSince = now;
    } else {
        m_headSince = -1;
    }
    if (!reserveBody(m_scanner.inBody() ? m_scanner.bodyBudget() : 0)) {
        refuse({503, ErrorCode::Unavailable, "too many request bodies are being received; retry"_L1},
               m_scanner.requestsCompleted() == 0);
        return;
    }
    const int ordinary = m_scanner.requestsCompleted() - (m_scanner.upgradeRequested() ? 1 : 0);
    if (ordinary > 0)
        m_sawRequest = true;
    if (m_scanner.webSocketRequested()) {
        if (m_sawRequest) {
            refuse({400, ErrorCode::InvalidRequest, "a WebSocket upgrade must be the first request on its connection"_L1},
                   false);
            return;
        }
        m_headSince = -1;
        emit webSocketRequested(m_socket); // this guard is deleted (later) by the receiver
    }
}

void HttpGuard::refuse(const HttpHeadScanner::Rejection &rejection, bool respond)
{
    qCInfo(lcHttp).noquote() << "refusing a request from" << m_socket->peerAddress().toString() << "with"
                             << rejection.status << rejection.code;
    reserveBody(0);
    m_closingSince = m_clock.elapsed();
    // Whatever QHttpServer has not read of this stream is dropped, so it never parses the refused request;
    // later bytes are dropped as they come (onReadyRead).
    m_socket->skip(m_socket->bytesAvailable());
    if (respond) {
        m_socket->write(errorResponse(rejection.status, rejection.code, rejection.message));
        m_socket->flush();
    }
    halfClose();
}

// A lingering close: a client still sending (a 10 MB header) would get a reset if we closed with its bytes
// unread, and a reset can destroy the answer before the client reads it. So only our side is shut once the
// answer is out; what the client still sends is read and dropped until it closes too, or the grace ends.
void HttpGuard::halfClose()
{
    if (m_halfClosed || m_socket->bytesToWrite() > 0)
        return;
    ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
    m_halfClosed = true;
}

void HttpGuard::closeQuietly()
{
    reserveBody(0);
    m_closingSince = m_clock.elapsed();
    m_halfClosed = true; // nothing to answer: a plain close
    m_socket->disconnectFromHost();
}

bool HttpGuard::checkDeadlines()
{
    if (!m_socket || m_socket->state() == QAbstractSocket::UnconnectedState)
        return false;
    const qint64 now = m_clock.elapsed();
    if (m_closingSince >= 0) {
        halfClose();
        if (now - m_closingSince <= CloseGraceMs)
            return true;
        m_socket->abort(); // a peer that does not read its answer is not waited for
        return false;
    }
    const qint64 silent = now - m_lastActivity;
    if (m_scanner.inHead()) {
        if (now - m_headSince > m_limits.headTimeoutMs)
            refuse({408, ErrorCode::RequestTimeout, "the request head did not arrive in time"_L1}, true);
    } else if (m_scanner.inBody()) {
        if (silent > m_limits.idleTimeoutMs)
            refuse({408, ErrorCode::RequestTimeout, "the request body stalled"_L1}, true);
    } else if (silent > (m_sawBytes ? m_limits.idleTimeoutMs : m_limits.headTimeoutMs)) {
        // Idle keep-alive (or an upgrade nobody took, or a connection that never said anything).
        closeQuietly();
    }
    return true;
}

} // namespace Banter::Server
