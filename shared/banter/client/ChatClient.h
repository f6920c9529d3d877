#pragma once

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QSet>

#include <functional>

namespace Banter::Client {

class SocketIoClient;

// Banter's chat contract over a SocketIoClient: message:send with ack, live message:received, and catch-up
// with sync after every (re)connect, so a device that was away misses nothing and sees nothing twice.
//
// Positions: per conversation, the highest seq up to which every message has been seen. Live deliveries can
// arrive out of seq order, so seqs above a gap are remembered separately until the gap fills; sync always asks
// from the gap. Messages this client sends are reported through the send callback, not messageReceived.
class ChatClient : public QObject
{
    Q_OBJECT
public:
    using SendCallback = std::function<void(const QJsonObject &ack)>; // {ok:true,message} or {ok:false,error}

    explicit ChatClient(SocketIoClient *socket, QObject *parent = nullptr);

    void sendMessage(const QString &conversationId, const QString &content, const QString &clientMessageId,
                     SendCallback callback = {});
    // Messages up to seq are known (e.g. loaded from history): neither delivered again nor synced.
    void setPosition(const QString &conversationId, qint64 seq);
    qint64 position(const QString &conversationId) const;

signals:
    void messageReceived(const QJsonObject &message); // once per (conversationId, seq)
    void synced();                                    // a sync round reached hasMore == false
    void syncFailed(const QJsonObject &error);

private:
    struct Position
    {
        qint64 contiguous = 0;  // every seq <= this has been seen
        QSet<qint64> ahead;     // seen seqs above a gap
    };

    bool markSeen(const QString &conversationId, qint64 seq); // false when already seen
    void accept(const QJsonObject &message);
    void requestSync();

    SocketIoClient *m_socket;
    QHash<QString, Position> m_positions;
    quint64 m_connection = 0; // a sync answer from an earlier connection is ignored
};

} // namespace Banter::Client
