#include "bus/ClusterPresence.h"

#include "bus/BusLog.h"
#include "bus/ClusterBus.h"

#include <QJsonArray>
#include <QPromise>
#include <QThread>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

const QByteArray OnlineKey = QByteArrayLiteral("banter:online");
const QByteArray NodesKey = QByteArrayLiteral("banter:nodes");
// Set (with a TTL) while an admin looks at the presence view on some node: the nodes exchange their connection
// lists only then.
const QByteArray WantedKey = QByteArrayLiteral("banter:presence-view");

// Claims and releases count as heartbeats too: a node whose heartbeat has not got through since Valkey lost its
// data (a restart; its next one is up to 5 s away) is in banter:nodes and alive once its first claim is, so a
// reaper finds it, and the users it claimed, if it dies before that heartbeat (hardening.cluster saw this: node3's
// only heartbeat between a Valkey restart and its kill -9 met a cut connection, and kim stayed online for good).
// ttl 0: a node that is leaving (its heartbeat key was removed for the reapers) does not come back to life.
const QByteArray MarkAlive = QByteArrayLiteral(R"(
if ARGV[3] ~= '0' then
  redis.call('SET', KEYS[3], '1', 'EX', tonumber(ARGV[3]))
  redis.call('SADD', KEYS[4], ARGV[2])
end)");

// KEYS: node users, online, node alive, nodes. ARGV: user, node, ttl. 1: no other node has the user (announce
// online). Registered here already (a release that did not get through): 1 as well when no other node has the user.
const QByteArray ClaimScript = MarkAlive + QByteArrayLiteral(R"(
if redis.call('HSETNX', KEYS[1], ARGV[1], 1) == 0 then
  if tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0') <= 1 then return 1 end
  return 0
end
return redis.call('HINCRBY', KEYS[2], ARGV[1], 1))");

// KEYS: node users, online, node alive, nodes. ARGV: user, node, ttl. 0: no node has the user now (announce
// offline). Not registered here (a claim that did not get through): 0 as well when no node has the user.
const QByteArray ReleaseScript = MarkAlive + QByteArrayLiteral(R"(
if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then return tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0') end
local n = redis.call('HINCRBY', KEYS[2], ARGV[1], -1)
if n <= 0 then redis.call('HDEL', KEYS[2], ARGV[1]) return 0 end
return n)");

// KEYS: node alive, node users, online, nodes, node registered. ARGV: node, ttl. 1: this node's registration
// is in place; 0: it is gone (a Valkey restart) and must be made again.
const QByteArray HeartbeatScript = QByteArrayLiteral(R"(
redis.call('SET', KEYS[1], '1', 'EX', tonumber(ARGV[2]))
redis.call('SADD', KEYS[4], ARGV[1])
return redis.call('EXISTS', KEYS[5]))");

// KEYS: node users, online, node registered. ARGV: the users with a device on this node now. Makes Valkey's record
// of this node match it: "-id" for a user that went from it and is now on no node, "+id" for one that came and
// is on no other node.
const QByteArray ReconcileScript = QByteArrayLiteral(R"(
local here = {}
for i = 1, #ARGV do here[ARGV[i]] = true end
local out = {}
for _, u in ipairs(redis.call('HKEYS', KEYS[1])) do
  if not here[u] then
    redis.call('HDEL', KEYS[1], u)
    local n = redis.call('HINCRBY', KEYS[2], u, -1)
    if n <= 0 then redis.call('HDEL', KEYS[2], u) table.insert(out, '-' .. u) end
  end
end
for i = 1, #ARGV do
  if redis.call('HSETNX', KEYS[1], ARGV[i], 1) == 1 and redis.call('HINCRBY', KEYS[2], ARGV[i], 1) == 1 then
    table.insert(out, '+' .. ARGV[i])
  end
end
redis.call('SET', KEYS[3], '1')
return out)");

