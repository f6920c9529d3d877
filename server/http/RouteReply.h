#pragma once

#include "http/ApiRouter.h"

namespace Banter::Server {

// Small glue every route module uses: a rejected request, and a service future mapped to a reply.
inline QFuture<ApiResult> invalid(const Error &e)
{
    return ApiRouter::ready(e);
}

template <typename T, typename F>
QFuture<ApiResult> reply(const ApiRequest &request, QFuture<Result<T>> future, F toReply)
{
    Q_ASSERT(request.context);
    return future.then(request.context, [toReply](const Result<T> &r) -> ApiResult {
        if (!r)
            return r.error();
        return toReply(r.value());
    });
}

} // namespace Banter::Server
