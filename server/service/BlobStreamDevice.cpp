#include "service/BlobStreamDevice.h"

#include "service/ServiceLog.h"

namespace Banter::Server {

BlobStreamDevice::BlobStreamDevice(WorkerPool &pool, std::shared_ptr<BlobSource> source, qint64 from, qint64 to)
    : m_pool(pool), m_source(std::move(source)), m_next(from), m_to(to)
{
    QIODevice::open(QIODevice::ReadOnly | QIODevice::Unbuffered);
    fetch();
}

void BlobStreamDevice::fetch()
{
    if (m_fetching || m_failed || m_next >= m_to || m_buffer.size() >= 2 * PieceBytes)
        return;
    m_fetching = true;
    const qint64 offset = m_next;
    const qint64 length = qMin(PieceBytes, m_to - m_next);
    m_next += length;
    m_pool.run([source = m_source, offset, length] { return source->read(offset, length); })
        .then(this, [this](const Result<QByteArray> &piece) {
            m_fetching = false;
            if (!piece) {
                qCWarning(lcService) << "a download stopped:" << piece.error().message;
                m_failed = true; // the client sees fewer bytes than Content-Length said
            } else {
                m_buffer.append(piece.value());
            }
            fetch();
            emit readyRead();
        });
}

qint64 BlobStreamDevice::readData(char *data, qint64 max)
{
    const qint64 n = qMin<qint64>(max, m_buffer.size());
    memcpy(data, m_buffer.constData(), size_t(n));
    m_buffer.remove(0, qsizetype(n));
    fetch();
    return n;
}

} // namespace Banter::Server