// KEYS: node alive, node users, online, nodes, node registered. ARGV: node. Nil while the node is alive; else the
// users the dead node took offline.
const QByteArray ReapScript = QByteArrayLiteral(R"(
if redis.call('EXISTS', KEYS[1]) == 1 then return false end
local gone = {}
for _, u in ipairs(redis.call('HKEYS', KEYS[2])) do
  local n = redis.call('HINCRBY', KEYS[3], u, -1)
  if n <= 0 then redis.call('HDEL', KEYS[3], u) table.insert(gone, u) end
end
redis.call('DEL', KEYS[2], KEYS[5])
redis.call('SREM', KEYS[4], ARGV[1])
return gone)");

} // namespace

ClusterPresence::ClusterPresence(ClusterBus &bus, std::function<QList<qint64>()> localUsers, QObject *parent)
    : QObject(parent), m_bus(bus), m_localUsers(std::move(localUsers))
{
    m_timer.setInterval(HeartbeatMs);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        heartbeat();
        reap();
        exchangeSnapshots();
    });
}

QByteArray ClusterPresence::key(const QByteArray &node, const char *what) const
{
    return "banter:node:" + node + ':' + what;
}

void ClusterPresence::start()
{
    heartbeat();
    reload();
    m_timer.start();
}

void ClusterPresence::stop()
{
    m_timer.stop();
}

void ClusterPresence::leave()
{
    m_leaving = true;
    m_timer.stop();
    m_bus.link().command({"DEL", key(m_bus.node(), "alive")});
}

void ClusterPresence::setTransitionHandler(std::function<void(const QList<qint64> &, const QList<qint64> &)> handler)
{
    m_transitions = std::move(handler);
}

void ClusterPresence::claim(qint64 userId, QObject *context, std::function<void(bool)> then)
{
    change(ClaimScript, 1, userId, true, context, std::move(then));
}

void ClusterPresence::release(qint64 userId, QObject *context, std::function<void(bool)> then)
{
    if (m_leaving) {
        then(false); // the reaper announces it (leave())
        return;
    }
    change(ReleaseScript, 0, userId, false, context, std::move(then));
}

// One claim or release: the script answers `transition` when the cluster's state of the user changes with it.
void ClusterPresence::change(const QByteArray &script, qint64 transition, qint64 userId, bool online,
                             QObject *context, std::function<void(bool)> then)
{
    m_bus.link()
        .command({"EVAL", script, "4", key(m_bus.node(), "users"), OnlineKey, key(m_bus.node(), "alive"), NodesKey,
                  QByteArray::number(userId), m_bus.node(), QByteArray::number(m_leaving ? 0 : AliveTtlSeconds)})
        .then(context, [this, transition, userId, online, then = std::move(then)](const ValkeyReply &r) {
            qCDebug(lcBus) << (online ? "claim" : "release") << userId << ": reply" << int(r.type) << r.integer;
            // Without Valkey this node cannot know about the others: it announces as a single node would, and
            // sets Valkey's record right once it is back (reconcile).
            if (!r.ok())
                m_unsure = true;
            const bool changed = r.type == ValkeyReply::Type::Integer ? r.integer == transition : !r.ok();
            if (changed) {
                remoteTransition(userId, online);
                m_bus.publishPresence(userId, online);
            }
            then(changed);
        });
}

bool ClusterPresence::onlineInCluster(qint64 userId) const
{
    QMutexLocker lock(&m_mutex);
    return m_online.contains(userId);
}

void ClusterPresence::remoteTransition(qint64 userId, bool online)
{
    QMutexLocker lock(&m_mutex);
    if (online)
        m_online.insert(userId);
    else
        m_online.remove(userId);
}

void ClusterPresence::reloadLater()
{
    QMetaObject::invokeMethod(this, [this] { reload(); }, Qt::QueuedConnection);
}

void ClusterPresence::reload()
{
    m_bus.link().command({"HKEYS", OnlineKey}).then(this, [this](const ValkeyReply &r) {
        if (r.type != ValkeyReply::Type::Array)
            return;
        QSet<qint64> online;
        for (const QByteArray &id : r.elements)
            online.insert(id.toLongLong());
        for (qint64 id : m_localUsers())
            online.insert(id);
        QMutexLocker lock(&m_mutex);
        m_online = std::move(online);
    });
}

