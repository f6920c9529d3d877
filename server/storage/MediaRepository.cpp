#include "storage/MediaRepository.h"

#include "storage/SqlArrays.h"

#include <banter/ErrorCode.h>

#include <QJsonArray>
#include <QJsonObject>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Banter::Server {

Result<void> MediaRepository::lockBlob(const QString &blob)
{
    auto q = m_session.exec(u"media/lock_blob"_s, {{u"blob"_s, blob}});
    if (!q)
        return q.error();
    return {};
}

Result<void> MediaRepository::lockQuota(qint64 uploaderId)
{
    auto q = m_session.exec(u"media/lock_quota"_s, {{u"uploader_id"_s, uploaderId}});
    if (!q)
        return q.error();
    return {};
}

Result<std::optional<StoredMedia>> MediaRepository::insert(const StoredMedia &m, qint64 quota, const QString &uploadId)
{
    auto q = m_session.exec(u"media/insert"_s, {{u"uploader_id"_s, m.uploaderId},
                                                {u"blob"_s, m.blob},
                                                {u"thumbnail_blob"_s, m.thumbnailBlob},
                                                {u"size"_s, m.size},
                                                {u"content_type"_s, m.contentType},
                                                {u"width"_s, m.width},
                                                {u"height"_s, m.height},
                                                {u"key_id"_s, m.meta.keyId},
                                                {u"nonce"_s, m.meta.nonce},
                                                {u"sealed"_s, m.meta.ciphertext},
                                                {u"quota"_s, quota},
                                                {u"upload_id"_s, uploadId}});
    if (!q)
        return q.error();
    if (!q.value()->next())
        return std::optional<StoredMedia>();
    StoredMedia out = m;
    out.id = q.value()->value(0).toLongLong();
    out.createdAt = q.value()->value(1).toDateTime();
    return std::optional<StoredMedia>(out);
}

Result<qint64> MediaRepository::usage(qint64 userId)
{
    auto q = m_session.exec(u"media/usage"_s, {{u"user_id"_s, userId}});
    if (!q)
        return q.error();
    return q.value()->next() ? q.value()->value(0).toLongLong() : 0;
}

Result<std::optional<StoredMedia>> MediaRepository::readable(qint64 mediaId, qint64 userId)
{
    auto q = m_session.exec(u"media/readable"_s, {{u"id"_s, mediaId}, {u"user_id"_s, userId}});
    if (!q)
        return q.error();
    QSqlQuery &r = *q.value();
    if (!r.next())
        return std::optional<StoredMedia>();
    StoredMedia m;
    m.id = r.value(0).toLongLong();
    m.uploaderId = r.value(1).toLongLong();
    m.blob = r.value(2).toString();
    m.thumbnailBlob = r.value(3).toString();
    m.size = r.value(4).toLongLong();
    m.contentType = r.value(5).toString();
    m.width = r.value(6).toInt();
    m.height = r.value(7).toInt();
    m.meta = {r.value(8).toString(), r.value(9).toByteArray(), r.value(10).toByteArray()};
    m.createdAt = r.value(11).toDateTime();
    m.messageId = r.value(12).toLongLong();
    return std::optional<StoredMedia>(m);
}

Result<std::optional<qint64>> MediaRepository::uploaderOf(qint64 mediaId)
{
    auto q = m_session.exec(u"media/owner_of"_s, {{u"id"_s, mediaId}});
    if (!q)
        return q.error();
    if (!q.value()->next())
        return std::optional<qint64>();
    return std::optional<qint64>(q.value()->value(0).toLongLong());
}

Result<bool> MediaRepository::markDeleted(qint64 mediaId)
{
    auto q = m_session.exec(u"media/mark_deleted"_s, {{u"id"_s, mediaId}});
    if (!q)
        return q.error();
    return q.value()->next();
}

Result<void> MediaRepository::deleteWithMessage(qint64 messageId)
{
    return m_session.execute(u"media/delete_with_message"_s, {{u"message_id"_s, messageId}});
}

Result<QList<StoredMedia>> MediaRepository::lockForAttach(const QList<qint64> &ids)
{
    auto q = m_session.exec(u"media/lock_for_attach"_s, {{u"ids"_s, bigintArray(ids)}});
    if (!q)
        return q.error();
    QList<StoredMedia> out;
    QSqlQuery &r = *q.value();
    while (r.next()) {
        StoredMedia m;
        m.id = r.value(0).toLongLong();
        m.uploaderId = r.value(1).toLongLong();
        m.messageId = r.value(2).toLongLong();
        m.deleted = r.value(3).toBool();
        m.size = r.value(4).toLongLong();
        m.contentType = r.value(5).toString();
        m.width = r.value(6).toInt();
        m.height = r.value(7).toInt();
        m.meta = {r.value(8).toString(), r.value(9).toByteArray(), r.value(10).toByteArray()};
        m.blob = r.value(11).toString();
        out.append(m);
    }
    return out;
}

Result<void> MediaRepository::attach(const QList<Attachment> &attachments)
{
    if (attachments.isEmpty())
        return {};
    QJsonArray rows;
    for (const Attachment &a : attachments)
        rows.append(QJsonObject{{u"media_id"_s, a.mediaId}, {u"message_id"_s, a.messageId}, {u"position"_s, a.position}});
    return m_session.execute(u"media/attach"_s, {{u"rows"_s, compactJson(rows)}});
}

