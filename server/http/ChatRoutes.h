#pragma once

#include "http/ApiRouter.h"
#include "service/ChatService.h"

namespace Banter::Server {

// /api/chat/* and /api/messages: parse, call ChatService, serialise with ChatJson.
class ChatRoutes
{
public:
    static void registerOn(ApiRouter &router, ChatService &chat);
};

} // namespace Banter::Server
