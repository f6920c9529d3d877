#include "storage/FileBlobStore.h"

#include "storage/StorageLog.h"

#include <banter/ErrorCode.h>

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTimeZone>
#include <QtEndian>

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

constexpr QByteArrayView Magic = "BNTBLOB1";
constexpr int TagBytes = 16;
constexpr int PrefixBytes = 8;

Error ioError(const QString &what)
{
    qCWarning(lcStorage).noquote() << "media storage:" << what;
    return makeError(ErrorCode::Internal, u"media storage failed"_s);
}

bool validName(const QString &name)
{
    static const QRegularExpression re(u"^[0-9a-f]{64}$"_s);
    return re.match(name).hasMatch();
}

bool validUploadId(const QString &id)
{
    static const QRegularExpression re(u"^[0-9a-f]{32}$"_s);
    return re.match(id).hasMatch();
}

QByteArray be32(quint32 v)
{
    QByteArray b(4, Qt::Uninitialized);
    qToBigEndian(v, b.data());
    return b;
}

QByteArray be64(quint64 v)
{
    QByteArray b(8, Qt::Uninitialized);
    qToBigEndian(v, b.data());
    return b;
}

QByteArray chunkContext(const QByteArray &prefix, quint32 index, bool last)
{
    return "banter-blob\0"_ba + prefix + be32(index) + (last ? "\1"_ba : "\0"_ba);
}

QByteArray chunkNonce(const QByteArray &prefix, quint32 index)
{
    return prefix + be32(index);
}

bool syncFile(QFile &f)
{
    return f.flush() && ::fsync(f.handle()) == 0;
}

// Writes one blob to the staging directory, sealing every full chunk as it goes.
class FileBlobSink : public BlobSink
{
public:
    FileBlobSink(const CryptoService &crypto, SecretKey key, QString path)
        : m_crypto(crypto), m_key(std::move(key)), m_file(path), m_hash(QCryptographicHash::Sha256)
    {
        m_prefix = m_crypto.randomBytes(PrefixBytes);
    }

    ~FileBlobSink() override
    {
        if (!m_finished) {
            m_file.close();
            QFile::remove(m_file.fileName());
        }
    }

    Result<void> open()
    {
        if (!m_file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return ioError(m_file.fileName() + u": "_s + m_file.errorString());
        const QByteArray id = m_key.id.toUtf8();
        QByteArray header = Magic.toByteArray() + be32(FileBlobStore::ChunkBytes) + be64(0)
                            + QByteArray(1, char(id.size())) + id + m_prefix;
        m_sizeOffset = Magic.size() + 4;
        if (m_file.write(header) != header.size())
            return ioError(m_file.errorString());
        return {};
    }

    Result<void> append(QByteArrayView data) override
    {
        m_hash.addData(data);
        m_size += data.size();
        if (m_head.size() < 64 * 1024)
            m_head.append(data.first(qMin<qsizetype>(data.size(), 64 * 1024 - m_head.size())));
        // A full buffer stays until more comes: only then is it known not to be the last chunk.
        while (!data.isEmpty()) {
            if (m_buffer.size() == FileBlobStore::ChunkBytes)
                if (auto r = flushChunk(false); !r)
                    return r;
            const qsizetype take = qMin<qsizetype>(data.size(), FileBlobStore::ChunkBytes - m_buffer.size());
            m_buffer.append(data.first(take));
            data = data.sliced(take);
        }
        return {};
    }

    Result<StagedBlob> finish() override
    {
        if (auto r = flushChunk(true); !r)
            return r.error();
        if (!m_file.seek(m_sizeOffset) || m_file.write(be64(quint64(m_size))) != 8 || !syncFile(m_file))
            return ioError(m_file.errorString());
        m_file.close();
        m_finished = true;
        StagedBlob blob;
        blob.sha256 = m_hash.result();
        blob.name = QString::fromLatin1(m_crypto.hmacSha256(m_key.secret, "banter-blob-name\0"_ba + blob.sha256).toHex());
        blob.stagedPath = m_file.fileName();
        blob.size = m_size;
        blob.head = m_head;
        return blob;
    }

private:
    Result<void> flushChunk(bool last)
    {
        auto sealed = m_crypto.seal(m_key.secret, chunkNonce(m_prefix, m_index), chunkContext(m_prefix, m_index, last), m_buffer);
        if (!sealed)
            return sealed.error();
        if (m_file.write(sealed.value()) != sealed.value().size())
            return ioError(m_file.errorString());
        m_buffer.clear();
        ++m_index;
        return {};
    }

    const CryptoService &m_crypto;
    SecretKey m_key;
    QFile m_file;
    QCryptographicHash m_hash;
    QByteArray m_prefix;
    QByteArray m_buffer;
    QByteArray m_head;
    qint64 m_size = 0;
    qint64 m_sizeOffset = 0;
    quint32 m_index = 0;
    bool m_finished = false;
};

class FileBlobSource : public BlobSource
{
public:
    FileBlobSource(const CryptoService &crypto, const KeyStore &keys, QString path)
        : m_crypto(crypto), m_keys(keys), m_file(path)
    {
    }

