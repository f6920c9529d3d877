#include "banter/client/ChatClient.h"

#include "banter/client/ClientLog.h"
#include "banter/client/SocketIoClient.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace Banter::Client {

ChatClient::ChatClient(SocketIoClient *socket, QObject *parent) : QObject(parent), m_socket(socket)
{
    connect(m_socket, &SocketIoClient::connected, this, [this] {
        ++m_connection;
        requestSync();
    });
    connect(m_socket, &SocketIoClient::event, this, [this](const QString &name, const QJsonArray &args) {
        if (name == u"message:received"_s)
            accept(args.at(0).toObject().value(u"message"_s).toObject());
    });
}

void ChatClient::sendMessage(const QString &conversationId, const QString &content, const QString &clientMessageId,
                             SendCallback callback)
{
    const QJsonObject payload{
        {u"conversationId"_s, conversationId}, {u"content"_s, content}, {u"clientMessageId"_s, clientMessageId}};
    m_socket->emitWithAck(u"message:send"_s, payload, [this, callback](const QJsonValue &response) {
        const QJsonObject ack = response.toObject();
        const QJsonObject message = ack.value(u"message"_s).toObject();
        if (ack.value(u"ok"_s).toBool())
            markSeen(message.value(u"conversationId"_s).toString(), message.value(u"seq"_s).toInteger());
        if (callback)
            callback(ack);
    });
}

void ChatClient::setPosition(const QString &conversationId, qint64 seq)
{
    Position &p = m_positions[conversationId];
    if (seq <= p.contiguous)
        return;
    p.contiguous = seq;
    p.ahead.removeIf([seq](qint64 s) { return s <= seq; });
    while (p.ahead.remove(p.contiguous + 1))
        ++p.contiguous;
}

qint64 ChatClient::position(const QString &conversationId) const
{
    return m_positions.value(conversationId).contiguous;
}

bool ChatClient::markSeen(const QString &conversationId, qint64 seq)
{
    if (conversationId.isEmpty() || seq <= 0)
        return false;
    Position &p = m_positions[conversationId];
    if (seq <= p.contiguous || p.ahead.contains(seq))
        return false;
    if (seq == p.contiguous + 1) {
        ++p.contiguous;
        while (p.ahead.remove(p.contiguous + 1))
            ++p.contiguous;
    } else {
        p.ahead.insert(seq);
    }
    return true;
}

void ChatClient::accept(const QJsonObject &message)
{
    if (markSeen(message.value(u"conversationId"_s).toString(), message.value(u"seq"_s).toInteger()))
        emit messageReceived(message);
}

void ChatClient::requestSync()
{
    QJsonObject since;
    for (auto it = m_positions.cbegin(); it != m_positions.cend(); ++it)
        since.insert(it.key(), it->contiguous);
    const quint64 connection = m_connection;
    m_socket->emitWithAck(u"sync"_s, QJsonObject{{u"since"_s, since}}, [this, connection, since](const QJsonValue &r) {
        if (connection != m_connection)
            return;
        const QJsonObject response = r.toObject();
        if (!response.value(u"ok"_s).toBool()) {
            emit syncFailed(response.value(u"error"_s).toObject());
            return;
        }
        const QJsonArray messages = response.value(u"messages"_s).toArray();
        for (const QJsonValue &message : messages)
            accept(message.toObject());
        if (!response.value(u"hasMore"_s).toBool()) {
            emit synced();
            return;
        }
        // hasMore with no progress would loop forever against a misbehaving server.
        bool progressed = false;
        for (auto it = m_positions.cbegin(); it != m_positions.cend() && !progressed; ++it)
            progressed = since.value(it.key()).toInteger() != it->contiguous;
        if (!progressed) {
            qCWarning(lcClient) << "sync: the server says hasMore but the positions did not move";
            emit syncFailed(QJsonObject{{u"code"_s, u"no_progress"_s},
                                        {u"message"_s, u"sync made no progress although hasMore was true"_s}});
            return;
        }
        requestSync();
    });
}

} // namespace Banter::Client
