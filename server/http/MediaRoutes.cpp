#include "http/MediaRoutes.h"

#include "http/MultipartForm.h"
#include "http/RouteReply.h"
#include "service/BlobStreamDevice.h"
#include "wire/MediaJson.h"

#include <banter/ErrorCode.h>

#include <QJsonDocument>
#include <QUrl>

#include <limits>

using namespace Qt::StringLiterals;
using Method = QHttpServerRequest::Method;

namespace Banter::Server {
namespace {

constexpr auto TusVersion = "1.0.0";

QFuture<RawResult> rawError(const Error &e)
{
    return QtFuture::makeReadyValueFuture(RawResult(e));
}

RawReply json(int status, const QJsonObject &body)
{
    RawReply r;
    r.status = status;
    r.headers.append(QHttpHeaders::WellKnownHeader::ContentType, "application/json");
    r.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return r;
}

struct ByteRange
{
    qint64 from = 0;
    qint64 to = 0; // exclusive
    bool partial = false;
};

// One range of "Range: bytes=a-b | a- | -n" (several ranges, or another unit: the whole file, as RFC 9110
// allows). None: unsatisfiable.
std::optional<ByteRange> rangeOf(const QByteArray &header, qint64 size)
{
    ByteRange whole{0, size, false};
    const QByteArray h = header.trimmed();
    if (h.isEmpty() || !h.startsWith("bytes=") || h.contains(','))
        return whole;
    const QByteArray spec = h.mid(6).trimmed();
    const qsizetype dash = spec.indexOf('-');
    if (dash < 0)
        return whole;
    bool okFrom = true, okTo = true;
    const QByteArray a = spec.left(dash).trimmed(), b = spec.mid(dash + 1).trimmed();
    if (a.isEmpty()) { // the last n bytes
        const qint64 n = b.toLongLong(&okTo);
        if (!okTo || n <= 0)
            return std::nullopt;
        return ByteRange{qMax<qint64>(0, size - n), size, true};
    }
    const qint64 from = a.toLongLong(&okFrom);
    const qint64 last = b.isEmpty() ? std::numeric_limits<qint64>::max() - 1 : b.toLongLong(&okTo);
    if (!okFrom || !okTo || from < 0 || last < from)
        return whole; // not a valid range: ignored
    if (from >= size)
        return std::nullopt;
    return ByteRange{from, qMin(last + 1, size), true};
}

QByteArray contentDisposition(const MediaRead &read)
{
    const bool inlineOk = MediaInspector::servedInline(read.contentType);
    QString ascii;
    for (QChar c : read.media.name)
        ascii.append(c.unicode() >= 0x20 && c.unicode() < 0x7f && c != u'"' && c != u'\\' ? c : u'_');
    return QByteArray(inlineOk ? "inline" : "attachment") + "; filename=\"" + ascii.toLatin1()
           + "\"; filename*=UTF-8''" + QUrl::toPercentEncoding(read.media.name);
}

QFuture<RawResult> serve(const ApiRequest &r, MediaService &media, WorkerPool &workers, bool thumbnail)
{
    return media.open(*r.principal, r.args.value(0), thumbnail, r.context)
        .then(r.context, [&workers, range = r.headers.value(QHttpHeaders::WellKnownHeader::Range).toByteArray(),
                          ifNoneMatch = r.headers.value(QHttpHeaders::WellKnownHeader::IfNoneMatch).toByteArray()](
                             const Result<MediaRead> &read) -> RawResult {
            if (!read)
                return read.error();
            const qint64 size = read->source->size();
            const QByteArray etag = '"' + read->blob.left(32).toLatin1() + '"';
            RawReply reply;
            reply.headers.append(QHttpHeaders::WellKnownHeader::ETag, etag);
            reply.headers.append(QHttpHeaders::WellKnownHeader::CacheControl, "private, max-age=86400");
            reply.headers.append(QHttpHeaders::WellKnownHeader::AcceptRanges, "bytes");
            reply.headers.append("X-Content-Type-Options", "nosniff");
            reply.headers.append(QHttpHeaders::WellKnownHeader::ContentSecurityPolicy, "sandbox");
            reply.headers.append(QHttpHeaders::WellKnownHeader::ContentDisposition, contentDisposition(read.value()));
            if (!ifNoneMatch.isEmpty() && (ifNoneMatch.contains(etag) || ifNoneMatch.trimmed() == "*")) {
                reply.status = 304;
                return reply;
            }
            const auto wanted = rangeOf(range, size);
            if (!wanted) {
                RawReply refused = json(416, {{u"error"_s, QJsonObject{{u"code"_s, QString(ErrorCode::RangeNotSatisfiable)},
                                                                       {u"message"_s, u"the range is outside the file"_s}}}});
                refused.headers.append(QHttpHeaders::WellKnownHeader::ContentRange, "bytes */" + QByteArray::number(size));
                return refused;
            }
            reply.headers.append(QHttpHeaders::WellKnownHeader::ContentType, read->contentType.toLatin1());
            reply.headers.append(QHttpHeaders::WellKnownHeader::ContentLength, QByteArray::number(wanted->to - wanted->from));
            if (wanted->partial) {
                reply.status = 206;
                reply.headers.append(QHttpHeaders::WellKnownHeader::ContentRange,
                                     "bytes " + QByteArray::number(wanted->from) + '-' + QByteArray::number(wanted->to - 1)
                                         + '/' + QByteArray::number(size));
            }
            if (wanted->to == wanted->from)
                return reply; // an empty file: nothing to stream
            reply.openStream = [&workers, source = read->source, from = wanted->from, to = wanted->to] {
                return new BlobStreamDevice(workers, source, from, to);
            };
            return reply;
        });
}

RawReply tusReply(int status)
{
    RawReply r;
    r.status = status;
    r.headers.append("Tus-Resumable", TusVersion);
    return r;
}

// tus requests name the protocol version they speak; a version we do not is 412 (tus 1.0 §2.2).
std::optional<Error> tusVersionProblem(const ApiRequest &r)
{
    const auto version = r.headers.value("Tus-Resumable").toByteArray();
    if (!version.isEmpty() && version != TusVersion)
        return makeError(ErrorCode::PreconditionFailed, u"Tus-Resumable: only 1.0.0 is spoken here"_s);
    return std::nullopt;
}

// Upload-Metadata: "key base64,key base64,...".
QHash<QString, QString> tusMetadata(const QByteArray &header)
{
    QHash<QString, QString> out;
    for (const QByteArray &pair : header.split(',')) {
        const QByteArray p = pair.trimmed();
        const qsizetype space = p.indexOf(' ');
        const QString key = QString::fromLatin1(space < 0 ? p : p.left(space));
        const QByteArray value = space < 0 ? QByteArray() : QByteArray::fromBase64(p.mid(space + 1));
        out.insert(key, QString::fromUtf8(value));
    }
    return out;
}

QByteArray uploadLocation(const QString &id)
{
    return "/api/media/tus/" + id.toLatin1();
}

void describeUpload(RawReply &reply, const UploadState &s)
{
    reply.headers.append("Upload-Offset", QByteArray::number(s.upload.received));
    reply.headers.append("Upload-Length", QByteArray::number(s.upload.length));
    if (s.media)
        reply.headers.append("Banter-Media-Id", QByteArray::number(s.media->row.id));
}

} // namespace

void MediaRoutes::registerOn(ApiRouter &router, MediaService &media, WorkerPool &workers)
{
    router.addRaw(Method::Post, u"/api/media/upload"_s, Access::User, [&media](const ApiRequest &r) {
        const QByteArray contentType = r.headers.value(QHttpHeaders::WellKnownHeader::ContentType).toByteArray();
        QString name, type;
        QByteArray data;
        if (MultipartForm::isMultipart(contentType)) {
            auto parts = MultipartForm::parse(r.rawBody, contentType);
            if (!parts)
                return rawError(parts.error());
            const auto file = std::find_if(parts.value().cbegin(), parts.value().cend(),
                                           [](const FormPart &p) { return p.name == "file"_L1; });
            if (file == parts.value().cend())
                return rawError(makeError(ErrorCode::ValidationFailed, u"file: a part named \"file\" is required"_s));
            name = file->filename;
            type = file->contentType;
            data = file->data;
        } else {
            name = QUrl::fromPercentEncoding(r.headers.value("X-Filename").toByteArray());
            type = QString::fromLatin1(contentType);
            data = r.rawBody;
        }
        if (data.isEmpty())
            return rawError(makeError(ErrorCode::ValidationFailed, u"file: empty"_s));
        return media.upload(*r.principal, name, type, data, r.context)
            .then(r.context, [](const Result<MediaView> &m) -> RawResult {
                if (!m)
                    return m.error();
                return json(201, {{u"media"_s, MediaJson::media(m.value())}});
            });
    });
    router.addRaw(Method::Get, u"/api/media/<arg>"_s, Access::User, [&media, &workers](const ApiRequest &r) {
        return serve(r, media, workers, false);
    });
    router.addRaw(Method::Get, u"/api/media/<arg>/thumbnail"_s, Access::User, [&media, &workers](const ApiRequest &r) {
        return serve(r, media, workers, true);
    });
    router.add(Method::Delete, u"/api/media/<arg>"_s, Access::User, [&media](const ApiRequest &r) {
        return reply(r, media.remove(*r.principal, r.args.value(0), r.body.value(u"reason"_s).toString()),
                     [](bool) { return ApiReply::empty(); });
    });
    // The console's way: moderators only, a reason required (audited as media.remove).
    router.add(Method::Delete, u"/api/admin/media/<arg>"_s, Access::Moderator, [&media](const ApiRequest &r) {
        const QString reason = r.body.value(u"reason"_s).toString();
        if (reason.trimmed().isEmpty())
            return invalid(makeError(ErrorCode::ValidationFailed, u"reason: 1-500 characters, required for every moderation action"_s));
        return reply(r, media.remove(*r.principal, r.args.value(0), reason), [](bool) { return ApiReply::empty(); });
    });

    // tus 1.0: https://tus.io/protocols/resumable-upload (core, creation, termination).
    auto options = [&media](const ApiRequest &) {
        RawReply reply = tusReply(204);
        reply.headers.append("Tus-Version", TusVersion);
        reply.headers.append("Tus-Extension", "creation,termination");
        reply.headers.append("Tus-Max-Size", QByteArray::number(media.settings().maxResumableBytes));
        return QtFuture::makeReadyValueFuture(RawResult(reply));
    };
    router.addRaw(Method::Options, u"/api/media/tus/"_s, Access::Public, options);
    router.addRaw(Method::Options, u"/api/media/tus"_s, Access::Public, options);
    auto create = [&media](const ApiRequest &r) {
        if (auto e = tusVersionProblem(r))
            return rawError(*e);
        bool ok = false;
        const qint64 length = r.headers.value("Upload-Length").toByteArray().toLongLong(&ok);
        if (!ok)
            return rawError(makeError(ErrorCode::ValidationFailed, u"Upload-Length: the size of the file is required"_s));
        const auto meta = tusMetadata(r.headers.value("Upload-Metadata").toByteArray());
        const QString type = meta.value(u"filetype"_s, meta.value(u"contentType"_s));
        return media.createUpload(*r.principal, length, meta.value(u"filename"_s, meta.value(u"name"_s)), type)
            .then(r.context, [](const Result<MediaUpload> &u) -> RawResult {
                if (!u)
                    return u.error();
                RawReply reply = tusReply(201);
                reply.headers.append(QHttpHeaders::WellKnownHeader::Location, uploadLocation(u->id));
                reply.headers.append("Upload-Offset", "0");
                return reply;
            });
    };
    router.addRaw(Method::Post, u"/api/media/tus/"_s, Access::User, create);
    router.addRaw(Method::Post, u"/api/media/tus"_s, Access::User, create);
    router.addRaw(Method::Head, u"/api/media/tus/<arg>"_s, Access::User, [&media](const ApiRequest &r) {
        if (auto e = tusVersionProblem(r))
            return rawError(*e);
        return media.uploadState(*r.principal, r.args.value(0)).then(r.context, [](const Result<UploadState> &s) -> RawResult {
            if (!s)
                return s.error();
            RawReply reply = tusReply(200);
            describeUpload(reply, s.value());
            return reply;
        });
    });
    router.addRaw(Method::Patch, u"/api/media/tus/<arg>"_s, Access::User, [&media](const ApiRequest &r) {
        if (auto e = tusVersionProblem(r))
            return rawError(*e);
        if (r.headers.value(QHttpHeaders::WellKnownHeader::ContentType).toByteArray().trimmed()
            != "application/offset+octet-stream")
            return rawError(makeError(ErrorCode::UnsupportedMediaType,
                                      u"Content-Type: application/offset+octet-stream"_s));
        bool ok = false;
        const qint64 offset = r.headers.value("Upload-Offset").toByteArray().toLongLong(&ok);
        if (!ok || offset < 0)
            return rawError(makeError(ErrorCode::ValidationFailed, u"Upload-Offset: required"_s));
        return media.appendUpload(*r.principal, r.args.value(0), offset, r.rawBody, r.context)
            .then(r.context, [](const Result<UploadState> &s) -> RawResult {
                if (!s)
                    return s.error();
                RawReply reply = tusReply(204);
                describeUpload(reply, s.value());
                return reply;
            });
    });
    router.addRaw(Method::Delete, u"/api/media/tus/<arg>"_s, Access::User, [&media](const ApiRequest &r) {
        if (auto e = tusVersionProblem(r))
            return rawError(*e);
        return media.deleteUpload(*r.principal, r.args.value(0)).then(r.context, [](const Result<bool> &d) -> RawResult {
            if (!d)
                return d.error();
            return tusReply(204);
        });
    });
}

} // namespace Banter::Server
