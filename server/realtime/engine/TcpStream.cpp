#include "realtime/engine/TcpStream.h"

#include "http/ConnectionLimiter.h"
#include "realtime/RealtimeLog.h"

#include <QCoreApplication>
#include <QEvent>
#include <QSocketNotifier>
#include <QTcpSocket>

#include <cerrno>
#include <fcntl.h>
#include <memory>
#include <sys/socket.h>
#include <unistd.h>

namespace Banter::Server {
namespace {

constexpr qsizetype ReadChunk = 64 * 1024;
// Reads per readiness report: a fast sender cannot keep the thread to itself.
constexpr int ReadsPerWakeUp = 4;

const QEvent::Type FlushEvent = QEvent::Type(QEvent::registerEventType());
const QEvent::Type DisconnectedEvent = QEvent::Type(QEvent::registerEventType());

// One read buffer per thread, shared by every stream on it: a read is handed on before the next one starts.
char *threadReadBuffer()
{
    thread_local std::unique_ptr<char[]> buffer(new char[ReadChunk]);
    return buffer.get();
}

class StreamEvent : public QEvent
{
public:
    using QEvent::QEvent;
};

} // namespace

TcpStream *TcpStream::take(QTcpSocket *socket, QObject *parent)
{
    const int fd = ::fcntl(int(socket->socketDescriptor()), F_DUPFD_CLOEXEC, 0);
    if (fd < 0) {
        qCWarning(lcRealtime) << "cannot duplicate a socket descriptor:" << qt_error_string(errno);
        return nullptr;
    }
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags < 0 || ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) {
        qCWarning(lcRealtime) << "cannot make a socket non-blocking:" << qt_error_string(errno);
        ::close(fd);
        return nullptr;
    }
    auto *stream = new TcpStream(fd, socket->peerAddress(), socket->readAll(), parent);
    for (ConnectionSlot *slot : socket->findChildren<ConnectionSlot *>(Qt::FindDirectChildrenOnly))
        slot->setParent(stream);
    // Closing the QTcpSocket's descriptor leaves the connection to ours (a close is no shutdown). Aborted now,
    // so that it reads nothing more; deleted later, as we may be inside its readyRead.
    socket->disconnect();
    socket->abort();
    socket->deleteLater();
    return stream;
}

TcpStream::TcpStream(int fd, QHostAddress peer, QByteArray unread, QObject *parent)
    : QObject(parent), m_fd(fd), m_peer(std::move(peer)), m_unread(std::move(unread))
{
}

TcpStream::~TcpStream()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

void TcpStream::write(QByteArrayView data)
{
    if (!isConnected() || data.isEmpty())
        return;
    m_out.append(data);
    scheduleFlush();
}

void TcpStream::writeNow(QByteArrayView data)
{
    if (!isConnected() || data.isEmpty())
        return;
    m_out.append(data);
    if (m_flushQueued)
        return; // behind what is queued already
    flush();
}

void TcpStream::scheduleFlush()
{
    // Waiting for writability already, or a flush is on its way: it takes what was just added.
    if (m_flushQueued || (m_writeNotifier && m_writeNotifier->isEnabled()))
        return;
    m_flushQueued = true;
    QCoreApplication::postEvent(this, new StreamEvent(FlushEvent));
}

void TcpStream::flush()
{
    if (m_fd < 0)
        return;
    while (m_outSent < m_out.size()) {
        const ssize_t n = ::send(m_fd, m_out.constData() + m_outSent, size_t(m_out.size() - m_outSent), MSG_NOSIGNAL);
        if (n > 0) {
            m_outSent += n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            setWriteWatch(true);
            return;
        } else {
            qCDebug(lcRealtime) << "write to" << m_peer.toString() << "failed:" << qt_error_string(errno);
            closeNow();
            return;
        }
    }
    m_out = QByteArray(); // an idle connection keeps no buffer
    m_outSent = 0;
    setWriteWatch(false);
    if (m_closing)
        closeNow();
}

void TcpStream::setWriteWatch(bool on)
{
    if (!on) {
        if (m_writeNotifier)
            m_writeNotifier->setEnabled(false);
        return;
    }
    if (!m_writeNotifier) {
        m_writeNotifier = new QSocketNotifier(m_fd, QSocketNotifier::Write, this);
        connect(m_writeNotifier, &QSocketNotifier::activated, this, &TcpStream::flush);
    }
    m_writeNotifier->setEnabled(true);
}

void TcpStream::disconnectFromHost()
{
    if (!isConnected())
        return;
    m_closing = true;
    if (m_outSent == m_out.size() && !m_flushQueued)
        closeNow();
    // else the flush in progress closes once the queue is out
}

void TcpStream::abort()
{
    closeNow();
}

void TcpStream::closeNow()
{
    if (m_fd < 0)
        return;
    // Notifiers first: the descriptor's number may be reused at once. Deleted later: this may run inside
    // one of their activations.
    for (QSocketNotifier *n : {m_readNotifier, m_writeNotifier}) {
        if (n) {
            n->setEnabled(false);
            n->deleteLater();
        }
    }
    m_readNotifier = m_writeNotifier = nullptr;
    ::close(m_fd);
    m_fd = -1;
    m_closing = false;
    m_out = QByteArray();
    m_outSent = 0;
    m_unread = QByteArray();
    if (m_started)
        queueDisconnected();
    // else start() reports it: before, nobody listens
}

void TcpStream::queueDisconnected()
{
    if (!m_disconnectQueued) {
        m_disconnectQueued = true;
        QCoreApplication::postEvent(this, new StreamEvent(DisconnectedEvent));
    }
}

void TcpStream::start()
{
    if (m_started)
        return;
    m_started = true;
    if (m_fd < 0) {
        queueDisconnected(); // closed before anyone listened
        return;
    }
    m_readNotifier = new QSocketNotifier(m_fd, QSocketNotifier::Read, this);
    connect(m_readNotifier, &QSocketNotifier::activated, this, &TcpStream::onReadable);
    if (!m_unread.isEmpty()) {
        const QByteArray unread = std::exchange(m_unread, QByteArray());
        emit received(unread);
    }
    // And what arrived while the connection waited for its thread: now, not one pass of the event loop later
    // (a client that upgrades a polling session sends its probe right behind the handshake, and its next poll
    // must find the upgrade done).
    if (m_fd >= 0)
        onReadable();
}

void TcpStream::onReadable()
{
    char *buffer = threadReadBuffer();
    for (int i = 0; i < ReadsPerWakeUp && m_fd >= 0; ++i) {
        const ssize_t n = ::recv(m_fd, buffer, size_t(ReadChunk), 0);
        if (n > 0) {
            emit received(QByteArrayView(buffer, n));
            if (n < ReadChunk)
                return;
        } else if (n == 0) {
            // The peer closed its side: what we still owe it goes out, then we close too.
            if (m_readNotifier)
                m_readNotifier->setEnabled(false);
            disconnectFromHost();
            return;
        } else if (errno == EINTR) {
            --i;
        } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
            return;
        } else {
            qCDebug(lcRealtime) << "read from" << m_peer.toString() << "failed:" << qt_error_string(errno);
            closeNow();
            return;
        }
    }
}

bool TcpStream::event(QEvent *e)
{
    if (e->type() == FlushEvent) {
        m_flushQueued = false;
        flush();
        return true;
    }
    if (e->type() == DisconnectedEvent) {
        emit disconnected();
        return true;
    }
    return QObject::event(e);
}

} // namespace Banter::Server
