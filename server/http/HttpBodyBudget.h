#pragma once

#include <QtGlobal>

namespace Banter::Server {

// Bytes of request bodies being received at once, over all connections: a request reserves its declared
// length (or the body limit when chunked) when its head is complete and gives it back once its last byte
// arrived, so slow uploads cannot pin down more memory than the budget. Main thread only.
class HttpBodyBudget
{
public:
    explicit HttpBodyBudget(qint64 capacity) : m_capacity(capacity) {}

    bool reserve(qint64 bytes)
    {
        if (m_inUse + bytes > m_capacity)
            return false;
        m_inUse += bytes;
        return true;
    }
    void release(qint64 bytes) { m_inUse -= bytes; }
    qint64 inUse() const { return m_inUse; }

private:
    qint64 m_capacity;
    qint64 m_inUse = 0;
};

} // namespace Banter::Server