    Result<void> open()
    {
        if (!m_file.open(QIODevice::ReadOnly))
            return makeError(ErrorCode::NotFound, u"no such blob"_s);
        const QByteArray fixed = m_file.read(Magic.size() + 4 + 8 + 1);
        if (fixed.size() != Magic.size() + 13 || !fixed.startsWith(Magic))
            return ioError(m_file.fileName() + u": not a blob"_s);
        m_chunk = qFromBigEndian<quint32>(fixed.constData() + Magic.size());
        m_size = qint64(qFromBigEndian<quint64>(fixed.constData() + Magic.size() + 4));
        const int idLength = quint8(fixed.back());
        const QByteArray id = m_file.read(idLength);
        m_prefix = m_file.read(PrefixBytes);
        const SecretKey *key = m_keys.dataKey(QString::fromUtf8(id));
        if (id.size() != idLength || m_prefix.size() != PrefixBytes || !key || m_chunk == 0 || m_size < 0)
            return ioError(m_file.fileName() + u": a damaged header or an unknown key"_s);
        m_secret = key->secret;
        m_dataStart = m_file.pos();
        m_chunks = m_size == 0 ? 1 : (m_size + m_chunk - 1) / m_chunk;
        if (m_file.size() != m_dataStart + m_size + m_chunks * TagBytes)
            return ioError(m_file.fileName() + u": truncated"_s);
        return {};
    }

    qint64 size() const override { return m_size; }

    Result<QByteArray> read(qint64 offset, qint64 max) override
    {
        QByteArray out;
        if (offset < 0 || offset > m_size)
            return makeError(ErrorCode::Internal, u"read outside the blob"_s);
        max = qMin(max, m_size - offset);
        out.reserve(qsizetype(max));
        while (max > 0) {
            const quint32 index = quint32(offset / m_chunk);
            auto chunk = this->chunk(index);
            if (!chunk)
                return chunk.error();
            const qint64 within = offset - qint64(index) * m_chunk;
            const qint64 take = qMin<qint64>(max, chunk.value().size() - within);
            if (take <= 0)
                return ioError(m_file.fileName() + u": short chunk"_s);
            out.append(chunk.value().constData() + within, qsizetype(take));
            offset += take;
            max -= take;
        }
        return out;
    }

private:
    Result<QByteArray> chunk(quint32 index)
    {
        if (m_cachedIndex == qint64(index))
            return m_cached;
        const bool last = qint64(index) == m_chunks - 1;
        const qint64 plain = last ? m_size - qint64(index) * m_chunk : m_chunk;
        if (!m_file.seek(m_dataStart + qint64(index) * (m_chunk + TagBytes)))
            return ioError(m_file.errorString());
        const QByteArray sealed = m_file.read(plain + TagBytes);
        auto opened = m_crypto.open(m_secret, chunkNonce(m_prefix, index), chunkContext(m_prefix, index, last), sealed);
        if (!opened)
            return ioError(m_file.fileName() + u": a chunk does not open"_s);
        m_cached = opened.value();
        m_cachedIndex = index;
        return m_cached;
    }

    const CryptoService &m_crypto;
    const KeyStore &m_keys;
    QFile m_file;
    QByteArray m_secret;
    QByteArray m_prefix;
    qint64 m_chunk = 0;
    qint64 m_size = 0;
    qint64 m_chunks = 0;
    qint64 m_dataStart = 0;
    QByteArray m_cached;
    qint64 m_cachedIndex = -1;
};

} // namespace

FileBlobStore::FileBlobStore(QString dir, const CryptoService &crypto, const KeyStore &keys)
    : m_dir(std::move(dir)), m_crypto(crypto), m_keys(keys)
{
}

