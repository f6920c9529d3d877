#pragma once

#include "storage/AccountState.h"
#include "storage/DbSession.h"

#include <QDateTime>

#include <optional>

namespace Banter::Server {

// A login on one device. Its refresh token rotates on every use; the session is the token family.
struct SessionRecord
{
    QString id;
    qint64 userId = 0;
    QByteArray refreshHash;
    bool expired = false;
    bool revoked = false;
    int userRole = 0;
    AccountState userState = AccountState::Active;
    QDateTime suspendedUntil;
    QString username;
};

struct NewSession
{
    QString id;
    qint64 userId = 0;
    QByteArray refreshHash;
    QString userAgent;
    QString clientAddress;
    qint64 ttlSeconds = 0;
};

// A device as its owner sees it.
struct DeviceSession
{
    QString id;
    QString userAgent;
    QString clientAddress;
    QDateTime createdAt;
    QDateTime lastUsedAt;
    bool revoked = false;
};

class SessionRepository
{
public:
    explicit SessionRepository(DbSession &session) : m_session(session) {}

    Result<void> insert(const NewSession &session);
    // Also marks the session as used (see sessions/by_id.sql).
    Result<std::optional<SessionRecord>> find(const QString &id);
    // True when oldHash was the current refresh token and has been replaced by newHash; oldHash is kept as
    // rotated out (see wasRotatedOut).
    Result<bool> rotate(const QString &id, const QByteArray &oldHash, const QByteArray &newHash);
    // True when hash is a refresh token of this session that an earlier rotation replaced.
    Result<bool> wasRotatedOut(const QString &id, const QByteArray &hash);
    Result<void> revoke(const QString &id, const QString &reason);
    Result<QList<DeviceSession>> listForUser(qint64 userId);
    // True when the session belonged to the user and was active.
    Result<bool> revokeForUser(qint64 userId, const QString &id, const QString &reason);
    // Every live session of the user; returns their ids.
    Result<QStringList> revokeAllForUser(qint64 userId, const QString &reason);
    // Live and ended, newest first (moderators' view).
    Result<QList<DeviceSession>> allForUser(qint64 userId);

private:
    Result<QList<DeviceSession>> devices(const QString &query, qint64 userId);
    DbSession &m_session;
};

} // namespace Banter::Server