Result<QHash<qint64, QList<StoredMedia>>> MediaRepository::ofMessages(const QList<qint64> &messageIds)
{
    QHash<qint64, QList<StoredMedia>> out;
    if (messageIds.isEmpty())
        return out;
    auto q = m_session.exec(u"media/of_messages"_s, {{u"ids"_s, bigintArray(messageIds)}});
    if (!q)
        return q.error();
    QSqlQuery &r = *q.value();
    while (r.next()) {
        StoredMedia m;
        m.messageId = r.value(0).toLongLong();
        m.id = r.value(1).toLongLong();
        m.size = r.value(2).toLongLong();
        m.contentType = r.value(3).toString();
        m.width = r.value(4).toInt();
        m.height = r.value(5).toInt();
        m.meta = {r.value(6).toString(), r.value(7).toByteArray(), r.value(8).toByteArray()};
        m.blob = r.value(9).toString();
        out[m.messageId].append(m);
    }
    return out;
}

Result<int> MediaRepository::expireUnattached(qint64 olderThanSeconds)
{
    auto ids = m_session.ids(u"media/expire_unattached"_s, {{u"seconds"_s, olderThanSeconds}});
    if (!ids)
        return ids.error();
    return int(ids.value().size());
}

Result<QStringList> MediaRepository::purgeDeleted(int limit)
{
    auto q = m_session.exec(u"media/purge_deleted"_s, {{u"limit"_s, limit}});
    if (!q)
        return q.error();
    QStringList blobs;
    while (q.value()->next())
        for (int i = 0; i < 2; ++i)
            if (const QString b = q.value()->value(i).toString(); !b.isEmpty() && !blobs.contains(b))
                blobs.append(b);
    return blobs;
}

Result<bool> MediaRepository::blobInUse(const QString &blob)
{
    auto q = m_session.exec(u"media/blob_in_use"_s, {{u"blob"_s, blob}});
    if (!q)
        return q.error();
    return q.value()->next() && q.value()->value(0).toBool();
}

Result<bool> MediaRepository::insertUpload(const MediaUpload &u, qint64 uploaderId, qint64 quota, int maxOpen)
{
    auto q = m_session.exec(u"media/insert_upload"_s, {{u"id"_s, u.id},
                                                       {u"uploader_id"_s, uploaderId},
                                                       {u"length"_s, u.length},
                                                       {u"key_id"_s, u.meta.keyId},
                                                       {u"nonce"_s, u.meta.nonce},
                                                       {u"sealed"_s, u.meta.ciphertext},
                                                       {u"quota"_s, quota},
                                                       {u"max_open"_s, maxOpen}});
    if (!q)
        return q.error();
    return q.value()->next();
}

Result<std::optional<MediaUpload>> MediaRepository::upload(const QString &id, qint64 uploaderId)
{
    auto q = m_session.exec(u"media/upload"_s, {{u"id"_s, id}, {u"uploader_id"_s, uploaderId}});
    if (!q)
        return q.error();
    QSqlQuery &r = *q.value();
    if (!r.next())
        return std::optional<MediaUpload>();
    MediaUpload u;
    u.id = r.value(0).toString();
    u.length = r.value(1).toLongLong();
    u.received = r.value(2).toLongLong();
    u.stored = r.value(3).toLongLong();
    u.meta = {r.value(4).toString(), r.value(5).toByteArray(), r.value(6).toByteArray()};
    u.mediaId = r.value(7).toLongLong();
    u.createdAt = r.value(8).toDateTime();
    return std::optional<MediaUpload>(u);
}

Result<bool> MediaRepository::uploadProgress(const QString &id, qint64 expected, qint64 received, qint64 stored)
{
    auto q = m_session.exec(u"media/upload_progress"_s, {{u"id"_s, id}, {u"expected"_s, expected},
                                                         {u"received"_s, received}, {u"stored"_s, stored}});
    if (!q)
        return q.error();
    return q.value()->next();
}

Result<void> MediaRepository::uploadDone(const QString &id, qint64 mediaId, qint64 stored)
{
    return m_session.execute(u"media/upload_done"_s, {{u"id"_s, id}, {u"media_id"_s, mediaId}, {u"stored"_s, stored}});
}

Result<bool> MediaRepository::deleteUpload(const QString &id, qint64 uploaderId)
{
    auto q = m_session.exec(u"media/delete_upload"_s, {{u"id"_s, id}, {u"uploader_id"_s, uploaderId}});
    if (!q)
        return q.error();
    return q.value()->next();
}

Result<QStringList> MediaRepository::staleUploads(qint64 olderThanSeconds, int limit)
{
    auto q = m_session.exec(u"media/stale_uploads"_s, {{u"seconds"_s, olderThanSeconds}, {u"limit"_s, limit}});
    if (!q)
        return q.error();
    QStringList ids;
    while (q.value()->next())
        ids.append(q.value()->value(0).toString());
    return ids;
}

} // namespace Banter::Server
