// TcpStream: the lean socket under banterd's WebSockets (taken over from a QTcpSocket after the handshake).
// Real loopback connections: the peer is a QTcpSocket, the server side a QTcpServer's socket taken over.
#include "http/ConnectionLimiter.h"
#include "realtime/engine/TcpStream.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <memory>

using namespace Banter::Server;

namespace {

struct Pair
{
    std::unique_ptr<QTcpServer> server = std::make_unique<QTcpServer>();
    std::unique_ptr<QTcpSocket> peer = std::make_unique<QTcpSocket>();
    QTcpSocket *accepted = nullptr; // the server's side, until it is taken over
    std::unique_ptr<TcpStream> stream; // streamPair(): the server's side, taken over
};

std::unique_ptr<Pair> connectedPair()
{
    auto p = std::make_unique<Pair>();
    if (!p->server->listen(QHostAddress::LocalHost, 0))
        return nullptr;
    p->peer->connectToHost(QHostAddress::LocalHost, p->server->serverPort());
    if (!p->peer->waitForConnected(5000) || !p->server->waitForNewConnection(5000))
        return nullptr;
    p->accepted = p->server->nextPendingConnection();
    return p;
}

// A connected pair whose server side a TcpStream took over; nullptr on failure.
std::unique_ptr<Pair> streamPair()
{
    auto p = connectedPair();
    if (p)
        p->stream.reset(TcpStream::take(p->accepted));
    return p && p->stream ? std::move(p) : nullptr;
}

QByteArray pattern(qsizetype size)
{
    QByteArray b(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i)
        b[i] = char('a' + i % 23);
    return b;
}

} // namespace

class TestTcpStream : public QObject
{
    Q_OBJECT
private slots:
    void unreadBytesComeFirst()
    {
        auto p = connectedPair();
        QVERIFY(p);
        p->peer->write("hello ");
        QTRY_VERIFY(p->accepted->bytesAvailable() == 6);
        std::unique_ptr<TcpStream> stream(TcpStream::take(p->accepted));
        QVERIFY(stream);
        QByteArray got;
        connect(stream.get(), &TcpStream::received, this, [&got](QByteArrayView data) { got.append(data); });
        p->peer->write("world");
        p->peer->flush();
        QTest::qWait(50);
        QVERIFY(got.isEmpty()); // nothing before start()
        stream->start();
        QTRY_COMPARE(got, QByteArray("hello world"));
    }

    void bigWritesWaitForTheKernelAndArriveWhole()
    {
        auto p = streamPair();
        QVERIFY(p);
        TcpStream *stream = p->stream.get();
        stream->start();
        const QByteArray data = pattern(8 * 1024 * 1024);
        for (qsizetype at = 0; at < data.size(); at += 65536)
            stream->write(QByteArrayView(data).sliced(at, 65536));
        QCOMPARE(stream->bytesToWrite(), data.size()); // nothing goes out before the event loop runs
        QByteArray got;
        // The peer reads only from the event loop: the kernel's buffers fill up and the rest must wait.
        bool sawBacklog = false;
        connect(p->peer.get(), &QIODevice::readyRead, this, [&] {
            sawBacklog = sawBacklog || stream->bytesToWrite() > 0;
            got.append(p->peer->readAll());
        });
        QTRY_COMPARE_WITH_TIMEOUT(got.size(), data.size(), 20000);
        QVERIFY(got == data);
        QVERIFY(sawBacklog);
        QCOMPARE(stream->bytesToWrite(), 0);
    }

    void writeNowLeavesNothingForTheEventLoop()
    {
        auto p = streamPair();
        QVERIFY(p);
        TcpStream *stream = p->stream.get();
        stream->writeNow("HTTP/1.1 101 Switching Protocols\r\n\r\n");
        QCOMPARE(stream->bytesToWrite(), 0); // in the kernel already, before any event is processed
        stream->start();
        const QByteArray expected("HTTP/1.1 101 Switching Protocols\r\n\r\n");
        QTRY_COMPARE(p->peer->bytesAvailable(), qint64(expected.size())); // QTRY_ evaluates twice: nothing that consumes
        QCOMPARE(p->peer->readAll(), expected);
    }

