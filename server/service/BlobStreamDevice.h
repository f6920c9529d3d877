#pragma once

#include "service/WorkerPool.h"
#include "storage/BlobStore.h"

#include <QByteArray>
#include <QIODevice>

#include <memory>

namespace Banter::Server {

// A blob (or a byte range of it) as a sequential device for QHttpServerResponder::write(QIODevice *): the
// file is read and decrypted on the worker pool, at most two pieces ahead of the socket, so a download costs
// the event loop neither I/O nor memory that grows with the file.
class BlobStreamDevice : public QIODevice
{
public:
    static constexpr qint64 PieceBytes = 256 * 1024;

    // source: opened already (the route answers 404 before it gets here); [from, to) is what is sent.
    BlobStreamDevice(WorkerPool &pool, std::shared_ptr<BlobSource> source, qint64 from, qint64 to);

    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override { return m_buffer.size() + QIODevice::bytesAvailable(); }
    bool atEnd() const override { return m_buffer.isEmpty() && !m_fetching && (m_next >= m_to || m_failed); }

protected:
    qint64 readData(char *data, qint64 max) override;
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    void fetch();

    WorkerPool &m_pool;
    std::shared_ptr<BlobSource> m_source; // used by one worker task at a time
    qint64 m_next;                        // the first byte not yet asked for
    qint64 m_to;
    QByteArray m_buffer;
    bool m_fetching = false;
    bool m_failed = false;
};

} // namespace Banter::Server
