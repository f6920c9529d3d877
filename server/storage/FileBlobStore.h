#pragma once

#include "crypto/CryptoService.h"
#include "crypto/KeyStore.h"
#include "storage/BlobStore.h"

namespace Banter::Server {

// Blobs as files under one directory (the data directory's media/), encrypted with AES-256-GCM in chunks of
// 64 KiB under the current data key, so memory stays flat for any size and a chunk cannot be moved, dropped or
// reordered unnoticed (each is bound to the file's random prefix, its index and whether it is the last).
//   <dir>/<2 hex>/<64 hex>   committed blobs, named by HMAC-SHA256(data key, SHA-256 of the content)
//   <dir>/staging/           blobs being written (removed when abandoned, and at start)
//   <dir>/partial/<id>.part  resumable uploads: sealed parts, one per request
// Never the client's file name: nothing on disk says what a file was called or holds.
class FileBlobStore : public BlobStore
{
public:
    static constexpr int ChunkBytes = 64 * 1024;

    FileBlobStore(QString dir, const CryptoService &crypto, const KeyStore &keys);
    // Creates the directories and clears what an earlier run left staged.
    // shared: other banterd nodes use the directory too (a cluster), so only stale staging files are removed.
    Result<void> prepare(bool shared = false);

    Result<std::unique_ptr<BlobSink>> create() override;
    Result<std::unique_ptr<BlobSource>> openStaged(const StagedBlob &blob) override;
    Result<void> commit(const StagedBlob &blob) override;
    void discard(const StagedBlob &blob) override;
    Result<std::unique_ptr<BlobSource>> open(const QString &name) override;
    Result<void> remove(const QString &name) override;
    Result<void> appendPart(const QString &uploadId, qint64 storedBytes, QByteArrayView data,
                            qint64 *storedAfter) override;
    Result<void> readParts(const QString &uploadId, qint64 storedBytes,
                           const std::function<Result<void>(QByteArrayView)> &each) override;
    void removeParts(const QString &uploadId) override;

private:
    QString pathOf(const QString &name) const;
    QString partPath(const QString &uploadId) const;
    Result<std::unique_ptr<BlobSource>> openPath(const QString &path);

    QString m_dir;
    const CryptoService &m_crypto;
    const KeyStore &m_keys;
};

} // namespace Banter::Server
