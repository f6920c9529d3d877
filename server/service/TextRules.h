#pragma once

#include <banter/ErrorCode.h>
#include <banter/Result.h>

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <optional>

namespace Banter::Server::TextRules {

// What is wrong with one piece of text from a client, if anything. Text is stored and sent on as UTF-8: a lone
// UTF-16 surrogate (JSON "\ud800") has no UTF-8 form, and Qt's encoder would quietly write '?' in its place;
// U+0000 cannot be stored in a PostgreSQL text column. Such text is refused, never altered.
inline std::optional<QString> problem(QStringView text)
{
    using namespace Qt::StringLiterals;
    if (!text.isValidUtf16())
        return u"not valid Unicode text (a lone UTF-16 surrogate)"_s;
    if (text.contains(QChar(u'\0')))
        return u"text must not contain U+0000"_s;
    return std::nullopt;
}

// validation_failed naming the field, or nothing.
inline Result<void> check(const QString &field, QStringView text)
{
    if (auto p = problem(text))
        return makeError(ErrorCode::ValidationFailed, field + QStringLiteral(": ") + *p);
    return {};
}

// The first string anywhere in a client's JSON (object keys included) that problem() refuses, as a
// validation_failed naming its path. Nesting is bounded by the parsers (32 levels on sockets).
inline Result<void> checkJson(const QJsonValue &value, const QString &path = QString())
{
    using namespace Qt::StringLiterals;
    const QString here = path.isEmpty() ? u"payload"_s : path;
    if (value.isString())
        return check(here, value.toString());
    if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (auto r = checkJson(array.at(i), here + u'[' + QString::number(i) + u']'); !r)
                return r;
        }
    } else if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (auto r = check(here + u" key"_s, it.key()); !r)
                return r;
            const QString key = it.key().left(64); // named in the error, so bounded
            if (auto r = checkJson(it.value(), path.isEmpty() ? key : here + u'.' + key); !r)
                return r;
        }
    }
    return {};
}

} // namespace Banter::Server::TextRules
