#include "service/PushHttpClient.h"

#include <QEventLoop>
#include <QHash>
#include <QMetaEnum>
#include <QNetworkProxy>
#include <QSslSocket>
#include <QThread>
#include <QTimer>

#include <memory>
#include <vector>

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

constexpr qsizetype MaxHeadBytes = 16 * 1024;
constexpr qint64 MaxBodyBytes = 64 * 1024;
constexpr qsizetype MaxIdlePerKey = 64;

QString keyOf(const HttpPost &p)
{
    return (p.tls ? u"s|"_s : u"p|"_s) + p.address.toString() + u'|' + QString::number(p.port) + u'|' + p.verifyName;
}

// Kept-alive connections of one thread, by scheme, address, port and verify name; it owns them.
struct IdleConnections
{
    QHash<QString, std::vector<QSslSocket *>> byKey;
    IdleConnections() = default;
    IdleConnections(const IdleConnections &) = delete;
    IdleConnections &operator=(const IdleConnections &) = delete;
    ~IdleConnections()
    {
        for (const auto &list : std::as_const(byKey))
            for (QSslSocket *s : list)
                delete s;
    }
};

// Destroyed with the thread (in it, before Qt's per-thread data: Qt objects die on their own thread) or by
// releaseThreadConnections().
thread_local std::unique_ptr<IdleConnections> t_idle;

QHash<QString, std::vector<QSslSocket *>> &idle()
{
    if (!t_idle)
        t_idle = std::make_unique<IdleConnections>();
    return t_idle->byKey;
}

// What a response says once it is complete; nullopt while more bytes are needed; an error for a malformed one.
struct Parsed
{
    bool complete = false;
    bool malformed = false;
    bool keepAlive = true;
    int status = 0;
    QByteArray retryAfter;
    QByteArray body;                                  // with keep only, once complete
    QList<std::pair<QByteArray, QByteArray>> headers; // with keep only
};

// keep > 0: the body (at most keep bytes) and the header lines are returned too.
Parsed parseResponse(const QByteArray &in, bool closed, qint64 keep = 0)
{
    Parsed p;
    const qsizetype headEnd = in.indexOf("\r\n\r\n");
    if (headEnd < 0) {
        p.malformed = in.size() > MaxHeadBytes || closed;
        return p;
    }
    const QByteArrayView head(in.constData(), headEnd);
    const qsizetype lineEnd = head.indexOf("\r\n");
    const QByteArrayView statusLine = lineEnd < 0 ? head : head.first(lineEnd);
    if (!statusLine.startsWith("HTTP/1.") || statusLine.size() < 12) {
        p.malformed = true;
        return p;
    }
    bool ok = false;
    p.status = statusLine.sliced(9, 3).toInt(&ok);
    if (!ok || p.status < 100) {
        p.malformed = true;
        return p;
    }
    p.keepAlive = statusLine.startsWith("HTTP/1.1");
    qint64 length = -1;
    bool chunked = false;
    qsizetype at = lineEnd < 0 ? head.size() : lineEnd + 2;
    while (at < head.size()) {
        qsizetype end = head.indexOf("\r\n", at);
        if (end < 0)
            end = head.size();
        const QByteArrayView line = head.sliced(at, end - at);
        at = end + 2;
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.first(colon).trimmed().toByteArray().toLower();
        const QByteArray value = line.sliced(colon + 1).trimmed().toByteArray();
        if (keep > 0)
            p.headers.append({name, value});
        if (name == "content-length") {
            length = value.toLongLong(&ok);
            if (!ok || length < 0) {
                p.malformed = true;
                return p;
            }
        } else if (name == "transfer-encoding") {
            chunked = value.toLower().contains("chunked");
        } else if (name == "connection") {
            const QByteArray v = value.toLower();
            if (v.contains("close"))
                p.keepAlive = false;
            else if (v.contains("keep-alive"))
                p.keepAlive = true;
        } else if (name == "retry-after") {
            p.retryAfter = value;
        }
    }
    const qsizetype bodyStart = headEnd + 4;
    const qint64 bodyBytes = in.size() - bodyStart;
    const qint64 maxBody = keep > 0 ? keep : MaxBodyBytes;
    if (p.status == 204 || p.status == 304 || p.status < 200) {
        p.complete = true;
    } else if (chunked) {
        // Chunks: size in hex, CRLF, data, CRLF; a zero chunk, trailers, CRLF ends it.
        qsizetype pos = bodyStart;
        for (;;) {
            const qsizetype sizeEnd = in.indexOf("\r\n", pos);
            if (sizeEnd < 0)
                break;
            const QByteArray sizeText = in.mid(pos, sizeEnd - pos).split(';').first().trimmed();
            const qint64 size = sizeText.toLongLong(&ok, 16);
            if (!ok || size < 0) {
                p.malformed = true;
                return p;
            }
            if (size == 0) {
                p.complete = in.indexOf("\r\n\r\n", sizeEnd) >= 0; // the last chunk, trailers, the empty line
                break;
            }
            if (in.size() < sizeEnd + 2 + size + 2)
                break;
            if (keep > 0)
                p.body += in.mid(sizeEnd + 2, size);
            pos = sizeEnd + 2 + size + 2;
        }
    } else if (length >= 0) {
        p.complete = bodyBytes >= length;
        if (keep > 0 && p.complete)
            p.body = in.mid(bodyStart, length);
    } else {
        p.keepAlive = false; // the body runs until the connection closes
        p.complete = closed;
        if (keep > 0 && p.complete)
            p.body = in.mid(bodyStart);
    }
    if ((!p.complete || keep > 0) && bodyBytes > maxBody)
        p.malformed = true; // no push service answers at this length: give up on the connection, keep the status
    if (p.malformed)
        p.body.clear();
    return p;
}

} // namespace

