// RFC 6455 as banterd reads and writes it (server/realtime/engine/WebSocketFrameReader, WebSocketFrameWriter,
// WebSocketHandshake): pure code, bytes in and out.
#include "realtime/engine/WebSocketFrameReader.h"
#include "realtime/engine/WebSocketFrameWriter.h"
#include "realtime/engine/WebSocketHandshake.h"

#include <QTest>

using namespace Banter::Server;
using Kind = WebSocketFrameReader::Kind;
using namespace Qt::StringLiterals;

namespace {

QByteArray clientFrame(int opcode, const QByteArray &payload, bool mask = true, bool fin = true, int rsv = 0,
                       int forceLength = -1)
{
    QByteArray f;
    f.append(char((fin ? 0x80 : 0) | rsv | opcode));
    const qsizetype n = payload.size();
    const char m = mask ? char(0x80) : char(0);
    if (forceLength == 127 || n > 0xFFFF) {
        f.append(char(m | 127));
        for (int shift = 56; shift >= 0; shift -= 8)
            f.append(char((quint64(n) >> shift) & 0xFF));
    } else if (n >= 126) {
        f.append(char(m | 126));
        f.append(char(n >> 8));
        f.append(char(n & 0xFF));
    } else {
        f.append(char(m | n));
    }
    if (!mask)
        return f + payload;
    const char key[4] = {0x12, 0x34, 0x56, 0x78};
    f.append(key, 4);
    for (qsizetype i = 0; i < n; ++i)
        f.append(char(payload[i] ^ key[i & 3]));
    return f;
}

struct Outcome
{
    QList<WebSocketFrameReader::Message> messages;
    int failure = 0;
};

Outcome read(const QByteArray &bytes, qint64 max = 1024, bool byteByByte = false)
{
    WebSocketFrameReader reader(max);
    Outcome o;
    if (byteByByte) {
        for (char c : bytes)
            if (!reader.feed(QByteArrayView(&c, 1), o.messages))
                break;
    } else {
        reader.feed(bytes, o.messages);
    }
    o.failure = reader.failure() ? reader.failure()->closeCode : 0;
    return o;
}

QByteArray closePayload(quint16 code, const QByteArray &reason = {})
{
    return QByteArray(1, char(code >> 8)) + char(code & 0xFF) + reason;
}

} // namespace

class TestWebSocketFraming : public QObject
{
    Q_OBJECT

private slots:
    void masked()
    {
        const Outcome o = read(clientFrame(1, "40") + clientFrame(2, "\x01\x02") + clientFrame(9, "hi"));
        QCOMPARE(o.failure, 0);
        QCOMPARE(o.messages.size(), 3);
        QCOMPARE(o.messages[0].kind, Kind::Text);
        QCOMPARE(o.messages[0].payload, "40");
        QCOMPARE(o.messages[1].kind, Kind::Binary);
        QCOMPARE(o.messages[2].kind, Kind::Ping);
        QCOMPARE(o.messages[2].payload, "hi");
    }

    void byteByByteIsTheSame()
    {
        const QByteArray stream = clientFrame(1, QByteArray(300, 'a')) + clientFrame(1, "hel", true, false)
            + clientFrame(9, "p") + clientFrame(0, "lo") + clientFrame(8, closePayload(1000, "bye"));
        const Outcome whole = read(stream);
        const Outcome bytes = read(stream, 1024, true);
        QCOMPARE(whole.failure, 0);
        QCOMPARE(bytes.failure, 0);
        QCOMPARE(whole.messages.size(), 4);
        QCOMPARE(bytes.messages.size(), 4);
        for (int i = 0; i < 4; ++i) {
            QCOMPARE(bytes.messages[i].kind, whole.messages[i].kind);
            QCOMPARE(bytes.messages[i].payload, whole.messages[i].payload);
        }
        // A ping between the fragments comes out first; the fragments join.
        QCOMPARE(whole.messages[1].kind, Kind::Ping);
        QCOMPARE(whole.messages[2].payload, "hello");
        QCOMPARE(whole.messages[3].kind, Kind::Close);
        QCOMPARE(whole.messages[3].closeCode, 1000);
        QCOMPARE(whole.messages[3].payload, "bye");
    }

