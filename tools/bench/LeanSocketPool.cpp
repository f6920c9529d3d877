#include "LeanSocketPool.h"

#include "LeanWebSocketFrames.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>

#ifndef IP_BIND_ADDRESS_NO_PORT
#define IP_BIND_ADDRESS_NO_PORT 24 // linux/in.h; older libc headers lack it
#endif

namespace {
constexpr std::uint64_t WakeTag = ~std::uint64_t(0);
constexpr int PollTimeoutMs = 50;
constexpr int SweepEveryMs = 250;
constexpr std::size_t MaxHeadBytes = 8192;
constexpr std::string_view Delivery = "42[\"message:received\",";

std::string base64(const unsigned char *data, std::size_t size)
{
    static constexpr char Alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    for (std::size_t i = 0; i < size; i += 3) {
        const std::uint32_t chunk = (std::uint32_t(data[i]) << 16) | (i + 1 < size ? std::uint32_t(data[i + 1]) << 8 : 0)
                                    | (i + 2 < size ? std::uint32_t(data[i + 2]) : 0);
        out.push_back(Alphabet[(chunk >> 18) & 63]);
        out.push_back(Alphabet[(chunk >> 12) & 63]);
        out.push_back(i + 1 < size ? Alphabet[(chunk >> 6) & 63] : '=');
        out.push_back(i + 2 < size ? Alphabet[chunk & 63] : '=');
    }
    return out;
}

std::string errnoText(const char *what, int error)
{
    return std::string(what) + ": " + std::strerror(error);
}
} // namespace

LeanSocketPool::LeanSocketPool(Settings settings)
    : m_settings(std::move(settings)),
      m_probes(m_settings.groupOfUser, m_settings.devices, int(m_settings.connectPackets.size()) * m_settings.devices)
{
    const int users = int(m_settings.connectPackets.size());
    m_sockets.resize(std::size_t(users) * std::size_t(m_settings.devices));
    for (std::size_t i = 0; i < m_sockets.size(); ++i) {
        m_sockets[i].user = std::int32_t(i / std::size_t(m_settings.devices));
        m_sockets[i].device = std::uint16_t(i % std::size_t(m_settings.devices));
    }
}

LeanSocketPool::~LeanSocketPool()
{
    stop();
    if (m_epoll >= 0)
        ::close(m_epoll);
    if (m_wake >= 0)
        ::close(m_wake);
}

bool LeanSocketPool::start(std::string &error)
{
    m_epoll = epoll_create1(EPOLL_CLOEXEC);
    m_wake = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (m_epoll < 0 || m_wake < 0) {
        error = errnoText("epoll/eventfd", errno);
        return false;
    }
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = WakeTag;
    if (epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_wake, &ev) != 0) {
        error = errnoText("epoll_ctl", errno);
        return false;
    }
    m_originNs = std::chrono::duration_cast<std::chrono::nanoseconds>(
                     std::chrono::steady_clock::now().time_since_epoch()).count();
    m_rng.seed(std::random_device{}());
    m_readBuffer.resize(64 * 1024);
    m_thread = std::thread([this] { run(); });
    return true;
}

void LeanSocketPool::probe(std::vector<LeanProbeLedger::Send> sends)
{
    {
        std::lock_guard lock(m_mutex);
        for (LeanProbeLedger::Send &s : sends)
            m_commands.push_back(std::move(s));
    }
    const std::uint64_t one = 1;
    [[maybe_unused]] const ssize_t written = ::write(m_wake, &one, sizeof one);
}

void LeanSocketPool::stop()
{
    if (!m_thread.joinable())
        return;
    m_stopping = true;
    const std::uint64_t one = 1;
    [[maybe_unused]] const ssize_t written = ::write(m_wake, &one, sizeof one);
    m_thread.join();
}

std::map<std::string, int> LeanSocketPool::problems() const
{
    std::lock_guard lock(m_mutex);
    return m_problems;
}

std::int64_t LeanSocketPool::nowMs() const
{
    const std::int64_t ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                                std::chrono::steady_clock::now().time_since_epoch()).count();
    return (ns - m_originNs) / 1'000'000;
}

void LeanSocketPool::note(const std::string &problem)
{
    std::lock_guard lock(m_mutex);
    ++m_problems[problem];
}

// --- the loop -----------------------------------------------------------------------------------------------

