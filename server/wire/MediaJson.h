#pragma once

#include "service/MediaService.h"

#include <QJsonObject>

namespace Banter::Server {

// The contract's JSON shape for media (docs/api.md, "Media"). Ids are strings.
class MediaJson
{
public:
    // {id, name, size, contentType, width?, height?, sha256, createdAt}
    static QJsonObject media(const MediaView &m);
};

} // namespace Banter::Server