    void violations_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("code");
        QTest::newRow("unmasked") << clientFrame(1, "40", false) << 1002;
        QTest::newRow("rsv1") << clientFrame(1, "40", true, true, 0x40) << 1002;
        QTest::newRow("opcode 3") << clientFrame(3, "x") << 1002;
        QTest::newRow("opcode 11") << clientFrame(11, "x") << 1002;
        QTest::newRow("fragmented ping") << clientFrame(9, "x", true, false) << 1002;
        QTest::newRow("ping 126 bytes") << clientFrame(9, QByteArray(126, 'x')) << 1002;
        QTest::newRow("lone continuation") << clientFrame(0, "x") << 1002;
        QTest::newRow("text inside fragments") << clientFrame(1, "a", true, false) + clientFrame(1, "b") << 1002;
        QTest::newRow("64-bit length, top bit") << QByteArray("\x81\xFF\x80\x00\x00\x00\x00\x00\x00\x01", 10) << 1002;
        QTest::newRow("too big, judged from the header") << QByteArray("\x81\xFE\x10\x00", 4) << 1009;
        QTest::newRow("too big in fragments") << clientFrame(1, QByteArray(600, 'a'), true, false)
                                                     + clientFrame(0, QByteArray(600, 'a')) << 1009;
        QTest::newRow("text not UTF-8") << clientFrame(1, "\xC3\x28") << 1007;
        QTest::newRow("lone surrogate as UTF-8") << clientFrame(1, "\xED\xA0\x80") << 1007;
        QTest::newRow("close 1 byte") << clientFrame(8, "\x03") << 1002;
        QTest::newRow("close code 1005") << clientFrame(8, closePayload(1005)) << 1002;
        QTest::newRow("close code 999") << clientFrame(8, closePayload(999)) << 1002;
        QTest::newRow("close reason not UTF-8") << clientFrame(8, closePayload(1000, "\xFF")) << 1007;
    }

    void violations()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, code);
        QCOMPARE(read(bytes).failure, code);
        QCOMPARE(read(bytes, 1024, true).failure, code);
    }

    void utf8SplitAcrossFragmentsIsFine()
    {
        const Outcome o = read(clientFrame(1, "\xC3", true, false) + clientFrame(0, "\xA9"));
        QCOMPARE(o.failure, 0);
        QCOMPARE(QString::fromUtf8(o.messages.value(0).payload), u"é"_s);
    }

    void closeWithoutCode()
    {
        const Outcome o = read(clientFrame(8, {}));
        QCOMPARE(o.messages.size(), 1);
        QCOMPARE(o.messages[0].closeCode, 1005);
    }

    void nothingAfterFailure()
    {
        WebSocketFrameReader reader(1024);
        QList<WebSocketFrameReader::Message> out;
        QVERIFY(!reader.feed(clientFrame(1, "x", false), out));
        QVERIFY(!reader.feed(clientFrame(1, "y"), out));
        QVERIFY(out.isEmpty());
    }

    void writerLengths()
    {
        using namespace WebSocketFrameWriter;
        QCOMPARE(frame(Opcode::Text, QByteArray(125, 'a')).left(2), QByteArray("\x81\x7D"));
        QCOMPARE(frame(Opcode::Text, QByteArray(126, 'a')).left(4), QByteArray("\x81\x7E\x00\x7E", 4));
        QCOMPARE(frame(Opcode::Binary, QByteArray(70000, 'a')).left(10),
                 QByteArray("\x82\x7F\x00\x00\x00\x00\x00\x01\x11\x70", 10));
        QCOMPARE(frame(Opcode::Text, QByteArray(70000, 'a')).size(), 70010);
    }

    void writerCloseReasonFitsOnACharacterBoundary()
    {
        const QByteArray reason = QString(u"é"_s.repeated(100)).toUtf8(); // 200 bytes
        const QByteArray f = WebSocketFrameWriter::close(1000, reason);
        const int payload = quint8(f[1]);
        QVERIFY(payload <= 125);
        QCOMPARE(payload, 2 + 122); // 61 whole characters
        QVERIFY(QString::fromUtf8(f.mid(4)).size() == 61);
    }

    void handshakeAcceptKey()
    {
        // RFC 6455 §1.3's example.
        QCOMPARE(WebSocketHandshake::acceptKey("dGhlIHNhbXBsZSBub25jZQ=="), QByteArray("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
    }

    void handshakeAnswers_data()
    {
        QTest::addColumn<QByteArray>("head");
        QTest::addColumn<QByteArray>("status");
        const QByteArray good = "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                                "Connection: keep-alive, Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                "Sec-WebSocket-Version: 13\r\n\r\n";
        QTest::newRow("good") << good << QByteArray("101");
        QTest::newRow("EIO 3") << QByteArray(good).replace("EIO=4", "EIO=3") << QByteArray("400");
        QTest::newRow("polling") << QByteArray(good).replace("=websocket", "=polling") << QByteArray("400");
        QTest::newRow("other path") << QByteArray(good).replace("/socket.io/", "/chat/") << QByteArray("404");
        QTest::newRow("version 8") << QByteArray(good).replace("Version: 13", "Version: 8") << QByteArray("426");
        QTest::newRow("short key") << QByteArray(good).replace("dGhlIHNhbXBsZSBub25jZQ==", "abc") << QByteArray("400");
        QTest::newRow("POST") << QByteArray(good).replace("GET ", "POST ") << QByteArray("400");
        QTest::newRow("garbage") << QByteArray("nonsense\r\n\r\n") << QByteArray("400");
    }

    void handshakeAnswers()
    {
        QFETCH(QByteArray, head);
        QFETCH(QByteArray, status);
        QCOMPARE(WebSocketHandshake::headLength(head), std::optional<qsizetype>(head.size()));
        const auto outcome = WebSocketHandshake::answer(WebSocketHandshake::parse(head));
        QCOMPARE(outcome.response.mid(9, 3), status);
        QCOMPARE(outcome.accepted, status == "101");
        if (outcome.accepted)
            QVERIFY(outcome.response.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"));
    }
};

QTEST_APPLESS_MAIN(TestWebSocketFraming)
#include "tst_websocket_framing.moc"
