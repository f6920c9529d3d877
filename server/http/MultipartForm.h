#pragma once

#include <banter/Result.h>

#include <QByteArray>
#include <QList>
#include <QString>

namespace Banter::Server {

// One part of a multipart/form-data body (RFC 7578).
struct FormPart
{
    QString name;
    QString filename; // empty when the part is not a file
    QString contentType;
    QByteArray data;
};

// Parses multipart/form-data. Pure, so it is tested and fuzzed alone. Errors: validation_failed.
class MultipartForm
{
public:
    static constexpr int MaxParts = 10;
    // contentType: the request's Content-Type header (it carries the boundary).
    static Result<QList<FormPart>> parse(const QByteArray &body, const QByteArray &contentType);
    static bool isMultipart(const QByteArray &contentType);
};

} // namespace Banter::Server
