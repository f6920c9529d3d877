// HttpHeadScanner: the HTTP/1.1 framing limits enforced before QHttpServer sees a request — every limit, the
// framing tricks, pipelining, and that any split of the stream gives the same verdict.
#include "http/HttpHeadScanner.h"

#include <QTest>

using namespace Banter::Server;
using namespace Qt::StringLiterals;

class TestHttpHeadScanner : public QObject
{
    Q_OBJECT

    // Feeds the stream whole, byte by byte and in odd pieces; all three must agree. Returns the status (0: none).
    static int verdict(const QByteArray &stream, HttpHeadScanner *last = nullptr)
    {
        int statuses[3] = {0, 0, 0};
        HttpHeadScanner whole, bytes, pieces;
        if (auto r = whole.feed(stream))
            statuses[0] = r->status;
        for (qsizetype i = 0; i < stream.size() && !statuses[1]; ++i) {
            if (auto r = bytes.feed(QByteArrayView(stream).sliced(i, 1)))
                statuses[1] = r->status;
        }
        for (qsizetype i = 0; i < stream.size() && !statuses[2]; i += 7) {
            if (auto r = pieces.feed(QByteArrayView(stream).sliced(i, qMin<qsizetype>(7, stream.size() - i))))
                statuses[2] = r->status;
        }
        if (statuses[0] != statuses[1] || statuses[0] != statuses[2])
            qWarning("splits disagree: %d %d %d", statuses[0], statuses[1], statuses[2]);
        if (last)
            *last = whole;
        return statuses[0] == statuses[1] && statuses[0] == statuses[2] ? statuses[0] : -1;
    }

private slots:
    void acceptsOrdinaryRequests()
    {
        HttpHeadScanner s;
        QCOMPARE(verdict("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", &s), 0);
        QCOMPARE(s.requestsCompleted(), 1);
        QCOMPARE(s.phase(), HttpHeadScanner::Phase::Idle);
        QCOMPARE(verdict("POST /a HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello"
                         "GET /b HTTP/1.0\nHost: y\n\n\r\n"
                         "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n0\r\nT: v\r\n\r\n", &s),
                 0);
        QCOMPARE(s.requestsCompleted(), 3);
    }

    void tracksAPartialRequest()
    {
        HttpHeadScanner s;
        QVERIFY(!s.feed("GET / HTTP/1.1\r\nHo"));
        QVERIFY(s.inHead());
        QVERIFY(!s.feed("st: x\r\nContent-Length: 10\r\n\r\n12345"));
        QVERIFY(s.inBody());
        QCOMPARE(s.bodyBudget(), 10);
        QVERIFY(!s.feed("67890GET"));
        QCOMPARE(s.requestsCompleted(), 1);
        QVERIFY(s.inHead());
    }

    void requestLineLimit()
    {
        const QByteArray ok = "GET /" + QByteArray(8192 - 15, 'a') + " HTTP/1.1\r\n\r\n"; // exactly 8192
        QCOMPARE(verdict(ok), 0);
        QCOMPARE(verdict("GET /" + QByteArray(8192, 'a') + " HTTP/1.1\r\n\r\n"), 414);
        // Refused while it grows, without waiting for the end of the line.
        HttpHeadScanner s;
        QCOMPARE(s.feed("GET /" + QByteArray(100000, 'a'))->status, 414);
    }

    void headerLimits()
    {
        QByteArray hundred = "GET / HTTP/1.1\r\n";
        for (int i = 0; i < 100; ++i)
            hundred += "X-" + QByteArray::number(i) + ": v\r\n";
        QCOMPARE(verdict(hundred + "\r\n"), 0);
        QCOMPARE(verdict(hundred + "X-Last: v\r\n\r\n"), 431);
        QCOMPARE(verdict("GET / HTTP/1.1\r\nX-Big: " + QByteArray(33 * 1024, 'b') + "\r\n\r\n"), 431);
        HttpHeadScanner s;
        QCOMPARE(s.feed("GET / HTTP/1.1\r\nX-Endless: " + QByteArray(10 * 1024 * 1024, 'e'))->status, 431);
        // Trailers count too.
        QCOMPARE(verdict("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nT: " + QByteArray(33 * 1024, 't')
                         + "\r\n\r\n"),
                 431);
    }

