#pragma once

#include <QList>
#include <QObject>

#include <functional>

namespace Banter::Server {

// Who is online across several banterd nodes (bus/ClusterPresence, on Valkey). PresenceService counts this
// node's devices; the directory turns a node's first device and last device of a user into cluster-wide
// transitions, so user:online / user:offline are announced once however many nodes the user's devices use.
// Continuations run on the given context object's thread.
class PresenceDirectory
{
public:
    virtual ~PresenceDirectory() = default;
    // This node's first device of userId connected; then(first): the user was offline on every node.
    virtual void claim(qint64 userId, QObject *context, std::function<void(bool first)> then) = 0;
    // This node's last device of userId went; then(last): the user is now offline on every node.
    virtual void release(qint64 userId, QObject *context, std::function<void(bool last)> then) = 0;
    // Online on any node, as this node last heard (transitions arrive over the bus).
    virtual bool onlineInCluster(qint64 userId) const = 0;
    // Transitions the directory found by itself, announced by the receiver: offline, users whose devices were all
    // on a node that died; online, users of this node that the cluster had counted offline (this node was taken
    // for dead while it could not reach Valkey).
    virtual void setTransitionHandler(std::function<void(const QList<qint64> &offline, const QList<qint64> &online)> handler) = 0;
};

} // namespace Banter::Server