void ClusterPresence::heartbeat()
{
    const QByteArray node = m_bus.node();
    m_bus.link()
        .command({"EVAL", HeartbeatScript, "5", key(node, "alive"), key(node, "users"), OnlineKey, NodesKey,
                  key(node, "registered"), node, QByteArray::number(AliveTtlSeconds)})
        .then(this, [this](const ValkeyReply &r) { heartbeatAnswered(r); });
}

void ClusterPresence::heartbeatAnswered(const ValkeyReply &r)
{
    qCDebug(lcBus) << "heartbeat: reply" << int(r.type) << r.integer << "unsure" << m_unsure.load()
                   << "reconciling" << m_reconciling;
    if (!r.ok()) {
        m_unsure = true;
        // Once per outage: while the heartbeat fails, the other nodes reap this one (its users go
        // offline for them) and this node registers its users again when Valkey answers.
        if (!m_heartbeatFailing)
            qCWarning(lcBus).noquote() << "the heartbeat did not reach Valkey"
                                       << (r.string.isEmpty() ? QByteArray() : ": " + r.string);
        m_heartbeatFailing = true;
        // Again in a second, not at the next tick: once Valkey answers, this node's users are registered
        // again (and the node known to the reapers) that much sooner.
        if (!m_heartbeatRetrying && !m_leaving) {
            m_heartbeatRetrying = true;
            QTimer::singleShot(HeartbeatRetryMs, this, [this] {
                m_heartbeatRetrying = false;
                if (m_timer.isActive())
                    heartbeat();
            });
        }
        return;
    }
    if (m_heartbeatFailing)
        qCInfo(lcBus) << "the heartbeat reaches Valkey again";
    m_heartbeatFailing = false;
    if ((m_unsure || (r.type == ValkeyReply::Type::Integer && r.integer == 0)) && !m_reconciling)
        reconcile();
}

// Valkey's record of this node's users may be wrong: it restarted without its data, this node was reaped while
// it could not reach Valkey, or a claim or release did not get through. One script makes it match the users
// with a device here now. Their transitions were announced already (as a single node would, without Valkey);
// the other nodes' online views learn the differences.
void ClusterPresence::reconcile()
{
    m_reconciling = true;
    m_unsure = false;
    const QByteArray node = m_bus.node();
    QList<QByteArray> args{"EVAL", ReconcileScript, "3", key(node, "users"), OnlineKey, key(node, "registered")};
    const QList<qint64> users = m_localUsers();
    for (qint64 userId : users)
        args.append(QByteArray::number(userId));
    qCInfo(lcBus) << "registering this node's" << users.size() << "online users with Valkey";
    m_bus.link().command(args).then(this, [this](const ValkeyReply &r) {
        qCDebug(lcBus) << "reconcile: reply" << int(r.type) << r.elements;
        m_reconciling = false;
        if (r.type != ValkeyReply::Type::Array) {
            m_unsure = true; // again at the next heartbeat
            return;
        }
        QList<qint64> cameBack;
        for (const QByteArray &change : r.elements) {
            const qint64 userId = change.mid(1).toLongLong();
            const bool online = change.startsWith('+');
            remoteTransition(userId, online);
            m_bus.publishPresence(userId, online);
            if (online)
                cameBack.append(userId);
        }
        // Users that left meanwhile were announced offline when they left (as a single node would); users the
        // cluster had counted offline (a reaper took this node for dead) are announced online again.
        if (m_transitions && !cameBack.isEmpty())
            m_transitions({}, cameBack);
        reload();
    });
}

void ClusterPresence::exchangeSnapshots()
{
    if (!m_localSnapshot)
        return;
    // Only while an admin looks at the view, on any node (the key) or on this one: a node's list is as long as
    // its connections, and every node holding every other node's would cost each of them memory per socket of
    // the whole cluster.
    if (m_localWatchers && m_localWatchers() > 0)
        (void)freshView(); // an /admin socket here keeps looking
    m_bus.link().command({"EXISTS", WantedKey}).then(this, [this](const ValkeyReply &r) {
        const bool wanted = (r.type == ValkeyReply::Type::Integer && r.integer == 1) || locallyWanted();
        m_viewWanted = wanted;
        if (!wanted) {
            m_storedVersion.reset();
            QMutexLocker lock(&m_mutex);
            m_others.clear();
            return;
        }
        storeOwnSnapshot(false);
        // The others' lists only where the view is open: the node an admin asks holds them, no other.
        if (locallyWanted()) {
            fetchOthers({});
        } else {
            QMutexLocker lock(&m_mutex);
            m_others.clear();
        }
    });
}

