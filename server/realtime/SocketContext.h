#pragma once

#include "service/Principal.h"

#include <banter/Result.h>

#include <QJsonObject>
#include <QString>

#include <functional>

namespace Banter::Server {

class SocketWorker;
struct SocketConnection;

// What an event handler may do with the socket that sent the event, and nothing more: who it is, emit to it,
// join and leave conversations, authenticate a pending socket, disconnect it. A copyable handle (worker and
// connection id) that a continuation can keep: every call looks the connection up again and does nothing once
// the socket is gone. Worker thread only; home() is the context object for continuations, so they run there.
class SocketContext
{
public:
    SocketContext(SocketWorker *worker, quint64 connectionId) : m_worker(worker), m_id(connectionId) {}

    QObject *home() const;
    quint64 connectionId() const { return m_id; }
    bool alive() const { return connection() != nullptr; }
    // The authenticated user, or nullptr (a pending socket, or one that is gone).
    const Principal *principal() const;
    bool isPending() const; // connected without a token: may only authenticate
    qint64 userId() const;
    bool hasJoined(qint64 conversationId) const;
    bool join(qint64 conversationId) const;  // true when it was not joined yet
    bool leave(qint64 conversationId) const; // true when it was joined
    void emitEvent(const QString &event, const QJsonObject &payload) const;
    void disconnect(const QString &reason) const;
    // A pending socket (connected without a token) authenticates: `then` runs with the lookup's result if the
    // socket is still waiting for it; on success call authenticated().
    void authenticate(const QString &token, std::function<void(SocketContext, const Result<Principal> &)> then) const;
    void authenticated(const Principal &principal) const;

private:
    SocketConnection *connection() const;

    SocketWorker *m_worker;
    quint64 m_id;
};

} // namespace Banter::Server
