#pragma once

#include "storage/DbSession.h"

namespace Banter::Server {

// RAII transaction: rolls back unless commit() succeeded.
class Transaction
{
public:
    static Result<Transaction> begin(DbSession &session);
    Transaction(Transaction &&other) noexcept;
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;
    Transaction &operator=(Transaction &&) = delete;
    ~Transaction();

    Result<void> commit();

private:
    explicit Transaction(DbSession *session) : m_session(session) {}
    DbSession *m_session;
};

} // namespace Banter::Server
