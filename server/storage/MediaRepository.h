#pragma once

#include "crypto/MessageSealer.h"
#include "storage/DbSession.h"

#include <QDateTime>
#include <QHash>
#include <QList>

#include <optional>

namespace Banter::Server {

// A media row. The client's file name and the SHA-256 are sealed (meta), bound to the blob.
struct StoredMedia
{
    qint64 id = 0;
    qint64 uploaderId = 0;
    QString blob;
    QString thumbnailBlob; // empty: none
    qint64 size = 0;
    QString contentType;
    int width = 0; // 0: not an image (or unknown)
    int height = 0;
    SealedContent meta;
    QDateTime createdAt;
    qint64 messageId = 0;  // 0: not attached
    bool deleted = false;
};

struct MediaUpload
{
    QString id;
    qint64 length = 0;
    qint64 received = 0;
    qint64 stored = 0;
    SealedContent meta;
    qint64 mediaId = 0; // once complete
    QDateTime createdAt;
};

struct Attachment
{
    qint64 mediaId = 0;
    qint64 messageId = 0;
    int position = 0;
};

// Media rows and resumable uploads. Quotas are checked in the statements that add bytes.
class MediaRepository
{
public:
    explicit MediaRepository(DbSession &session) : m_session(session) {}

    // Holds the blob's lock until the transaction ends (see FileBlobStore: storing and removing a file).
    Result<void> lockBlob(const QString &blob);
    // Holds the uploader's quota lock until the transaction ends: quota checks of one user one after another.
    Result<void> lockQuota(qint64 uploaderId);
    // None when the quota would be exceeded. uploadId: the tus upload this completes (not counted twice).
    Result<std::optional<StoredMedia>> insert(const StoredMedia &m, qint64 quota, const QString &uploadId);
    Result<qint64> usage(qint64 userId);
    Result<std::optional<StoredMedia>> readable(qint64 mediaId, qint64 userId);
    Result<std::optional<qint64>> uploaderOf(qint64 mediaId);
    Result<bool> markDeleted(qint64 mediaId);
    Result<void> deleteWithMessage(qint64 messageId);
    // Locked until the commit: what a batch of sends attaches.
    Result<QList<StoredMedia>> lockForAttach(const QList<qint64> &ids);
    Result<void> attach(const QList<Attachment> &attachments);
    // message id -> its attachments, in order.
    Result<QHash<qint64, QList<StoredMedia>>> ofMessages(const QList<qint64> &messageIds);

    Result<int> expireUnattached(qint64 olderThanSeconds);
    // Removes up to limit deleted rows; the blobs they held.
    Result<QStringList> purgeDeleted(int limit);
    Result<bool> blobInUse(const QString &blob);

    // None when the quota (or the number of open uploads) would be exceeded.
    Result<bool> insertUpload(const MediaUpload &u, qint64 uploaderId, qint64 quota, int maxOpen);
    Result<std::optional<MediaUpload>> upload(const QString &id, qint64 uploaderId);
    // False when the upload moved on meanwhile (received != expected).
    Result<bool> uploadProgress(const QString &id, qint64 expected, qint64 received, qint64 stored);
    Result<void> uploadDone(const QString &id, qint64 mediaId, qint64 stored);
    Result<bool> deleteUpload(const QString &id, qint64 uploaderId);
    Result<QStringList> staleUploads(qint64 olderThanSeconds, int limit);

private:
    DbSession &m_session;
};

} // namespace Banter::Server
