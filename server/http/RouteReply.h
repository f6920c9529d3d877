#pragma once

#include "http/ApiRouter.h"

namespace Banter::Server {

// Small glue every route module uses: a rejected request, and a service future mapped to a reply.
inline QFuture<ApiResult> invalid(const Error &e)
{
    return ApiRouter::ready(e);
}

template <typename T, typename F>
QFuture<ApiResult> reply(QFuture<Result<T>> future, F toReply)
{
    return future.then([toReply](const Result<T> &r) -> ApiResult {
        if (!r)
            return r.error();
        return toReply(r.value());
    });
}

} // namespace Banter::Server
