#pragma once

#include <banter/Result.h>

#include <QFuture>

#include <optional>

namespace Banter::Server {

// A future that has already failed: services reject bad input before any thread hop.
template <typename T>
QFuture<Result<T>> fail(Error e)
{
    return QtFuture::makeReadyValueFuture(Result<T>(std::move(e)));
}

// Client-supplied ids are decimal strings of positive bigints; anything else names nothing.
inline std::optional<qint64> parseId(const QString &id)
{
    bool ok = false;
    const qint64 n = id.toLongLong(&ok);
    return ok && n > 0 ? std::optional<qint64>(n) : std::nullopt;
}

} // namespace Banter::Server