void LeanSocketPool::run()
{
    std::vector<epoll_event> events(512);
    std::int64_t nextSweep = 0;
    while (!m_stopping.load()) {
        const int n = epoll_wait(m_epoll, events.data(), int(events.size()), PollTimeoutMs);
        if (n < 0 && errno != EINTR) {
            note(errnoText("epoll_wait", errno));
            break;
        }
        for (int i = 0; i < n; ++i) {
            if (events[std::size_t(i)].data.u64 == WakeTag) {
                std::uint64_t count = 0;
                [[maybe_unused]] const ssize_t got = ::read(m_wake, &count, sizeof count);
                runCommands();
            } else {
                onEvent(int(events[std::size_t(i)].data.u64), events[std::size_t(i)].events);
            }
        }
        const std::int64_t now = nowMs();
        openMore(now);
        if (now >= nextSweep) {
            sweepDeadlines(now);
            nextSweep = now + SweepEveryMs;
        }
    }
    for (Socket &s : m_sockets)
        closeFd(s);
}

void LeanSocketPool::runCommands()
{
    std::vector<LeanProbeLedger::Send> sends;
    {
        std::lock_guard lock(m_mutex);
        sends.swap(m_commands);
    }
    for (const LeanProbeLedger::Send &p : sends) {
        const int sender = p.user * m_settings.devices;
        const std::string packet = m_probes.start(p, sender);
        if (m_sockets[std::size_t(sender)].state == State::Connected)
            sendFrame(sender, LeanWebSocketFrames::Text, packet);
        else
            m_probes.senderUnavailable(p.group);
    }
}

void LeanSocketPool::openMore(std::int64_t now)
{
    while (m_inHandshake < m_settings.concurrency) {
        int index;
        if (!m_retries.empty() && m_retries.front().dueMs <= now) {
            index = m_retries.front().socket;
            m_retries.pop_front();
        } else if (m_nextToOpen < int(m_sockets.size())) {
            index = m_nextToOpen++;
        } else {
            return;
        }
        beginAttempt(index, now);
    }
}

