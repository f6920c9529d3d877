#include "service/MediaService.h"

#include "service/ServiceFutures.h"
#include "service/ServiceLog.h"
#include "service/ImageMetadataFilter.h"
#include "service/MediaMeta.h"
#include "service/ModerationAudit.h"
#include "service/TextRules.h"
#include "storage/Transaction.h"

#include <banter/ErrorCode.h>

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

Error noSuchMedia()
{
    return makeError(ErrorCode::NotFound, u"no such media"_s);
}

Error noSuchUpload()
{
    return makeError(ErrorCode::NotFound, u"no such upload"_s);
}

Error quotaExceeded(qint64 quota)
{
    return makeError(ErrorCode::QuotaExceeded, QStringLiteral("your media quota of %1 bytes is used up").arg(quota));
}

QByteArray uploadContext(const QString &id)
{
    return "upload:" + id.toLatin1();
}

bool validUploadId(const QString &id)
{
    if (id.size() != 32)
        return false;
    for (QChar c : id)
        if (!((c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f')))
            return false;
    return true;
}

} // namespace

MediaService::MediaService(DbExecutor &db, WorkerPool &workers, BlobStore &store, const CryptoService &crypto,
                           const MessageSealer &sealer, MediaSettings settings)
    : m_db(db), m_workers(workers), m_store(store), m_crypto(crypto), m_sealer(sealer), m_settings(settings)
{
}

Result<QString> MediaService::checkName(const QString &raw)
{
    if (auto r = TextRules::check(u"file name"_s, raw); !r)
        return r.error();
    const QString name = raw.trimmed();
    if (name.isEmpty())
        return u"file"_s;
    if (name.size() > 255)
        return makeError(ErrorCode::ValidationFailed, u"file name: at most 255 characters"_s);
    if (name.contains(u'/') || name.contains(u'\\') || name == "."_L1 || name == ".."_L1)
        return makeError(ErrorCode::ValidationFailed, u"file name: a name, not a path"_s);
    for (QChar c : name)
        if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format)
            return makeError(ErrorCode::ValidationFailed, u"file name: no control characters"_s);
    return name;
}

Result<MediaView> MediaService::reveal(const StoredMedia &row) const
{
    auto meta = MediaMeta::open(m_sealer, row);
    if (!meta)
        return meta.error();
    return MediaView{row, meta.value().name, meta.value().sha256};
}

Result<MediaService::Ingested> MediaService::ingest(const Producer &produce, const QString &claimedType)
{
    auto created = m_store.create();
    if (!created)
        return created.error();
    BlobSink &sink = *created.value();
    ImageMetadataFilter filter;
    if (auto r = produce([&](QByteArrayView data) { return sink.append(filter.feed(data)); }); !r)
        return r.error();
    if (auto r = sink.append(filter.finish()); !r)
        return r.error();
    auto staged = sink.finish();
    if (!staged)
        return staged.error();
    Ingested out;
    out.file = staged.value();
    auto type = MediaInspector::contentType(out.file.head, claimedType);
    if (!type) {
        m_store.discard(out.file);
        return type.error();
    }
    out.contentType = type.value();
    if (MediaInspector::isImage(out.contentType)) {
        auto source = m_store.openStaged(out.file);
        auto facts = source ? MediaInspector::image(*source.value(), m_settings.images) : Result<ImageFacts>(source.error());
        if (!facts) {
            m_store.discard(out.file);
            return facts.error();
        }
        out.width = facts.value().width;
        out.height = facts.value().height;
        auto thumb = m_store.create();
        if (!thumb) {
            m_store.discard(out.file);
            return thumb.error();
        }
        auto appended = thumb.value()->append(facts.value().thumbnailPng);
        auto thumbStaged = appended ? thumb.value()->finish() : Result<StagedBlob>(appended.error());
        if (!thumbStaged) {
            m_store.discard(out.file);
            return thumbStaged.error();
        }
        out.thumbnail = thumbStaged.value();
    }
    return out;
}

Result<MediaView> MediaService::store(DbSession &db, qint64 uploaderId, const QString &name, const Ingested &in,
                                      const Completing &upload)
{
    auto discard = [&] {
        m_store.discard(in.file);
        if (in.thumbnail)
            m_store.discard(*in.thumbnail);
    };
    auto sealed = MediaMeta{name, in.file.sha256}.seal(m_sealer, in.file.name);
    if (!sealed) {
        discard();
        return sealed.error();
    }
    StoredMedia row;
    row.uploaderId = uploaderId;
    row.blob = in.file.name;
    row.thumbnailBlob = in.thumbnail ? in.thumbnail->name : QString();
    row.size = in.file.size;
    row.contentType = in.contentType;
    row.width = in.width;
    row.height = in.height;
    row.meta = sealed.value();
    const Result<StoredMedia> stored = [&]() -> Result<StoredMedia> {
        auto tx = Transaction::begin(db);
        if (!tx)
            return tx.error();
        MediaRepository media(db);
        if (auto r = media.lockQuota(uploaderId); !r)
            return r.error();
        // The same lock the janitor takes before it removes a file nobody uses: the file cannot go between
        // here and the commit of the row that uses it.
        if (auto r = media.lockBlob(row.blob); !r)
            return r.error();
        if (!row.thumbnailBlob.isEmpty())
            if (auto r = media.lockBlob(row.thumbnailBlob); !r)
                return r.error();
        auto inserted = media.insert(row, m_settings.quotaBytes, upload.uploadId);
        if (!inserted)
            return inserted.error();
        if (!inserted.value())
            return quotaExceeded(m_settings.quotaBytes);
        if (!upload.uploadId.isEmpty())
            if (auto r = media.uploadDone(upload.uploadId, inserted.value()->id, upload.stored); !r)
                return r.error();
        if (auto r = m_store.commit(in.file); !r)
            return r.error();
        if (in.thumbnail)
            if (auto r = m_store.commit(*in.thumbnail); !r)
                return r.error();
        if (auto r = tx.value().commit(); !r)
            return r.error();
        return *inserted.value();
    }();
    if (!stored) {
        discard(); // a no-op for what was committed already
        return stored.error();
    }
    return MediaView{stored.value(), name, in.file.sha256};
}

QFuture<Result<MediaView>> MediaService::finishIngest(qint64 uploaderId, const QString &name, const Completing &upload,
                                                      QFuture<Result<Ingested>> ingested, QObject *context)
{
    return chain(context, ingested, [this, uploaderId, name, upload](const Result<Ingested> &in) {
        if (!in)
            return fail<MediaView>(in.error());
        return m_db.run([this, uploaderId, name, upload, in = in.value()](DbSession &db) {
            return store(db, uploaderId, name, in, upload);
        });
    });
}

QFuture<Result<MediaView>> MediaService::upload(const Principal &caller, const QString &rawName,
                                                const QString &claimedType, QByteArray data, QObject *context)
{
    auto name = checkName(rawName);
    if (!name)
        return fail<MediaView>(name.error());
    if (data.size() > m_settings.maxUploadBytes)
        return fail<MediaView>(makeError(ErrorCode::PayloadTooLarge,
                                         QStringLiteral("file: at most %1 bytes").arg(m_settings.maxUploadBytes)));
    const qint64 me = caller.userId.toLongLong();
    const qint64 size = data.size();
    const qint64 quota = m_settings.quotaBytes;
    // The quota first: a file that cannot be kept is not written.
    auto room = m_db.run([me, size, quota](DbSession &db) -> Result<bool> {
        auto used = MediaRepository(db).usage(me);
        if (!used)
            return used.error();
        if (used.value() + size > quota)
            return quotaExceeded(quota);
        return true;
    });
    return chain(context, room, [this, me, name = name.value(), claimedType, data, context](const Result<bool> &ok) {
        if (!ok)
            return fail<MediaView>(ok.error());
        auto ingested = m_workers.run([this, data, claimedType] {
            return ingest([&data](const auto &sink) { return sink(data); }, claimedType);
        });
        return finishIngest(me, name, Completing{}, ingested, context);
    });
}

QFuture<Result<MediaRead>> MediaService::open(const Principal &caller, const QString &mediaId, bool thumbnail,
                                              QObject *context)
{
    auto id = parseId(mediaId);
    if (!id)
        return fail<MediaRead>(noSuchMedia());
    const qint64 me = caller.userId.toLongLong();
    auto found = m_db.run([id = *id, me](DbSession &db) { return MediaRepository(db).readable(id, me); });
    return chain(context, found, [this, thumbnail](const Result<std::optional<StoredMedia>> &row) {
        if (!row)
            return fail<MediaRead>(row.error());
        if (!row.value() || (thumbnail && row.value()->thumbnailBlob.isEmpty()))
            return fail<MediaRead>(noSuchMedia());
        auto view = reveal(*row.value());
        if (!view)
            return fail<MediaRead>(view.error());
        MediaRead read;
        read.media = view.value();
        read.blob = thumbnail ? row.value()->thumbnailBlob : row.value()->blob;
        read.contentType = thumbnail ? u"image/png"_s : row.value()->contentType;
        return m_workers.run([this, read]() mutable -> Result<MediaRead> {
            auto source = m_store.open(read.blob);
            if (!source)
                return source.error().code == ErrorCode::NotFound ? noSuchMedia() : source.error();
            read.source = std::shared_ptr<BlobSource>(std::move(source.value()));
            return read;
        });
    });
}

QFuture<Result<bool>> MediaService::remove(const Principal &caller, const QString &mediaId, const QString &reason)
{
    auto id = parseId(mediaId);
    if (!id)
        return fail<bool>(noSuchMedia());
    const qint64 me = caller.userId.toLongLong();
    const bool moderator = caller.role == Role::Moderator || caller.role == Role::Admin;
    return m_db.run([id = *id, me, moderator, caller, reason = reason.trimmed()](DbSession &db) -> Result<bool> {
        MediaRepository media(db);
        auto uploader = media.uploaderOf(id);
        if (!uploader)
            return uploader.error();
        if (!uploader.value())
            return noSuchMedia();
        if (*uploader.value() != me && !moderator) {
            // Someone else's: forbidden only if they may see it at all, else it does not exist for them.
            auto readable = media.readable(id, me);
            if (!readable)
                return readable.error();
            if (!readable.value())
                return noSuchMedia();
            return makeError(ErrorCode::Forbidden, u"only its uploader or a moderator deletes media"_s);
        }
        if (*uploader.value() == me)
            return media.markDeleted(id);
        // A moderator removing someone else's file: audited in the same transaction.
        if (reason.isEmpty() || reason.size() > 500)
            return makeError(ErrorCode::ValidationFailed, u"reason: 1-500 characters, required for every moderation action"_s);
        AuditEntry entry = ModerationAudit::entry(caller, u"media.remove"_s, u"media"_s, id, reason,
                                                  {{u"uploaderId"_s, QString::number(*uploader.value())}});
        return ModerationAudit::apply<bool>(db, entry, [&] { return media.markDeleted(id); });
    });
}

Result<SealedContent> MediaService::sealUploadMeta(const QString &uploadId, const QString &name, const QString &type) const
{
    const QJsonObject meta{{u"name"_s, name}, {u"type"_s, type}};
    return m_sealer.sealRecord(uploadContext(uploadId), QJsonDocument(meta).toJson(QJsonDocument::Compact));
}

QFuture<Result<MediaUpload>> MediaService::createUpload(const Principal &caller, qint64 length, const QString &rawName,
                                                        const QString &claimedType)
{
    auto name = checkName(rawName);
    if (!name)
        return fail<MediaUpload>(name.error());
    if (length <= 0)
        return fail<MediaUpload>(makeError(ErrorCode::ValidationFailed, u"Upload-Length: a file of at least one byte"_s));
    if (length > m_settings.maxResumableBytes)
        return fail<MediaUpload>(makeError(ErrorCode::PayloadTooLarge,
                                           QStringLiteral("Upload-Length: at most %1 bytes").arg(m_settings.maxResumableBytes)));
    if (auto r = TextRules::check(u"file type"_s, claimedType); !r || claimedType.size() > 255)
        return fail<MediaUpload>(makeError(ErrorCode::ValidationFailed, u"file type: a MIME type"_s));
    MediaUpload upload;
    upload.id = QString::fromLatin1(m_crypto.randomBytes(16).toHex());
    upload.length = length;
    auto sealed = sealUploadMeta(upload.id, name.value(), claimedType);
    if (!sealed)
        return fail<MediaUpload>(sealed.error());
    upload.meta = sealed.value();
    const qint64 me = caller.userId.toLongLong();
    const MediaSettings settings = m_settings;
    return m_db.run([upload, me, settings](DbSession &db) -> Result<MediaUpload> {
        auto tx = Transaction::begin(db);
        if (!tx)
            return tx.error();
        MediaRepository media(db);
        if (auto r = media.lockQuota(me); !r)
            return r.error();
        auto inserted = media.insertUpload(upload, me, settings.quotaBytes, settings.maxOpenUploads);
        if (!inserted)
            return inserted.error();
        if (auto r = tx.value().commit(); !r)
            return r.error();
        if (!inserted.value())
            return makeError(ErrorCode::QuotaExceeded,
                             QStringLiteral("your media quota of %1 bytes, or %2 uploads in progress, is used up")
                                 .arg(settings.quotaBytes).arg(settings.maxOpenUploads));
        return upload;
    });
}

QFuture<Result<UploadState>> MediaService::uploadState(const Principal &caller, const QString &uploadId)
{
    if (!validUploadId(uploadId))
        return fail<UploadState>(noSuchUpload());
    const qint64 me = caller.userId.toLongLong();
    return m_db.run([this, uploadId, me](DbSession &db) -> Result<UploadState> {
        auto found = MediaRepository(db).upload(uploadId, me);
        if (!found)
            return found.error();
        if (!found.value())
            return noSuchUpload();
        UploadState state{*found.value(), std::nullopt};
        if (state.upload.mediaId != 0) {
            auto row = MediaRepository(db).readable(state.upload.mediaId, me);
            if (!row)
                return row.error();
            if (row.value()) {
                auto view = reveal(*row.value());
                if (view)
                    state.media = view.value();
            }
        }
        return state;
    });
}

QFuture<Result<UploadState>> MediaService::appendUpload(const Principal &caller, const QString &uploadId, qint64 offset,
                                                        QByteArray data, QObject *context)
{
    if (!validUploadId(uploadId))
        return fail<UploadState>(noSuchUpload());
    if (m_busyUploads.contains(uploadId))
        return fail<UploadState>(makeError(ErrorCode::Conflict, u"another request is adding to this upload"_s));
    m_busyUploads.insert(uploadId);
    const qint64 me = caller.userId.toLongLong();
    auto state = uploadState(caller, uploadId);
    auto done = chain(context, state, [this, me, uploadId, offset, data, context](const Result<UploadState> &s) {
        if (!s)
            return fail<UploadState>(s.error());
        const MediaUpload u = s.value().upload;
        if (u.mediaId != 0 || u.received == u.length)
            return fail<UploadState>(makeError(ErrorCode::Conflict, u"the upload is complete"_s));
        if (offset != u.received)
            return fail<UploadState>(makeError(ErrorCode::Conflict,
                                               QStringLiteral("Upload-Offset: the upload is at %1").arg(u.received)));
        if (u.received + data.size() > u.length)
            return fail<UploadState>(makeError(ErrorCode::ValidationFailed, u"more bytes than Upload-Length"_s));
        // 1. The part, sealed, on disk; 2. counted in the row (a part written but not counted is cut off by the
        //    next request); 3. the last part turns the parts into a media object.
        auto stored = m_workers.run([this, u, data]() -> Result<qint64> {
            qint64 after = 0;
            if (data.isEmpty())
                return u.stored;
            if (auto r = m_store.appendPart(u.id, u.stored, data, &after); !r)
                return r.error();
            return after;
        });
        const qint64 received = u.received + data.size();
        const bool last = received == u.length;
        // Not the last part: counted now. The last one is counted by the transaction that stores the media, so
        // if anything fails on the way the same part can be sent again.
        auto counted = chain(context, stored, [this, u, received, last](const Result<qint64> &after) {
            if (!after)
                return fail<qint64>(after.error());
            if (last)
                return QtFuture::makeReadyValueFuture(Result<qint64>(after.value()));
            return m_db.run([u, received, after = after.value()](DbSession &db) -> Result<qint64> {
                auto moved = MediaRepository(db).uploadProgress(u.id, u.received, received, after);
                if (!moved)
                    return moved.error();
                if (!moved.value())
                    return makeError(ErrorCode::Conflict, u"the upload moved on meanwhile"_s);
                return after;
            });
        });
        return chain(context, counted, [this, me, u, received, last, context](const Result<qint64> &after) {
            if (!after)
                return fail<UploadState>(after.error());
            MediaUpload now = u;
            now.stored = after.value();
            if (!last) {
                now.received = received;
                return QtFuture::makeReadyValueFuture(Result<UploadState>(UploadState{now, std::nullopt}));
            }
            auto meta = m_sealer.openRecord(uploadContext(u.id), u.meta);
            if (!meta)
                return fail<UploadState>(meta.error());
            const QJsonObject o = QJsonDocument::fromJson(meta.value()).object();
            const QString name = o.value(u"name"_s).toString();
            const QString type = o.value(u"type"_s).toString();
            auto ingested = m_workers.run([this, now, type] {
                return ingest([this, now](const auto &sink) { return m_store.readParts(now.id, now.stored, sink); }, type);
            });
            auto media = finishIngest(me, name, Completing{now.id, now.stored}, ingested, context);
            return media.then(context, [this, now, received](const Result<MediaView> &m) -> Result<UploadState> {
                if (!m)
                    return m.error();
                m_workers.run([this, id = now.id]() -> Result<bool> {
                    m_store.removeParts(id);
                    return true;
                });
                UploadState state{now, m.value()};
                state.upload.received = received;
                state.upload.mediaId = m.value().row.id;
                return state;
            });
        });
    });
    return done.then(context, [this, uploadId](const Result<UploadState> &r) {
        m_busyUploads.remove(uploadId);
        return r;
    });
}

QFuture<Result<bool>> MediaService::deleteUpload(const Principal &caller, const QString &uploadId)
{
    if (!validUploadId(uploadId))
        return fail<bool>(noSuchUpload());
    const qint64 me = caller.userId.toLongLong();
    if (m_busyUploads.contains(uploadId))
        return fail<bool>(makeError(ErrorCode::Conflict, u"a request is adding to this upload"_s));
    return m_db.run([this, uploadId, me](DbSession &db) -> Result<bool> {
        auto deleted = MediaRepository(db).deleteUpload(uploadId, me);
        if (!deleted)
            return deleted.error();
        if (!deleted.value())
            return noSuchUpload();
        m_store.removeParts(uploadId); // one unlink, on this database thread
        return true;
    });
}

} // namespace Banter::Server
