#pragma once

#include <banter/Result.h>

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <functional>
#include <memory>

namespace Banter::Server {

// A blob written but not yet visible: where it was staged, what it holds.
struct StagedBlob
{
    QString name;       // content-addressed (a keyed hash of its SHA-256): the same bytes get the same name
    QString stagedPath; // implementation detail of the store
    qint64 size = 0;
    QByteArray sha256;  // of the plaintext
    QByteArray head;    // the first bytes of the plaintext (type detection)
};

// Writes one blob, a piece at a time; memory stays flat whatever its size. Dropped unfinished, it leaves
// nothing behind.
class BlobSink
{
public:
    virtual ~BlobSink() = default;
    virtual Result<void> append(QByteArrayView data) = 0;
    virtual Result<StagedBlob> finish() = 0;
};

// Reads a blob at any offset.
class BlobSource
{
public:
    virtual ~BlobSource() = default;
    virtual qint64 size() const = 0;
    // Up to max bytes from offset (fewer only at the end).
    virtual Result<QByteArray> read(qint64 offset, qint64 max) = 0;
};

// Where media bytes live, encrypted at rest: the data directory today (FileBlobStore), an object store later.
// Thread-safe; every call may block on I/O, so callers run it on a worker thread (WorkerPool).
class BlobStore
{
public:
    virtual ~BlobStore() = default;
    virtual Result<std::unique_ptr<BlobSink>> create() = 0;
    virtual Result<std::unique_ptr<BlobSource>> openStaged(const StagedBlob &blob) = 0;
    // Makes a staged blob readable under its name (if that name exists already, the staged copy is dropped).
    virtual Result<void> commit(const StagedBlob &blob) = 0;
    virtual void discard(const StagedBlob &blob) = 0;
    virtual Result<std::unique_ptr<BlobSource>> open(const QString &name) = 0;
    virtual Result<void> remove(const QString &name) = 0;

    // Resumable uploads: numbered parts appended one by one, read back in order, removed when done or abandoned.
    virtual Result<void> appendPart(const QString &uploadId, qint64 storedBytes, QByteArrayView data,
                                    qint64 *storedAfter) = 0;
    virtual Result<void> readParts(const QString &uploadId, qint64 storedBytes,
                                   const std::function<Result<void>(QByteArrayView)> &each) = 0;
    virtual void removeParts(const QString &uploadId) = 0;
};

} // namespace Banter::Server
