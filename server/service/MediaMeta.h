#pragma once

#include "crypto/MessageSealer.h"
#include "storage/MediaRepository.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace Banter::Server {

// The sealed part of a media row: the client's file name and the content's SHA-256, bound to the row's blob.
struct MediaMeta
{
    QString name;
    QByteArray sha256;

    static QByteArray context(const QString &blob) { return "media:" + blob.toLatin1(); }

    Result<SealedContent> seal(const MessageSealer &sealer, const QString &blob) const
    {
        using namespace Qt::StringLiterals;
        const QJsonObject o{{u"name"_s, name}, {u"sha256"_s, QString::fromLatin1(sha256.toHex())}};
        return sealer.sealRecord(context(blob), QJsonDocument(o).toJson(QJsonDocument::Compact));
    }

    static Result<MediaMeta> open(const MessageSealer &sealer, const StoredMedia &row)
    {
        using namespace Qt::StringLiterals;
        auto plain = sealer.openRecord(context(row.blob), row.meta);
        if (!plain)
            return plain.error();
        const QJsonObject o = QJsonDocument::fromJson(plain.value()).object();
        return MediaMeta{o.value(u"name"_s).toString(), QByteArray::fromHex(o.value(u"sha256"_s).toString().toLatin1())};
    }
};

} // namespace Banter::Server
