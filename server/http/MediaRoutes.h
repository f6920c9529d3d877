#pragma once

#include "http/ApiRouter.h"
#include "service/MediaService.h"

namespace Banter::Server {

// /api/media/*: simple uploads (multipart/form-data or a raw body), downloads (ETag, Range), thumbnails,
// deletes, and resumable uploads with the tus 1.0 protocol (creation, termination) at /api/media/tus/.
class MediaRoutes
{
public:
    static void registerOn(ApiRouter &router, MediaService &media, WorkerPool &workers);
};

} // namespace Banter::Server
