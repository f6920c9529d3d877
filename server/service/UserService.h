#pragma once

#include "service/Principal.h"
#include "storage/DbExecutor.h"
#include "storage/ReportRepository.h"
#include "storage/UserRepository.h"

#include <QFuture>

namespace Banter::Server {

struct UserPage
{
    QList<UserRecord> users;
    QString nextCursor; // empty at the end
};

// Profiles, status, search, contacts, blocks and reports for the calling user.
class UserService
{
public:
    explicit UserService(DbExecutor &db) : m_db(db) {}

    QFuture<Result<UserRecord>> profile(const Principal &caller);
    QFuture<Result<UserRecord>> updateProfile(const Principal &caller, const std::optional<QString> &displayName,
                                              const std::optional<QString> &bio);
    QFuture<Result<UserRecord>> updateStatus(const Principal &caller, const std::optional<QString> &availability,
                                             const std::optional<QString> &text);
    QFuture<Result<UserPage>> search(const QString &query, int limit, const QString &cursor);
    QFuture<Result<QList<UserRecord>>> contacts(const Principal &caller);
    QFuture<Result<bool>> block(const Principal &caller, const QString &userId);
    QFuture<Result<bool>> unblock(const Principal &caller, const QString &userId);
    QFuture<Result<QList<UserRecord>>> blocked(const Principal &caller);
    QFuture<Result<ReportRecord>> report(const Principal &caller, const QString &userId, const QString &messageId,
                                         const QString &reason);

private:
    DbExecutor &m_db;
};

} // namespace Banter::Server
