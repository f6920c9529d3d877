#pragma once

#include <QObject>
#include <QSet>
#include <QTimer>

namespace Banter::Server {

class ClusterBus;
class ConnectionRegistry;
class EventReplay;
class SocketHub;

// What a node missed on the bus, read back from PostgreSQL: a gap in a conversation's positions that stays
// open (ClusterBus's tracker reports it after GapAgeMs), and everything written since the subscription was
// lost in the conversations of the users connected here (after each resubscription). The packets are made as
// the live fan-out makes them (SocketHub::renderEvents) and delivered through the tracker, so none twice.
// Lives on the main thread.
class ClusterCatchUp final : public QObject
{
    Q_OBJECT
public:
    ClusterCatchUp(ClusterBus &bus, EventReplay &replay, SocketHub &hub, ConnectionRegistry &registry,
                   QObject *parent = nullptr);

    void start();
    void stop(); // before the database shuts down
    // From any thread: the subscription is back after being lost at lostAtMs (ms since the epoch).
    void resubscribedLater(qint64 lostAtMs);

    static constexpr int GapAgeMs = 500;
    static constexpr int SweepMarginMs = 5000; // before the loss: what was published but not yet received

private:
    void fillGaps();
    void sweep(qint64 lostAtMs);

    ClusterBus &m_bus;
    EventReplay &m_replay;
    SocketHub &m_hub;
    ConnectionRegistry &m_registry;
    QTimer m_timer;
    QSet<qint64> m_filling; // conversations with a range read in flight
    quint64 m_ticks = 0;
};

} // namespace Banter::Server
