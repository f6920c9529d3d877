#include "storage/Transaction.h"

#include <QSqlError>

namespace Banter::Server {

Result<Transaction> Transaction::begin(DbSession &session)
{
    if (auto open = session.ensureOpen(); !open)
        return open.error();
    if (!session.database().transaction())
        return session.errorFrom(session.database().lastError());
    return Transaction(&session);
}

Transaction::Transaction(Transaction &&other) noexcept : m_session(std::exchange(other.m_session, nullptr)) {}

Transaction::~Transaction()
{
    if (m_session && m_session->database().isOpen())
        m_session->database().rollback();
}

Result<void> Transaction::commit()
{
    DbSession *session = std::exchange(m_session, nullptr);
    if (!session)
        return {};
    if (!session->database().commit())
        return session->errorFrom(session->database().lastError());
    return {};
}

} // namespace Banter::Server
