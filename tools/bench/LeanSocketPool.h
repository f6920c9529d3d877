#pragma once

#include "LeanProbeLedger.h"

#include <atomic>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

// Many authenticated Socket.IO sockets over WebSocket, held cheaply for the connections benchmark
// (ConnectionsBench). One std::thread runs its own level-triggered epoll loop over raw non-blocking sockets: no
// Qt event loop, no QObject per socket, a few dozen bytes of state per socket plus whatever input or output is
// pending. EPOLLOUT is asked for only while output is pending.
//
// Socket i belongs to user i / devices (device i % devices) and connects with that user's access token. A
// socket goes TCP connect → WebSocket upgrade (GET /socket.io/?EIO=4&transport=websocket, 101) → Engine.IO
// open → Socket.IO CONNECT with {token} → connected; then it answers pings until stop(). A socket that fails
// before it is connected is tried again (MaxRetries, RetryDelayMs later); one that is lost after it connected is
// not. At most `concurrency` handshakes are in progress at once. probe() sends one message per group and
// LeanProbeLedger counts who received it.
//
// The counters are written by the loop and may be read from any thread at any time. Everything else of a socket
// belongs to the loop thread; probes().tally() reads it after stop() has joined that thread.
class LeanSocketPool
{
public:
    static constexpr int MaxRetries = 3;
    static constexpr int RetryDelayMs = 200;
    static constexpr int HandshakeDeadlineMs = 30000;

    struct Settings
    {
        std::uint32_t serverAddress = 0; // IPv4, host byte order
        std::uint16_t serverPort = 0;
        std::string hostHeader;                        // "host:port"
        std::uint32_t sourceFirst = 0, sourceLast = 0; // host byte order; 0: the kernel chooses
        int concurrency = 16;
        int devices = 1;
        std::vector<std::string> connectPackets; // per user: the Socket.IO CONNECT, 40{"token":…}
        std::vector<int> groupOfUser;
    };

    explicit LeanSocketPool(Settings settings);
    ~LeanSocketPool();
    LeanSocketPool(const LeanSocketPool &) = delete;
    LeanSocketPool &operator=(const LeanSocketPool &) = delete;

    // Starts the loop thread, which begins connecting at once. False (and error set) when epoll or the eventfd
    // cannot be created.
    bool start(std::string &error);
    // Any thread: queues the probes to the loop.
    void probe(std::vector<LeanProbeLedger::Send> sends);
    // Any thread: closes every socket and joins the loop. Idempotent.
    void stop();

    int sockets() const { return int(m_sockets.size()); }
    int settled() const { return everConnected.load() + failed.load(); }
    // Its atomics any time; tally() after stop().
    const LeanProbeLedger &probes() const { return m_probes; }
    // Any thread: why sockets failed or were lost, with counts.
    std::map<std::string, int> problems() const;

    std::atomic<int> handshaking{0};   // attempts in progress
    std::atomic<int> connected{0};     // connected now
    std::atomic<int> everConnected{0}; // reached connected (each socket once at most)
    std::atomic<int> failed{0};        // gave up after MaxRetries retries
    std::atomic<int> retries{0};
    std::atomic<int> refused{0};       // CONNECT answered with connect_error (44)
    std::atomic<int> disconnects{0};   // lost after connecting
    std::atomic<std::int64_t> pingsAnswered{0};

private:
    enum class State : std::uint8_t { Waiting, Connecting, Upgrading, Opening, Authenticating, Connected, Failed, Gone };

    struct Socket
    {
        std::string in;  // bytes of an incomplete HTTP head or frame
        std::string out; // bytes the kernel did not take yet
        std::int32_t fd = -1;
        std::int32_t user = 0;
        std::uint32_t deadlineMs = 0; // of the attempt in progress, on the pool's clock
        std::uint16_t device = 0;
        State state = State::Waiting;
        std::uint8_t failures = 0;
        bool wantWrite = false;
    };

    struct Retry
    {
        std::int64_t dueMs;
        int socket;
    };

    void run();
    void runCommands();
    void openMore(std::int64_t now);
    void beginAttempt(int index, std::int64_t now);
    void sweepDeadlines(std::int64_t now);
    void onEvent(int index, std::uint32_t events);
    void onConnectDone(int index);
    void onReadable(int index);
    void consumeHead(int index, std::string_view data);
    void consumeFrames(int index, std::string_view data);
    void handleText(int index, std::string_view packet);
    void handleSocketIo(int index, std::string_view packet);
    void sendFrame(int index, std::uint8_t opcode, std::string_view payload);
    void flush(int index);
    void setWantWrite(int index, bool want);
    void drop(int index, const std::string &reason);
    void closeFd(Socket &s);
    void note(const std::string &problem);
    std::int64_t nowMs() const;

    Settings m_settings;
    std::vector<Socket> m_sockets;
    std::thread m_thread;
    std::atomic<bool> m_stopping{false};
    int m_epoll = -1;
    int m_wake = -1;
    std::int64_t m_originNs = 0;

    // Loop thread only.
    std::mt19937 m_rng;
    std::vector<char> m_readBuffer;
    std::deque<Retry> m_retries; // due times only grow: RetryDelayMs after each failure
    int m_nextToOpen = 0;
    int m_inHandshake = 0;
    std::uint32_t m_nextSource = 0;
    LeanProbeLedger m_probes;

    mutable std::mutex m_mutex; // guards the two below
    std::vector<LeanProbeLedger::Send> m_commands;
    std::map<std::string, int> m_problems;
};