bool ClusterPresence::locallyWanted() const
{
    return m_lastLook.isValid() && m_lastLook.elapsed() < WantedMs;
}

void ClusterPresence::storeOwnSnapshot(bool force)
{
    const QByteArray node = m_bus.node();
    // The whole list only when it changed (it is large on a busy node); otherwise its TTL is refreshed. EXPIRE
    // answers 0 when the key is gone (a Valkey restart): the list is stored again at the next heartbeat.
    const quint64 version = m_snapshotVersion();
    if (!force && m_storedVersion == version) {
        m_bus.link().command({"EXPIRE", key(node, "connections"), QByteArray::number(AliveTtlSeconds)})
            .then(this, [this](const ValkeyReply &r) {
                if (!(r.type == ValkeyReply::Type::Integer && r.integer == 1))
                    m_storedVersion.reset();
            });
        return;
    }
    m_storedVersion = version;
    m_bus.link()
        .command({"SET", key(node, "connections"), QJsonDocument(m_localSnapshot()).toJson(QJsonDocument::Compact),
                  "EX", QByteArray::number(AliveTtlSeconds)})
        .then(this, [this](const ValkeyReply &r) {
            if (!r.ok())
                m_storedVersion.reset();
        });
}

void ClusterPresence::fetchOthers(std::function<void()> done)
{
    const QByteArray node = m_bus.node();
    m_bus.link().command({"SMEMBERS", NodesKey}).then(this, [this, node, done](const ValkeyReply &nodes) {
        QList<QByteArray> args{"MGET"};
        for (const QByteArray &other : nodes.elements)
            if (other != node)
                args.append(key(other, "connections"));
        if (args.size() == 1) {
            {
                QMutexLocker lock(&m_mutex);
                m_others.clear();
            }
            if (done)
                done();
            return;
        }
        m_bus.link().command(args).then(this, [this, done](const ValkeyReply &r) {
            if (r.type == ValkeyReply::Type::Array) {
                QList<QJsonObject> others;
                for (const QByteArray &json : r.elements)
                    if (const QJsonDocument doc = QJsonDocument::fromJson(json); doc.isObject())
                        others.append(doc.object());
                QMutexLocker lock(&m_mutex);
                m_others = std::move(others);
            }
            if (done)
                done();
        });
    });
}

void ClusterPresence::noteWanted() const
{
    // From any thread (a socket thread's admin namespace): the bookkeeping is the main thread's.
    auto *self = const_cast<ClusterPresence *>(this);
    QMetaObject::invokeMethod(self, [self] { (void)self->freshView(); }, Qt::QueuedConnection);
}

QFuture<void> ClusterPresence::freshViewFromAnyThread()
{
    if (QThread::currentThread() == thread())
        return freshView();
    auto promise = std::make_shared<QPromise<void>>();
    promise->start();
    QFuture<void> done = promise->future();
    QMetaObject::invokeMethod(this, [this, promise] {
        freshView().then(this, [promise] { promise->finish(); });
    }, Qt::QueuedConnection);
    return done;
}

