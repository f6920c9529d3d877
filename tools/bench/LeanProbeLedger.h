#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

// The probe of the connections benchmark, for LeanSocketPool: one message per group, sent by the first device
// of one member and acked under the group's number; every other socket of every member of the group must receive
// it once. The ledger builds the send, and counts acks and deliveries per socket.
//
// Everything but the atomics belongs to the pool's loop thread; tally() is read after that thread has joined.
class LeanProbeLedger
{
public:
    struct Send
    {
        int group = 0;
        int user = 0; // the sender; its device 0 sends
        std::string conversationId;
        std::string clientMessageId;
    };

    struct Tally
    {
        std::int64_t expected = 0;   // sockets of the probed groups, the senders excepted
        std::int64_t received = 0;   // deliveries of a socket's own group's probe, duplicates included
        std::int64_t missing = 0;    // sockets that expected the probe and did not get it
        std::int64_t duplicates = 0; // copies beyond the first
        std::int64_t echoes = 0;     // the sending socket got its own probe back (it must not)
        std::int64_t foreign = 0;    // a probe of another group, or one this run did not send
        int acksOk = 0;
        int acksFailed = 0;
        std::string firstAckError;
    };

    LeanProbeLedger(std::vector<int> groupOfUser, int devices, int sockets);

    // The Socket.IO packet the sender's socket sends.
    std::string start(const Send &send, int senderSocket);
    // The sender's socket is not connected: its probe counts as a failed ack.
    void senderUnavailable(int group);
    // A `42["message:received",…]` packet that reached a socket.
    void delivered(int socket, std::string_view packet);
    // A `43<id>[…]` packet; false when nothing asked for that ack on that socket.
    bool acked(int socket, std::string_view packet);

    Tally tally() const;

    std::atomic<std::int64_t> deliveries{0}; // of a socket's own group's probe
    std::atomic<int> acksOk{0};
    std::atomic<int> acksFailed{0};

private:
    int groupOf(int socket) const { return m_groupOfUser[std::size_t(socket / m_devices)]; }
    void ackFailed(const std::string &why);

    std::vector<int> m_groupOfUser;
    int m_devices;
    std::vector<std::string> m_idByGroup;
    std::vector<int> m_senderByGroup; // socket index, -1: not probed
    std::vector<char> m_answered;
    std::vector<std::uint16_t> m_hits; // per socket
    std::int64_t m_foreign = 0;
    std::string m_firstAckError;
};