void PushHttpClient::releaseThreadConnections()
{
    t_idle.reset();
}

QList<HttpAnswer> PushHttpClient::post(const QList<HttpPost> &posts, int width, std::chrono::milliseconds timeout)
{
    QList<HttpAnswer> answers(posts.size());
    if (posts.isEmpty())
        return answers;
    QThread::currentThread(); // adopts a std::thread before any QObject is made on it
    QEventLoop loop;

    struct Flight
    {
        QSslSocket *socket = nullptr;
        qsizetype index = -1;
        QString key;
        QByteArray in;
        bool reused = false;
        bool retried = false;
        bool sent = false;
        std::chrono::steady_clock::time_point deadline;
    };
    std::vector<Flight> flights(size_t(std::max(1, width)));
    qsizetype next = 0;
    int inFlight = 0;
    QTimer deadlines;
    deadlines.setSingleShot(true);
    std::vector<QSslSocket *> dead; // deleted once the loop is out of their signals

    std::function<void(size_t)> start;
    std::function<void()> fill;

    const auto release = [&](size_t slot, bool reusable) {
        Flight &f = flights[slot];
        QSslSocket *s = f.socket;
        s->disconnect(&loop);
        auto &list = idle()[f.key];
        if (reusable && s->state() == QAbstractSocket::ConnectedState && qsizetype(list.size()) < MaxIdlePerKey) {
            list.push_back(s);
        } else {
            s->abort();
            dead.push_back(s);
        }
        f = Flight{};
        --inFlight;
    };
    const auto fail = [&](size_t slot, const QString &error) {
        Flight &f = flights[slot];
        // A kept-alive connection the server had closed meanwhile: the request never got there; once more on a
        // fresh connection.
        if (f.reused && !f.retried && f.in.isEmpty()) {
            const qsizetype index = f.index;
            release(slot, false);
            flights[slot].index = index;
            flights[slot].retried = true;
            ++inFlight;
            start(slot);
            return;
        }
        answers[f.index].error = error;
        release(slot, false);
        fill();
    };
    const auto onData = [&](size_t slot) {
        Flight &f = flights[slot];
        f.in += f.socket->readAll();
        const bool closed = f.socket->state() != QAbstractSocket::ConnectedState;
        const Parsed p = parseResponse(f.in, closed, posts[f.index].keepResponseBytes);
        if (p.status != 0 && (p.complete || p.malformed)) {
            answers[f.index].status = p.status;
            answers[f.index].retryAfter = p.retryAfter;
            answers[f.index].body = p.body;
            answers[f.index].headers = p.headers;
            if (p.malformed && posts[f.index].keepResponseBytes > 0)
                answers[f.index].error = u"a malformed or too long answer"_s;
            release(slot, p.complete && !p.malformed && p.keepAlive);
            fill();
        } else if (p.malformed) {
            fail(slot, u"a malformed answer"_s);
        }
    };
    const auto send = [&](size_t slot) {
        Flight &f = flights[slot];
        if (f.sent)
            return;
        f.sent = true;
        const HttpPost &p = posts[f.index];
        QByteArray request;
        request.reserve(p.head.size() + p.body.size() + 32);
        request += p.head;
        request += "Content-Length: " + QByteArray::number(p.body.size()) + "\r\n\r\n";
        request += p.body;
        f.socket->write(request);
    };
    start = [&](size_t slot) {
        Flight &f = flights[slot];
        const HttpPost &p = posts[f.index];
        f.key = keyOf(p);
        f.deadline = std::chrono::steady_clock::now() + timeout;
        auto &list = idle()[f.key];
        while (!list.empty() && !f.socket) {
            QSslSocket *s = list.back();
            list.pop_back();
            if (s->state() == QAbstractSocket::ConnectedState && s->bytesAvailable() == 0) {
                f.socket = s;
                f.reused = true;
            } else {
                s->abort();
                dead.push_back(s);
            }
        }
        if (!f.socket) {
            f.socket = new QSslSocket;
            f.socket->setProxy(QNetworkProxy::NoProxy);
            f.reused = false;
        }
        QSslSocket *s = f.socket;
        QObject::connect(s, &QSslSocket::readyRead, &loop, [&, slot] { onData(slot); });
        QObject::connect(s, &QSslSocket::disconnected, &loop, [&, slot] {
            Flight &g = flights[slot];
            if (!g.socket)
                return;
            const Parsed parsed = parseResponse(g.in + g.socket->readAll(), true, posts[g.index].keepResponseBytes);
            if (parsed.status != 0 && (parsed.complete || parsed.malformed)) {
                answers[g.index].status = parsed.status;
                answers[g.index].retryAfter = parsed.retryAfter;
                answers[g.index].body = parsed.body;
                answers[g.index].headers = parsed.headers;
                if (parsed.malformed && posts[g.index].keepResponseBytes > 0)
                    answers[g.index].error = u"a malformed or too long answer"_s;
                release(slot, false);
                fill();
            } else {
                fail(slot, u"RemoteHostClosedError"_s);
            }
        });
        QObject::connect(s, &QSslSocket::errorOccurred, &loop, [&, slot](QAbstractSocket::SocketError e) {
            Flight &g = flights[slot];
            if (!g.socket || e == QAbstractSocket::RemoteHostClosedError)
                return; // disconnected() decides
            fail(slot, QString::fromLatin1(QMetaEnum::fromType<QAbstractSocket::SocketError>().valueToKey(e)));
        });
        QObject::connect(s, &QSslSocket::sslErrors, &loop, [&, slot](const QList<QSslError> &) {
            Flight &g = flights[slot];
            if (g.socket)
                fail(slot, u"SslHandshakeFailedError"_s);
        });
        if (f.reused) {
            send(slot);
            return;
        }
        // Requests are written whole: without Nagle they leave at once (no waiting on the peer's delayed ACK).
        QObject::connect(s, &QSslSocket::connected, &loop, [&, slot, tls = p.tls] {
            flights[slot].socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
            if (!tls)
                send(slot);
        });
        if (p.tls) {
            QObject::connect(s, &QSslSocket::encrypted, &loop, [&, slot] { send(slot); });
            s->connectToHostEncrypted(p.address.toString(), p.port,
                                      p.verifyName.isEmpty() ? p.address.toString() : p.verifyName);
        } else {
            s->connectToHost(p.address, p.port);
        }
    };
    const auto arm = [&] {
        auto earliest = std::chrono::steady_clock::time_point::max();
        for (const Flight &f : flights)
            if (f.socket)
                earliest = std::min(earliest, f.deadline);
        if (earliest == std::chrono::steady_clock::time_point::max())
            return deadlines.stop();
        deadlines.start(std::max(std::chrono::ceil<std::chrono::milliseconds>(earliest - std::chrono::steady_clock::now()),
                                 std::chrono::milliseconds(0)));
    };
    fill = [&] {
        for (size_t slot = 0; slot < flights.size() && next < posts.size(); ++slot) {
            if (flights[slot].socket || flights[slot].index >= 0)
                continue;
            flights[slot].index = next++;
            ++inFlight;
            start(slot);
        }
        arm();
        if (inFlight == 0 && next >= posts.size())
            loop.quit();
    };
    QObject::connect(&deadlines, &QTimer::timeout, &loop, [&] {
        const auto now = std::chrono::steady_clock::now();
        for (size_t slot = 0; slot < flights.size(); ++slot) {
            Flight &f = flights[slot];
            if (f.socket && f.deadline <= now) {
                answers[f.index].error = QStringLiteral("no answer within %1 ms").arg(timeout.count());
                release(slot, false);
            }
        }
        fill();
    });

    fill();
    if (inFlight > 0)
        loop.exec();
    for (QSslSocket *s : dead)
        delete s;
    return answers;
}

} // namespace Banter::Server