void LeanSocketPool::beginAttempt(int index, std::int64_t now)
{
    Socket &s = m_sockets[std::size_t(index)];
    s.state = State::Connecting;
    s.deadlineMs = std::uint32_t(now + HandshakeDeadlineMs);
    ++m_inHandshake;
    handshaking = m_inHandshake;
    s.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (s.fd < 0)
        return drop(index, errnoText("socket", errno));
    const int one = 1;
    setsockopt(s.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (m_settings.sourceFirst != 0) {
        // Without NO_PORT, bind() would pick a port for the address alone, and a source address would run out
        // after ~28,000 sockets whatever the destination; with it the port is chosen at connect() per 4-tuple.
        setsockopt(s.fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
        const std::uint32_t span = m_settings.sourceLast - m_settings.sourceFirst + 1;
        sockaddr_in source{};
        source.sin_family = AF_INET;
        source.sin_addr.s_addr = htonl(m_settings.sourceFirst + m_nextSource++ % span);
        if (::bind(s.fd, reinterpret_cast<const sockaddr *>(&source), sizeof source) != 0)
            return drop(index, errnoText("bind", errno));
    }
    sockaddr_in server{};
    server.sin_family = AF_INET;
    server.sin_port = htons(m_settings.serverPort);
    server.sin_addr.s_addr = htonl(m_settings.serverAddress);
    if (::connect(s.fd, reinterpret_cast<const sockaddr *>(&server), sizeof server) != 0 && errno != EINPROGRESS)
        return drop(index, errnoText("connect", errno));
    epoll_event ev{};
    ev.events = EPOLLOUT;
    ev.data.u64 = std::uint64_t(index);
    if (epoll_ctl(m_epoll, EPOLL_CTL_ADD, s.fd, &ev) != 0)
        return drop(index, errnoText("epoll_ctl", errno));
    s.wantWrite = true;
}

void LeanSocketPool::sweepDeadlines(std::int64_t now)
{
    if (m_inHandshake == 0)
        return;
    for (std::size_t i = 0; i < m_sockets.size(); ++i) {
        const Socket &s = m_sockets[i];
        const bool inHandshake = s.state >= State::Connecting && s.state < State::Connected;
        if (inHandshake && std::int64_t(s.deadlineMs) <= now)
            drop(int(i), "handshake deadline (30 s)");
    }
}

void LeanSocketPool::drop(int index, const std::string &reason)
{
    Socket &s = m_sockets[std::size_t(index)];
    closeFd(s);
    std::string().swap(s.in);
    std::string().swap(s.out);
    if (s.state == State::Connected) {
        s.state = State::Gone;
        --connected;
        ++disconnects;
        note("lost after connecting: " + reason);
        return;
    }
    if (s.state == State::Failed || s.state == State::Gone || s.state == State::Waiting)
        return;
    --m_inHandshake;
    handshaking = m_inHandshake;
    if (++s.failures <= MaxRetries) {
        s.state = State::Waiting;
        ++retries;
        m_retries.push_back({nowMs() + RetryDelayMs, index});
        note("attempt failed (retried): " + reason);
    } else {
        s.state = State::Failed;
        ++failed;
        note("failed: " + reason);
    }
}

void LeanSocketPool::closeFd(Socket &s)
{
    if (s.fd >= 0)
        ::close(s.fd); // also leaves the epoll set
    s.fd = -1;
    s.wantWrite = false;
}

void LeanSocketPool::onEvent(int index, std::uint32_t events)
{
    Socket &s = m_sockets[std::size_t(index)];
    if (s.fd < 0)
        return; // dropped earlier in this batch
    if (s.state == State::Connecting) {
        if (events & (EPOLLOUT | EPOLLERR | EPOLLHUP))
            onConnectDone(index);
        return;
    }
    if (events & EPOLLOUT)
        flush(index);
    if (s.fd >= 0 && (events & (EPOLLIN | EPOLLERR | EPOLLHUP)))
        onReadable(index);
}

void LeanSocketPool::onConnectDone(int index)
{
    Socket &s = m_sockets[std::size_t(index)];
    int error = 0;
    socklen_t length = sizeof error;
    if (getsockopt(s.fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0)
        error = errno;
    if (error != 0)
        return drop(index, errnoText("connect", error));
    unsigned char key[16];
    for (unsigned char &b : key)
        b = std::uint8_t(m_rng());
    s.state = State::Upgrading;
    s.out = "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: " + m_settings.hostHeader
            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + base64(key, sizeof key)
            + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
    setWantWrite(index, false); // from here on EPOLLIN; flush() asks for EPOLLOUT while output waits
    if (s.fd >= 0)
        flush(index);
}

void LeanSocketPool::onReadable(int index)
{
    Socket &s = m_sockets[std::size_t(index)];
    const ssize_t n = ::recv(s.fd, m_readBuffer.data(), m_readBuffer.size(), 0);
    if (n == 0)
        return drop(index, "closed by the server (EOF)");
    if (n < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
            return;
        return drop(index, errnoText("recv", errno));
    }
    const std::string_view data(m_readBuffer.data(), std::size_t(n));
    if (s.state == State::Upgrading)
        consumeHead(index, data);
    else
        consumeFrames(index, data);
}

void LeanSocketPool::consumeHead(int index, std::string_view data)
{
    Socket &s = m_sockets[std::size_t(index)];
    s.in.append(data);
    const std::size_t end = s.in.find("\r\n\r\n");
    if (end == std::string::npos) {
        if (s.in.size() > MaxHeadBytes)
            drop(index, "upgrade: response head too large");
        return;
    }
    if (s.in.compare(0, 12, "HTTP/1.1 101") != 0) {
        const std::string status = s.in.substr(0, std::min(s.in.find("\r\n"), std::size_t(40)));
        return drop(index, "upgrade refused: " + status);
    }
    const std::string rest = s.in.substr(end + 4);
    std::string().swap(s.in);
    s.state = State::Opening;
    if (!rest.empty())
        consumeFrames(index, rest);
}

void LeanSocketPool::consumeFrames(int index, std::string_view data)
{
    Socket &s = m_sockets[std::size_t(index)];
    const bool buffered = !s.in.empty();
    if (buffered) {
        s.in.append(data);
        data = s.in;
    }
    std::size_t offset = 0;
    for (;;) {
        LeanWebSocketFrames::Frame frame;
        std::size_t consumed = 0;
        const auto result = LeanWebSocketFrames::parse(data.substr(offset), frame, consumed);
        if (result == LeanWebSocketFrames::Parse::NeedMore)
            break;
        if (result == LeanWebSocketFrames::Parse::Invalid)
            return drop(index, "invalid or fragmented WebSocket frame");
        offset += consumed;
        switch (frame.opcode) {
        case LeanWebSocketFrames::Text:
            handleText(index, frame.payload);
            break;
        case LeanWebSocketFrames::Ping:
            sendFrame(index, LeanWebSocketFrames::Pong, frame.payload);
            break;
        case LeanWebSocketFrames::Pong:
            break;
        case LeanWebSocketFrames::Close: {
            const int code = frame.payload.size() >= 2
                                 ? (std::uint8_t(frame.payload[0]) << 8) | std::uint8_t(frame.payload[1])
                                 : 1005;
            return drop(index, "WebSocket close " + std::to_string(code));
        }
        default:
            return drop(index, "unexpected binary frame");
        }
        if (s.fd < 0)
            return; // the packet ended the socket; data may point into its freed buffer
    }
    if (buffered)
        s.in.erase(0, offset);
    else
        s.in.assign(data.substr(offset));
    if (s.in.empty())
        std::string().swap(s.in);
}

void LeanSocketPool::handleText(int index, std::string_view packet)
{
    Socket &s = m_sockets[std::size_t(index)];
    if (packet.empty())
        return drop(index, "empty Engine.IO packet");
    switch (packet[0]) {
    case '0': // open
        if (s.state != State::Opening)
            return drop(index, "unexpected Engine.IO open");
        s.state = State::Authenticating;
        return sendFrame(index, LeanWebSocketFrames::Text, m_settings.connectPackets[std::size_t(s.user)]);
    case '1':
        return drop(index, "Engine.IO close");
    case '2': {
        std::string pong(packet);
        pong[0] = '3';
        sendFrame(index, LeanWebSocketFrames::Text, pong);
        ++pingsAnswered;
        return;
    }
    case '3':
    case '6':
        return;
    case '4':
        return handleSocketIo(index, packet);
    default:
        return drop(index, "unknown Engine.IO packet type");
    }
}

void LeanSocketPool::handleSocketIo(int index, std::string_view packet)
{
    Socket &s = m_sockets[std::size_t(index)];
    const char type = packet.size() > 1 ? packet[1] : '?';
    switch (type) {
    case '0':
        if (s.state == State::Authenticating) {
            s.state = State::Connected;
            --m_inHandshake;
            handshaking = m_inHandshake;
            ++connected;
            ++everConnected;
        }
        return;
    case '1':
        return drop(index, "Socket.IO disconnect from the server (41)");
    case '2':
        if (packet.substr(0, Delivery.size()) == Delivery)
            m_probes.delivered(index, packet);
        return;
    case '3':
        if (!m_probes.acked(index, packet))
            drop(index, "an ack nothing asked for");
        return;
    case '4': {
        ++refused;
        const QJsonObject error =
            QJsonDocument::fromJson(QByteArray(packet.data() + 2, qsizetype(packet.size() - 2))).object();
        const QString message = error.value(QLatin1StringView("message")).toString();
        return drop(index, "connect_error: " + (message.isEmpty() ? std::string(packet.substr(2, 120))
                                                                  : message.toStdString()));
    }
    default:
        return; // binary events and acks are not part of this contract
    }
}

// --- output -------------------------------------------------------------------------------------------------

void LeanSocketPool::sendFrame(int index, std::uint8_t opcode, std::string_view payload)
{
    LeanWebSocketFrames::appendMasked(m_sockets[std::size_t(index)].out, opcode, payload, std::uint32_t(m_rng()));
    flush(index);
}

void LeanSocketPool::flush(int index)
{
    Socket &s = m_sockets[std::size_t(index)];
    std::size_t sent = 0;
    while (sent < s.out.size()) {
        const ssize_t n = ::send(s.fd, s.out.data() + sent, s.out.size() - sent, MSG_NOSIGNAL);
        if (n > 0) {
            sent += std::size_t(n);
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            break;
        if (n < 0 && errno == EINTR)
            continue;
        return drop(index, errnoText("send", errno));
    }
    if (sent == s.out.size())
        std::string().swap(s.out);
    else
        s.out.erase(0, sent);
    setWantWrite(index, !s.out.empty());
}

void LeanSocketPool::setWantWrite(int index, bool want)
{
    Socket &s = m_sockets[std::size_t(index)];
    if (s.fd < 0 || s.wantWrite == want)
        return;
    epoll_event ev{};
    ev.events = EPOLLIN | (want ? EPOLLOUT : 0u);
    ev.data.u64 = std::uint64_t(index);
    if (epoll_ctl(m_epoll, EPOLL_CTL_MOD, s.fd, &ev) != 0)
        return drop(index, errnoText("epoll_ctl", errno));
    s.wantWrite = want;
}
