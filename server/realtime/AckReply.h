#pragma once

#include <banter/Error.h>

#include <QJsonObject>

#include <chrono>

namespace Banter::Server {

class SocketWorker;
struct ServerMetrics;

// Answers one client event's ack. Copyable and callable from any thread: the reply is posted to the
// socket's worker, and dropped if the socket has gone or the client asked for no ack.
class AckReply
{
public:
    AckReply() = default;
    AckReply(SocketWorker *worker, quint64 connectionId, qint64 ackId, ServerMetrics *metrics = nullptr)
        : m_worker(worker), m_metrics(metrics), m_connection(connectionId), m_ackId(ackId),
          m_received(std::chrono::steady_clock::now())
    {
    }

    void ok(QJsonObject fields = {}) const;
    void error(const Error &error) const;
    void send(const QJsonObject &body) const;

    // {ok:false, error:{code, message}}; internal errors are not described to clients.
    static QJsonObject errorBody(const Error &error);

private:
    SocketWorker *m_worker = nullptr;
    ServerMetrics *m_metrics = nullptr; // ack latency; read here, not through the worker, from any thread
    quint64 m_connection = 0;
    qint64 m_ackId = -1;
    std::chrono::steady_clock::time_point m_received; // the event's arrival: ack latency
};

} // namespace Banter::Server
