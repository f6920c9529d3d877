#pragma once

#include "crypto/MessageSealer.h"
#include "service/MediaInspector.h"
#include "service/Principal.h"
#include "service/WorkerPool.h"
#include "storage/BlobStore.h"
#include "storage/DbExecutor.h"
#include "storage/MediaRepository.h"

#include <QFuture>
#include <QObject>
#include <QSet>

namespace Banter::Server {

struct MediaSettings
{
    qint64 maxUploadBytes = 25LL * 1024 * 1024;         // one request (simple upload, or a tus PATCH)
    qint64 maxResumableBytes = 1024LL * 1024 * 1024;    // a tus upload
    qint64 quotaBytes = 1024LL * 1024 * 1024;           // per user
    qint64 unattachedSeconds = 24 * 3600;               // uploads nobody attached are removed after this
    qint64 uploadIdleSeconds = 3600;                    // tus uploads nobody adds to are removed after this
    int maxOpenUploads = 20;                            // tus uploads in progress per user
    ImageLimits images;
};

// A media object as its reader sees it.
struct MediaView
{
    StoredMedia row;
    QString name;
    QByteArray sha256;
};

// What GET streams: the media and an opened source of the wanted blob (the file or its thumbnail).
struct MediaRead
{
    MediaView media;
    std::shared_ptr<BlobSource> source;
    QString blob;
    QString contentType;
};

struct UploadState
{
    MediaUpload upload;
    std::optional<MediaView> media; // once complete
};

// Uploads (whole, or resumable with tus), reads and deletes. Who may read a media object: its uploader, and
// members of a conversation where a visible message inside their history window carries it (or a group whose
// avatar it is); for everyone else it does not exist (not_found). Bytes are handled on the worker pool, rows on
// the database threads; continuations run on context's thread.
class MediaService
{
public:
    MediaService(DbExecutor &db, WorkerPool &workers, BlobStore &store, const CryptoService &crypto,
                 const MessageSealer &sealer, MediaSettings settings);

    const MediaSettings &settings() const { return m_settings; }

    // name: the client's file name (checked: no path, no control characters); claimedType may be empty.
    QFuture<Result<MediaView>> upload(const Principal &caller, const QString &name, const QString &claimedType,
                                      QByteArray data, QObject *context);
    QFuture<Result<MediaRead>> open(const Principal &caller, const QString &mediaId, bool thumbnail, QObject *context);
    // The uploader, or a moderator: someone else's file needs a reason (1-500 characters) and is audited
    // (media.remove) in the same transaction.
    QFuture<Result<bool>> remove(const Principal &caller, const QString &mediaId, const QString &reason = {});

    // tus
    QFuture<Result<MediaUpload>> createUpload(const Principal &caller, qint64 length, const QString &name,
                                              const QString &claimedType);
    QFuture<Result<UploadState>> uploadState(const Principal &caller, const QString &uploadId);
    // Appends data at offset (conflict when the upload is elsewhere, or busy with another request); the last
    // part turns the upload into a media object.
    QFuture<Result<UploadState>> appendUpload(const Principal &caller, const QString &uploadId, qint64 offset,
                                              QByteArray data, QObject *context);
    QFuture<Result<bool>> deleteUpload(const Principal &caller, const QString &uploadId);

    // Checks a file name from a client; the name to store ("file" when empty).
    static Result<QString> checkName(const QString &name);
    // The media's sealed name and SHA-256.
    Result<MediaView> reveal(const StoredMedia &row) const;

private:
    struct Ingested
    {
        StagedBlob file;
        std::optional<StagedBlob> thumbnail;
        QString contentType;
        int width = 0;
        int height = 0;
    };
    using Producer = std::function<Result<void>(const std::function<Result<void>(QByteArrayView)> &)>;
    // On a worker: writes the bytes produce() hands over into a staged blob, and inspects them.
    Result<Ingested> ingest(const Producer &produce, const QString &claimedType);
    // On a database thread: the row, the files made visible (under the blob lock), the quota checked.
    // upload: the tus upload this completes (its id and the size of its parts file), if any.
    struct Completing
    {
        QString uploadId;
        qint64 stored = 0;
    };
    Result<MediaView> store(DbSession &db, qint64 uploaderId, const QString &name, const Ingested &in,
                            const Completing &upload);
    QFuture<Result<MediaView>> finishIngest(qint64 uploaderId, const QString &name, const Completing &upload,
                                            QFuture<Result<Ingested>> ingested, QObject *context);
    Result<SealedContent> sealUploadMeta(const QString &uploadId, const QString &name, const QString &type) const;

    DbExecutor &m_db;
    WorkerPool &m_workers;
    BlobStore &m_store;
    const CryptoService &m_crypto;
    const MessageSealer &m_sealer;
    MediaSettings m_settings;
    QSet<QString> m_busyUploads; // tus uploads a request is working on (main thread only)
};

} // namespace Banter::Server
