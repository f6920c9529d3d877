#pragma once

#include "http/ApiRouter.h"
#include "service/ChatService.h"
#include "service/ReceiptService.h"
#include "service/SearchService.h"

namespace Banter::Server {

// /api/chat/* and /api/messages: parse, call ChatService, serialise with ChatJson.
class ChatRoutes
{
public:
    static void registerOn(ApiRouter &router, ChatService &chat, ReceiptService &receipts, SearchService &search);
};

} // namespace Banter::Server
