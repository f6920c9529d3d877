#pragma once

namespace Banter::Server {

class ChatService;
class EventRouter;
class SocketHub;
class TypingTracker;
class ReceiptService;

// The chat contract's client events: parse the payload, call the services, answer the ack. Access is
// declared per event in the EventRouter table.
class ChatSocketHandlers
{
public:
    static void registerOn(EventRouter &router, ChatService &chat, TypingTracker &typing, ReceiptService &receipts,
                           SocketHub &hub);
};

} // namespace Banter::Server
