#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QHostAddress>
#include <QObject>

class QSocketNotifier;
class QTcpSocket;

namespace Banter::Server {

// A connected TCP socket read and written with the system calls themselves, for the WebSockets a socket thread
// holds by the thousand. It exists for memory: a QTcpSocket keeps a ring-buffer block for reading (16 KiB) and
// one for writing (32 KiB, from its first write) for as long as it lives, which made up most of an idle
// WebSocket's cost (BENCHMARKS.md, "Memory per socket"). Here nothing is kept between reads — what arrives is
// read into one buffer per thread and handed on at once — and what is written is held only until the kernel
// takes it.
//
// Writes made during one pass of the event loop go out together (one send() per socket, as a QTcpSocket did);
// what the kernel refuses waits for the socket to become writable. disconnected() is emitted once, always from
// the event loop, never from inside a call of the owner's. Lives on one thread and moves with its owner
// (before start(), or with notifiers that QSocketNotifier moves itself); not thread-safe.
class TcpStream : public QObject
{
    Q_OBJECT
public:
    // Takes over a connected QTcpSocket: its descriptor (duplicated, so the socket can be aborted without ending
    // the connection), the bytes it had read but nobody had taken (handed out by start()), and its children
    // that must live as long as the connection (the connection-limit slot). The socket is aborted and deleted
    // later; it may be inside one of its own signals. nullptr when the descriptor cannot be duplicated (the
    // socket is then left as it was).
    static TcpStream *take(QTcpSocket *socket, QObject *parent = nullptr);
    ~TcpStream() override;

    QHostAddress peerAddress() const { return m_peer; }
    bool isConnected() const { return m_fd >= 0 && !m_closing; }
    qint64 bytesToWrite() const { return m_out.size() - m_outSent; }

    void write(QByteArrayView data);
    // write(), but what the kernel takes goes out now, not from the event loop: for the handshake response,
    // written on the accepting thread just before the stream moves to its socket thread (no event of this
    // thread's left behind for the other one).
    void writeNow(QByteArrayView data);
    // What is queued goes out first, then the connection is closed.
    void disconnectFromHost();
    // Closes now; what is queued is dropped.
    void abort();
    // Starts reading (on the owning thread): the bytes taken over from the QTcpSocket first, then the socket's.
    void start();

signals:
    // The bytes are valid only during the call (they live in the thread's read buffer).
    void received(QByteArrayView data);
    void disconnected();

protected:
    bool event(QEvent *e) override;

private:
    TcpStream(int fd, QHostAddress peer, QByteArray unread, QObject *parent);

    void scheduleFlush();
    void flush();
    void onReadable();
    void closeNow();
    void queueDisconnected();
    void setWriteWatch(bool on);

    int m_fd;
    QHostAddress m_peer;
    QByteArray m_unread; // taken over from the QTcpSocket; emptied by start()
    QByteArray m_out;    // queued for the kernel; released once it took all of it
    qsizetype m_outSent = 0;
    QSocketNotifier *m_readNotifier = nullptr;
    QSocketNotifier *m_writeNotifier = nullptr;
    bool m_started = false;
    bool m_closing = false;      // disconnectFromHost(): close once m_out is out
    bool m_flushQueued = false;
    bool m_disconnectQueued = false;
};

} // namespace Banter::Server