QFuture<void> ClusterPresence::freshView()
{
    m_viewWanted = true;
    const bool warm = locallyWanted();
    m_lastLook.start();
    if (!m_wantedAnnounced.isValid() || m_wantedAnnounced.elapsed() > WantedMs / 4) {
        m_wantedAnnounced.start();
        m_bus.link().command({"SET", WantedKey, "1", "EX", QByteArray::number(WantedMs / 1000)});
    }
    const auto waiter = [] {
        auto promise = std::make_shared<QPromise<void>>();
        promise->start();
        return promise;
    };
    if (m_refreshWaiters) { // a cold look is being answered: this one waits for the same lists
        m_refreshWaiters->push_back(waiter());
        return m_refreshWaiters->back()->future();
    }
    if (warm || !m_localSnapshot)
        return QtFuture::makeReadyVoidFuture();
    // Cold: every node stores its list now, and this one reads them a moment later. The answer waits for that
    // (or for FreshViewTimeoutMs, when Valkey does not answer) instead of showing this node alone.
    m_bus.publishSnapshotWanted();
    storeOwnSnapshot(true);
    auto waiters = std::make_shared<std::vector<std::shared_ptr<QPromise<void>>>>();
    waiters->push_back(waiter());
    m_refreshWaiters = waiters;
    // Whichever comes first, the lists or the timeout, answers everyone waiting; the other finds nothing to do.
    const auto finish = [this, waiters] {
        if (m_refreshWaiters == waiters)
            m_refreshWaiters.reset();
        for (const auto &promise : *waiters)
            promise->finish();
        waiters->clear();
    };
    QTimer::singleShot(OthersStoreMs, this, [this, finish] { fetchOthers(finish); });
    QTimer::singleShot(FreshViewTimeoutMs, this, finish);
    return waiters->front()->future();
}

void ClusterPresence::snapshotWantedLater()
{
    m_viewWanted = true; // from now on: the admin who asked sees this node's changes
    QMetaObject::invokeMethod(this, [this] {
        if (m_localSnapshot)
            storeOwnSnapshot(true);
    }, Qt::QueuedConnection);
}

QJsonObject ClusterPresence::withOtherNodes(const QJsonObject &local) const
{
    noteWanted();
    QList<QJsonObject> all{local};
    {
        QMutexLocker lock(&m_mutex);
        all.append(m_others);
    }
    QHash<QString, QJsonObject> users;
    QStringList order;
    int connections = 0;
    for (const QJsonObject &snapshot : std::as_const(all)) {
        for (const QJsonValue &v : snapshot.value(u"users"_s).toArray()) {
            const QJsonObject u = v.toObject();
            const QString id = u.value(u"userId"_s).toString();
            const QJsonArray conns = u.value(u"connections"_s).toArray();
            connections += int(conns.size());
            auto it = users.find(id);
            if (it == users.end()) {
                users.insert(id, u);
                order.append(id);
                continue;
            }
            QJsonArray merged = it->value(u"connections"_s).toArray();
            for (const QJsonValue &c : conns)
                merged.append(c);
            it->insert(u"connections"_s, merged);
        }
    }
    QJsonArray list;
    for (const QString &id : std::as_const(order))
        list.append(users.value(id));
    return {{u"totals"_s, QJsonObject{{u"connections"_s, connections}, {u"onlineUsers"_s, int(order.size())}}},
            {u"users"_s, list}};
}

void ClusterPresence::reap()
{
    m_bus.link().command({"SMEMBERS", NodesKey}).then(this, [this](const ValkeyReply &nodes) {
        qCDebug(lcBus) << "reap: nodes" << int(nodes.type) << nodes.elements;
        for (const QByteArray &node : nodes.elements) {
            if (node == m_bus.node())
                continue;
            m_bus.link()
                .command({"EVAL", ReapScript, "5", key(node, "alive"), key(node, "users"), OnlineKey, NodesKey,
                          key(node, "registered"), node})
                .then(this, [this, node](const ValkeyReply &r) {
                    qCDebug(lcBus) << "reap" << node << ": reply" << int(r.type) << r.elements;
                    if (r.type != ValkeyReply::Type::Array)
                        return;
                    qCInfo(lcBus).noquote() << "node" << node << "stopped answering; its last" << r.elements.size()
                                            << "online users are offline";
                    QList<qint64> gone;
                    for (const QByteArray &id : r.elements)
                        gone.append(id.toLongLong());
                    {
                        QMutexLocker lock(&m_mutex);
                        for (qint64 id : gone)
                            m_online.remove(id);
                    }
                    for (qint64 id : gone)
                        m_bus.publishPresence(id, false);
                    if (m_transitions && !gone.isEmpty())
                        m_transitions(gone, {});
                });
        }
    });
}

} // namespace Banter::Server