    void disconnectFromHostSendsEverythingFirst()
    {
        auto p = streamPair();
        QVERIFY(p);
        TcpStream *stream = p->stream.get();
        QSignalSpy gone(stream, &TcpStream::disconnected);
        stream->start();
        const QByteArray data = pattern(4 * 1024 * 1024);
        stream->write(data);
        stream->disconnectFromHost();
        QVERIFY(!stream->isConnected());
        stream->write("dropped: written after the close"); // ignored
        QByteArray got;
        connect(p->peer.get(), &QIODevice::readyRead, this, [&] { got.append(p->peer->readAll()); });
        QTRY_COMPARE_WITH_TIMEOUT(p->peer->state(), QAbstractSocket::UnconnectedState, 20000);
        got.append(p->peer->readAll());
        QVERIFY(got == data);
        QTRY_COMPARE(gone.size(), 1);
        QTest::qWait(50);
        QCOMPARE(gone.size(), 1);
    }

    void peerCloseEndsTheStreamOnce()
    {
        auto p = streamPair();
        QVERIFY(p);
        TcpStream *stream = p->stream.get();
        QSignalSpy gone(stream, &TcpStream::disconnected);
        QByteArray got;
        connect(stream, &TcpStream::received, this, [&got](QByteArrayView data) { got.append(data); });
        stream->start();
        p->peer->write("last words");
        p->peer->disconnectFromHost();
        QTRY_COMPARE(gone.size(), 1);
        QCOMPARE(got, QByteArray("last words"));
        QVERIFY(!stream->isConnected());
        stream->abort(); // nothing left to end: no second signal
        QTest::qWait(50);
        QCOMPARE(gone.size(), 1);
    }

    void abortReportsFromTheEventLoop()
    {
        auto p = streamPair();
        QVERIFY(p);
        TcpStream *stream = p->stream.get();
        QSignalSpy gone(stream, &TcpStream::disconnected);
        stream->start();
        stream->write("never sent");
        stream->abort();
        QCOMPARE(gone.size(), 0); // not from inside the caller's call
        QVERIFY(!stream->isConnected());
        QCOMPARE(stream->bytesToWrite(), 0);
        QTRY_COMPARE(gone.size(), 1);
        QTRY_COMPARE(p->peer->state(), QAbstractSocket::UnconnectedState);
        QCOMPARE(p->peer->readAll(), QByteArray());
    }

    void closedBeforeStartIsReportedByStart()
    {
        auto p = streamPair();
        QVERIFY(p);
        TcpStream *stream = p->stream.get();
        QSignalSpy gone(stream, &TcpStream::disconnected);
        stream->abort();
        QTest::qWait(50);
        QCOMPARE(gone.size(), 0); // nobody listens before start()
        stream->start();
        QTRY_COMPARE(gone.size(), 1);
    }

    void connectionSlotMovesToTheStream()
    {
        auto limiter = std::make_shared<ConnectionLimiter>(1, 10);
        auto p = connectedPair();
        QVERIFY(p);
        const QHostAddress peer = p->accepted->peerAddress();
        QVERIFY(limiter->tryAcquire(peer));
        new ConnectionSlot(limiter, p->accepted);
        QPointer<QTcpSocket> socket = p->accepted;
        std::unique_ptr<TcpStream> stream(TcpStream::take(p->accepted));
        QVERIFY(stream);
        QTRY_VERIFY(socket.isNull()); // the QTcpSocket is gone ...
        QCOMPARE(limiter->openFor(peer), 1); // ... the connection's slot is not
        stream->start();
        stream->write("still here");
        QTRY_COMPARE(p->peer->bytesAvailable(), qint64(10));
        stream.reset();
        QCOMPARE(limiter->openFor(peer), 0);
        QTRY_COMPARE(p->peer->state(), QAbstractSocket::UnconnectedState);
    }
};

QTEST_GUILESS_MAIN(TestTcpStream)
#include "tst_tcp_stream.moc"
