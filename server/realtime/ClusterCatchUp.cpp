#include "realtime/ClusterCatchUp.h"

#include "bus/ClusterBus.h"
#include "realtime/ConnectionRegistry.h"
#include "realtime/RealtimeLog.h"
#include "realtime/SocketHub.h"
#include "service/EventReplay.h"

#include <QDateTime>

namespace Banter::Server {

ClusterCatchUp::ClusterCatchUp(ClusterBus &bus, EventReplay &replay, SocketHub &hub, ConnectionRegistry &registry,
                               QObject *parent)
    : QObject(parent), m_bus(bus), m_replay(replay), m_hub(hub), m_registry(registry)
{
    m_timer.setInterval(GapAgeMs / 2);
    connect(&m_timer, &QTimer::timeout, this, &ClusterCatchUp::fillGaps);
}

void ClusterCatchUp::start()
{
    m_timer.start();
}

void ClusterCatchUp::stop()
{
    m_timer.stop();
}

void ClusterCatchUp::resubscribedLater(qint64 lostAtMs)
{
    QMetaObject::invokeMethod(this, [this, lostAtMs] { sweep(lostAtMs); }, Qt::QueuedConnection);
}

void ClusterCatchUp::fillGaps()
{
    if (++m_ticks % 4 == 0)
        m_bus.announceHeads(); // every second

    for (const SeqGap &gap : m_bus.overdueGaps(GapAgeMs)) {
        if (m_filling.contains(gap.conversationId))
            continue;
        m_filling.insert(gap.conversationId);
        qCInfo(lcRealtime) << "bus: conversation" << gap.conversationId << "misses positions" << gap.afterSeq + 1
                           << "to" << gap.upToSeq << "here; reading them from the database";
        m_replay.range(gap.conversationId, gap.afterSeq, gap.upToSeq)
            .then(this, [this, gap](const Result<QList<CommittedEvent>> &events) {
                m_filling.remove(gap.conversationId);
                if (!events) {
                    qCWarning(lcRealtime) << "bus: gap of conversation" << gap.conversationId
                                          << "not filled:" << events.error().message;
                    return; // asked again after another GapAgeMs
                }
                m_bus.deliverReplayed(m_hub.renderEvents(events.value()));
                // What the database has up to the gap's end is delivered now; a read cut at its limit settles
                // only what it read, and the rest is asked for again.
                SeqGap done = gap;
                if (events.value().size() >= EventReplay::MaxEntries)
                    done.upToSeq = events.value().constLast().event.seq;
                m_bus.settle(done);
            });
    }
}

void ClusterCatchUp::sweep(qint64 lostAtMs)
{
    const QList<qint64> users = m_registry.userIds();
    if (users.isEmpty())
        return;
    const qint64 from = (lostAtMs > 0 ? lostAtMs : QDateTime::currentMSecsSinceEpoch()) - SweepMarginMs;
    qCInfo(lcRealtime) << "bus: back after an interruption; reading what" << users.size()
                       << "connected users' conversations logged since then";
    m_replay.since(users, QDateTime::fromMSecsSinceEpoch(from))
        .then(this, [this](const Result<QList<CommittedEvent>> &events) {
            if (!events) {
                qCWarning(lcRealtime) << "bus: catch-up after the interruption failed:" << events.error().message;
                return;
            }
            m_bus.deliverReplayed(m_hub.renderEvents(events.value()));
        });
}

} // namespace Banter::Server
