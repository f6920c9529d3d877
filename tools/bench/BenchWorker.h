#pragma once

#include "BenchPlan.h"
#include "BenchResult.h"

#include <QList>
#include <QObject>
#include <QTimer>
#include <QUrl>

#include <atomic>
#include <cstdint>

namespace Banter::Client {
class SocketIoClient;
}

// The clients of one event-loop thread. Everything but the atomics runs on that thread; the main thread polls
// the atomics while the load runs and takes the result once the sockets are quiet.
//
// Per delivery it reads only the fields the check needs (conversationId, seq, clientMessageId, the send time at
// the start of content) so the driver stays cheap next to the server it measures.
class BenchWorker : public QObject
{
    Q_OBJECT
public:
    BenchWorker(const BenchPlan *plan, QList<int> users);
    ~BenchWorker() override;

    // All three run on the worker's thread (queued from the main thread).
    void connectAll();
    void startLoad();
    void closeAll();
    BenchResult takeResult();

    std::atomic<std::int64_t> inflight{0};
    std::atomic<std::int64_t> acked{0};
    std::atomic<std::int64_t> delivered{0};

signals:
    void connectFinished(int connected, int failed);

private:
    struct Client
    {
        Banter::Client::SocketIoClient *socket = nullptr;
        int user = 0;
        int group = 0;
        int counter = 0;
        int connectAttempts = 0;
        std::int64_t lastSeq = 0;
        QString lastOwnMessage{};  // the latest message this client sent (edits go there)
        QString lastSeenMessage{}; // the latest message it received (reactions go there)
        bool connected = false;
        bool settled = false; // the connect attempt ended (either way)
    };

    QUrl serverOf(const Client &c) const;
    void openMore();
    void settle(Client &c, bool ok);
    void send(int index, std::int64_t intendedUs);
    void onAck(int index, std::int64_t intendedUs, int counter, const QJsonValue &response);
    // One operation of a --mix other than a send; false when it has no target yet (then it is a send).
    bool sendOther(int index, std::int64_t intendedUs);
    void onOtherAck(int index, const QString &event, std::int64_t intendedUs, const QJsonValue &response);
    // The closed loop's next operation after an answer.
    void next(int index, bool ok, std::int64_t now);
    void onDelivery(int index, const QJsonArray &args);
    void onOpenLoopTick();

    const BenchPlan *m_plan;
    QList<Client> m_clients;
    int m_nextToOpen = 0;
    int m_opening = 0;
    int m_connected = 0;
    int m_failed = 0;
    bool m_loadRunning = false;
    QTimer m_openLoopTimer;
    double m_ratePerUs = 0;
    std::int64_t m_openLoopSent = 0;
    int m_roundRobin = 0;
    QString m_padding;
    BenchResult m_result;
};