    void bodyLimits()
    {
        HttpLimits limits;
        QCOMPARE(verdict("POST / HTTP/1.1\r\nContent-Length: " + QByteArray::number(limits.maxBodyBytes) + "\r\n\r\n"), 0);
        QCOMPARE(verdict("POST / HTTP/1.1\r\nContent-Length: " + QByteArray::number(limits.maxBodyBytes + 1) + "\r\n\r\n"),
                 413);
        QCOMPARE(verdict("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n"), 400);
        QByteArray chunked = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
        const QByteArray chunk = "80000\r\n" + QByteArray(0x80000, 'c') + "\r\n";
        QCOMPARE(verdict(chunked + chunk + chunk + "0\r\n\r\n"), 0); // exactly 1 MiB
        QCOMPARE(verdict(chunked + chunk + chunk + "1\r\n"), 413);
        QCOMPARE(verdict(chunked + "fffffffffffffff\r\n"), 413);
        QCOMPARE(verdict(chunked + "ffffffffffffffff\r\n"), 400); // 16 hex digits: no overflow, refused
        QCOMPARE(verdict(chunked + "zz\r\n"), 400);
        QCOMPARE(verdict(chunked + "3\r\nabcd\r\n"), 400); // data longer than its size
    }

    void framingTricks()
    {
        QCOMPARE(verdict("POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"), 400);
        QCOMPARE(verdict("POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n"), 400);
        QCOMPARE(verdict("POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc"), 0);
        QCOMPARE(verdict("POST / HTTP/1.1\r\nContent-Length: -3\r\n\r\n"), 400);
        QCOMPARE(verdict("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"), 501);
        QCOMPARE(verdict("GET / HTTP/1.1\r\nX: a\r\n folded\r\n\r\n"), 400);
        QCOMPARE(verdict("GET / HTTP/1.1\r\nno colon\r\n\r\n"), 400);
        QCOMPARE(verdict("GET / HTTP/1.1\r\nBad Name: v\r\n\r\n"), 400);
        QCOMPARE(verdict("GET / HTTP/1.1\r\nX: a\0b\r\n\r\n"_ba), 400);
        QCOMPARE(verdict("GET /\r\n\r\n"), 400);
        QCOMPARE(verdict("G(T / HTTP/1.1\r\n\r\n"), 400);
        QCOMPARE(verdict("GET / HTTP/2.0\r\n\r\n"), 505);
        QCOMPARE(verdict("GET / FTP/1.1\r\n\r\n"), 400);
    }

    void upgradeStopsScanning()
    {
        HttpHeadScanner s;
        // After an upgrade head come WebSocket frames, which are not HTTP and must not be judged as such.
        QCOMPARE(verdict("GET /socket.io/ HTTP/1.1\r\nUpgrade: websocket\r\nConnection: keep-alive, Upgrade\r\n\r\n"
                         "\x81\x85\x01\x02\x03\x04garbage\r\n\r\n"_ba,
                         &s),
                 0);
        QVERIFY(s.upgradeRequested());
        // Upgrade without Connection: upgrade is an ordinary request.
        QCOMPARE(verdict("GET / HTTP/1.1\r\nUpgrade: websocket\r\n\r\nGET / HTTP/1.1\r\n\r\n", &s), 0);
        QVERIFY(!s.upgradeRequested());
        QCOMPARE(s.requestsCompleted(), 2);
    }

    void resetStartsOver()
    {
        HttpHeadScanner s;
        QVERIFY(s.feed("GET / HTTP/1.1\r\nContent-Length: x\r\n\r\n"));
        s.reset();
        QVERIFY(!s.feed("GET / HTTP/1.1\r\n\r\n"));
        QCOMPARE(s.requestsCompleted(), 1);
    }
};

QTEST_APPLESS_MAIN(TestHttpHeadScanner)
#include "tst_http_head_scanner.moc"
