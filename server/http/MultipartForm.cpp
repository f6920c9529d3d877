#include "http/MultipartForm.h"

#include <banter/ErrorCode.h>

#include <QUrl>

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

Error invalid(const QString &message)
{
    return makeError(ErrorCode::ValidationFailed, u"multipart body: "_s + message);
}

// The value of `key=` in a header's parameters (quoted or not), or null.
QByteArray parameter(QByteArrayView header, QByteArrayView key)
{
    qsizetype from = 0;
    while (from < header.size()) {
        qsizetype semi = header.indexOf(';', from);
        if (semi < 0)
            return {};
        qsizetype start = semi + 1;
        while (start < header.size() && (header[start] == ' ' || header[start] == '\t'))
            ++start;
        const QByteArrayView rest = header.sliced(start);
        if (rest.size() > key.size() && rest.first(key.size()).compare(key, Qt::CaseInsensitive) == 0
            && rest[key.size()] == '=') {
            QByteArrayView value = rest.sliced(key.size() + 1);
            if (value.startsWith('"')) {
                QByteArray out;
                // No backslash escapes: browsers send a file name's backslashes as they are (and a quote
                // percent-encoded, RFC 7578 section 4.2).
                for (qsizetype i = 1; i < value.size(); ++i) {
                    if (value[i] == '"')
                        return out;
                    else
                        out.append(value[i]);
                }
                return {}; // unterminated
            }
            const qsizetype end = value.indexOf(';');
            return (end < 0 ? value : value.first(end)).trimmed().toByteArray();
        }
        from = start;
    }
    return {};
}

} // namespace

bool MultipartForm::isMultipart(const QByteArray &contentType)
{
    return contentType.trimmed().toLower().startsWith("multipart/form-data");
}

Result<QList<FormPart>> MultipartForm::parse(const QByteArray &body, const QByteArray &contentType)
{
    const QByteArray boundary = parameter(contentType, "boundary");
    if (boundary.isEmpty() || boundary.size() > 70)
        return invalid(u"no boundary in Content-Type"_s);
    const QByteArray delimiter = "--" + boundary;
    qsizetype at = 0;
    if (body.startsWith(delimiter)) {
        at = delimiter.size();
    } else {
        at = body.indexOf("\r\n" + delimiter); // after a preamble
        if (at < 0)
            return invalid(u"no part"_s);
        at += 2 + delimiter.size();
    }
    QList<FormPart> parts;
    for (;;) {
        if (body.mid(at, 2) == "--")
            return parts; // the close delimiter
        if (body.mid(at, 2) != "\r\n")
            return invalid(u"a delimiter not followed by a line break"_s);
        at += 2;
        const qsizetype headEnd = body.indexOf("\r\n\r\n", at);
        if (headEnd < 0 || headEnd - at > 8192)
            return invalid(u"a part without a header block"_s);
        FormPart part;
        bool disposition = false;
        for (const QByteArray &line : body.mid(at, headEnd - at).split('\n')) {
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0)
                return invalid(u"a part header without a name"_s);
            const QByteArray name = line.first(colon).trimmed();
            const QByteArray value = line.sliced(colon + 1).trimmed(); // trimmed: the \r goes too
            if (name.compare("content-disposition", Qt::CaseInsensitive) == 0) {
                if (!value.startsWith("form-data"))
                    return invalid(u"a part that is not form-data"_s);
                disposition = true;
                part.name = QString::fromUtf8(parameter(value, "name"));
                const QByteArray star = parameter(value, "filename*");
                if (star.toLower().startsWith("utf-8''"))
                    part.filename = QUrl::fromPercentEncoding(star.mid(7));
                else
                    part.filename = QString::fromUtf8(parameter(value, "filename"));
            } else if (name.compare("content-type", Qt::CaseInsensitive) == 0) {
                part.contentType = QString::fromLatin1(value);
            }
        }
        if (!disposition)
            return invalid(u"a part without Content-Disposition"_s);
        const qsizetype dataStart = headEnd + 4;
        const qsizetype next = body.indexOf("\r\n" + delimiter, dataStart);
        if (next < 0)
            return invalid(u"the body ends inside a part"_s);
        part.data = body.mid(dataStart, next - dataStart);
        parts.append(std::move(part));
        if (parts.size() > MaxParts)
            return invalid(QStringLiteral("at most %1 parts").arg(MaxParts));
        at = next + 2 + delimiter.size();
    }
}

} // namespace Banter::Server
