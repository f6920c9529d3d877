#pragma once

#include "storage/AccountState.h"
#include "storage/DbSession.h"

#include <QDateTime>
#include <QList>

#include <optional>

class QSqlQuery;

namespace Banter::Server {

// A user as the application sees it.
struct UserRecord
{
    qint64 id = 0;
    QString username;
    QString displayName;
    QString bio;
    int role = 0;  // Role
    AccountState state = AccountState::Active;
    QDateTime suspendedUntil;
    QString availability;
    QString statusText;
    bool totpEnabled = false;
};

// What login and 2FA need beyond the public record.
// An account as moderators see it.
struct AccountRecord
{
    qint64 id = 0;
    QString username;
    QString displayName;
    int role = 0;  // 0 user, 1 moderator, 2 admin
    AccountState state = AccountState::Active;
    QDateTime suspendedUntil;
    QString banReason;
    QDateTime lastSeen;
    QDateTime createdAt;
};

struct UserCredentials
{
    UserRecord user;
    QString passwordHash;
    int failedLogins = 0;
    QDateTime lockedUntil;
    QByteArray totpSecret; // sealed
    QByteArray totpNonce;
    QString totpKeyId;
    qint64 totpLastStep = 0;
    int totpFailures = 0;
};

struct SealedSecret
{
    QByteArray sealed;
    QByteArray nonce;
    QString keyId;
};

// The users aggregate: accounts, their credentials, 2FA state and recovery codes.
class UserRepository
{
public:
    explicit UserRepository(DbSession &session) : m_session(session) {}

    // Reads the public columns every user query selects first, in this order: id, username, display_name,
    // bio, role, state, suspended_until, availability, status_text, totp_enabled. Other repositories joining
    // users use it too.
    static UserRecord fromRow(const QSqlQuery &row);

    // Error code username_taken when the name exists (case-insensitively).
    Result<UserRecord> insert(const QString &username, const QString &displayName, const QString &passwordHash);
    Result<std::optional<UserCredentials>> findByUsername(const QString &username);
    Result<std::optional<UserCredentials>> findById(qint64 id);
    Result<void> recordLoginFailure(qint64 id);
    Result<void> recordLoginSuccess(qint64 id);
    Result<void> updateProfile(qint64 id, const QString &displayName, const QString &bio);
    Result<void> updateStatus(qint64 id, const QString &availability, const QString &statusText);
    Result<QList<UserRecord>> search(const QString &prefix, qint64 afterId, int limit);
    Result<QList<UserRecord>> contacts(qint64 userId);
    // Who may see userId's presence: shares a conversation, no block either way.
    Result<QList<qint64>> contactIds(qint64 userId);
    // Records now as the user's last-seen time and returns it.
    Result<QDateTime> touchLastSeen(qint64 userId);
    // How many of ids are existing users who are not banned.
    Result<qint64> countActive(const QList<qint64> &ids);

    // Moderation.
    Result<QList<AccountRecord>> adminSearch(const QString &prefix, qint64 afterId, int limit);
    Result<std::optional<AccountRecord>> account(qint64 id);
    // state 0 active, 1 suspended until `until`, 2 banned; reason kept for bans and suspensions.
    Result<std::optional<AccountRecord>> setState(qint64 id, AccountState state, const QDateTime &until, const QString &reason);
    Result<std::optional<AccountRecord>> setRole(qint64 id, int role);
    // A new admin, or an existing user promoted. Returns (id, created).
    Result<std::pair<qint64, bool>> promoteOrCreateAdmin(const QString &username, const QString &passwordHash);
    Result<void> setTotpSecret(qint64 id, const SealedSecret &secret);
    Result<void> enableTotp(qint64 id, qint64 step);
    // True when the step was newer than any used before (and is now recorded).
    Result<bool> useTotpStep(qint64 id, qint64 step);
    Result<int> recordTotpFailure(qint64 id);
    Result<void> replaceRecoveryCodes(qint64 id, const QList<QByteArray> &codeHashes);
    Result<bool> useRecoveryCode(qint64 id, const QByteArray &codeHash);

private:
    // A LIKE pattern for names starting with prefix (case-insensitive, wildcards in it escaped).
    static QString likePrefix(const QString &prefix);
    static AccountRecord accountFromRow(const QSqlQuery &q);
    Result<std::optional<AccountRecord>> oneAccount(const QString &query, const QVariantMap &binds);
    Result<std::optional<UserCredentials>> findOne(const QString &query, const QVariantMap &binds);
    Result<QList<UserRecord>> list(const QString &query, const QVariantMap &binds);
    DbSession &m_session;
};

} // namespace Banter::Server
