#include "realtime/AckReply.h"

#include "http/ErrorStatus.h"
#include "metrics/ServerMetrics.h"
#include "realtime/SocketWorker.h"

#include <banter/CallEvent.h>
#include <banter/ErrorCode.h>

#include <QThread>

using namespace Qt::StringLiterals;

namespace Banter::Server {

QJsonObject AckReply::errorBody(const Error &error)
{
    // The same table as the HTTP edge decides what is internal.
    const bool internal = ErrorStatus::statusFor(error.code) == QHttpServerResponse::StatusCode::InternalServerError;
    QJsonObject e{{u"code"_s, internal ? QString(ErrorCode::Internal) : error.code},
                  {u"message"_s, internal ? u"internal error"_s : error.message}};
    if (error.retryAfterSeconds > 0)
        e.insert(u"retryAfter"_s, error.retryAfterSeconds);
    if (!internal)
        for (auto it = error.details.begin(); it != error.details.end(); ++it)
            e.insert(it.key(), it.value());
    return {{u"ok"_s, false}, {u"error"_s, e}};
}

void AckReply::ok(QJsonObject fields) const
{
    fields.insert(u"ok"_s, true);
    send(fields);
}

void AckReply::error(const Error &error) const
{
    send(errorBody(error));
}

void AckReply::send(const QJsonObject &body) const
{
    if (!m_worker || m_ackId < 0)
        return;
    SocketWorker *worker = m_worker;
    if (m_metrics)
        m_metrics->ackLatency.observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - m_received).count());
    const quint64 connection = m_connection;
    const qint64 ackId = m_ackId;
    if (worker->thread() == QThread::currentThread())
        worker->sendAck(connection, ackId, body);
    else
        CallEvent::post(worker, [worker, connection, ackId, body] { worker->sendAck(connection, ackId, body); });
}

} // namespace Banter::Server