Result<void> FileBlobStore::prepare(bool shared)
{
    QDir root(m_dir);
    for (const QString &sub : {u"staging"_s, u"partial"_s})
        if (!root.mkpath(sub))
            return ioError(u"cannot create "_s + root.filePath(sub));
    QFile::setPermissions(m_dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    // Leftovers of a crash. Shared by the nodes of a cluster, only old ones: a file another node is writing right
    // now is younger than this (one staging file lives for one upload request).
    QDir staging(root.filePath(u"staging"_s));
    const QDateTime stale = QDateTime::currentDateTimeUtc().addSecs(-3600);
    for (const QFileInfo &f : staging.entryInfoList(QDir::Files))
        if (!shared || f.lastModified(QTimeZone::UTC) < stale)
            staging.remove(f.fileName());
    return {};
}

QString FileBlobStore::pathOf(const QString &name) const
{
    return m_dir + u'/' + name.left(2) + u'/' + name;
}

QString FileBlobStore::partPath(const QString &uploadId) const
{
    return m_dir + u"/partial/"_s + uploadId + u".part"_s;
}

Result<std::unique_ptr<BlobSink>> FileBlobStore::create()
{
    const QString path = m_dir + u"/staging/"_s + QString::fromLatin1(m_crypto.randomBytes(16).toHex()) + u".tmp"_s;
    auto sink = std::make_unique<FileBlobSink>(m_crypto, m_keys.currentDataKey(), path);
    if (auto r = sink->open(); !r)
        return r.error();
    return std::unique_ptr<BlobSink>(std::move(sink));
}

Result<std::unique_ptr<BlobSource>> FileBlobStore::openPath(const QString &path)
{
    auto source = std::make_unique<FileBlobSource>(m_crypto, m_keys, path);
    if (auto r = source->open(); !r)
        return r.error();
    return std::unique_ptr<BlobSource>(std::move(source));
}

Result<std::unique_ptr<BlobSource>> FileBlobStore::openStaged(const StagedBlob &blob)
{
    return openPath(blob.stagedPath);
}

Result<void> FileBlobStore::commit(const StagedBlob &blob)
{
    if (!validName(blob.name))
        return ioError(u"an invalid blob name"_s);
    const QString target = pathOf(blob.name);
    if (!QDir(m_dir).mkpath(blob.name.left(2)))
        return ioError(u"cannot create a directory for "_s + target);
    if (QFile::exists(target)) { // the same content is stored already
        QFile::remove(blob.stagedPath);
        return {};
    }
    if (!QFile::rename(blob.stagedPath, target))
        return ioError(u"cannot move a staged blob to "_s + target);
    return {};
}

void FileBlobStore::discard(const StagedBlob &blob)
{
    if (!blob.stagedPath.isEmpty())
        QFile::remove(blob.stagedPath);
}

Result<std::unique_ptr<BlobSource>> FileBlobStore::open(const QString &name)
{
    if (!validName(name))
        return makeError(ErrorCode::NotFound, u"no such blob"_s);
    return openPath(pathOf(name));
}

Result<void> FileBlobStore::remove(const QString &name)
{
    if (!validName(name))
        return {};
    QFile::remove(pathOf(name));
    return {};
}

// A part: [key id length][key id][12-byte nonce][4-byte length][sealed bytes], bound to the upload and to
// where it starts in the file.
Result<void> FileBlobStore::appendPart(const QString &uploadId, qint64 storedBytes, QByteArrayView data,
                                       qint64 *storedAfter)
{
    if (!validUploadId(uploadId))
        return ioError(u"an invalid upload id"_s);
    QFile f(partPath(uploadId));
    if (!f.open(QIODevice::ReadWrite))
        return ioError(f.fileName() + u": "_s + f.errorString());
    // Whatever a failed request left after the last part that was counted goes.
    if (f.size() != storedBytes && !f.resize(storedBytes))
        return ioError(f.errorString());
    if (!f.seek(storedBytes))
        return ioError(f.errorString());
    const SecretKey &key = m_keys.currentDataKey();
    const QByteArray nonce = m_crypto.randomBytes(12);
    const QByteArray context = "banter-part\0"_ba + uploadId.toLatin1() + be64(quint64(storedBytes));
    auto sealed = m_crypto.seal(key.secret, nonce, context, data.toByteArray());
    if (!sealed)
        return sealed.error();
    const QByteArray id = key.id.toUtf8();
    const QByteArray record = QByteArray(1, char(id.size())) + id + nonce + be32(quint32(sealed.value().size())) + sealed.value();
    if (f.write(record) != record.size() || !syncFile(f))
        return ioError(f.errorString());
    *storedAfter = storedBytes + record.size();
    return {};
}

Result<void> FileBlobStore::readParts(const QString &uploadId, qint64 storedBytes,
                                      const std::function<Result<void>(QByteArrayView)> &each)
{
    if (!validUploadId(uploadId))
        return ioError(u"an invalid upload id"_s);
    QFile f(partPath(uploadId));
    if (storedBytes == 0)
        return {};
    if (!f.open(QIODevice::ReadOnly))
        return ioError(f.fileName() + u": "_s + f.errorString());
    while (f.pos() < storedBytes) {
        const qint64 start = f.pos();
        char idLength = 0;
        if (!f.getChar(&idLength))
            return ioError(f.fileName() + u": truncated"_s);
        const QByteArray id = f.read(quint8(idLength));
        const QByteArray nonce = f.read(12);
        const QByteArray length = f.read(4);
        if (id.size() != quint8(idLength) || nonce.size() != 12 || length.size() != 4)
            return ioError(f.fileName() + u": truncated"_s);
        const QByteArray sealed = f.read(qFromBigEndian<quint32>(length.constData()));
        const SecretKey *key = m_keys.dataKey(QString::fromUtf8(id));
        if (!key)
            return ioError(f.fileName() + u": an unknown key"_s);
        auto opened = m_crypto.open(key->secret, nonce, "banter-part\0"_ba + uploadId.toLatin1() + be64(quint64(start)), sealed);
        if (!opened)
            return ioError(f.fileName() + u": a part does not open"_s);
        if (auto r = each(opened.value()); !r)
            return r;
    }
    return {};
}

void FileBlobStore::removeParts(const QString &uploadId)
{
    if (validUploadId(uploadId))
        QFile::remove(partPath(uploadId));
}

} // namespace Banter::Server
