#include "realtime/EventRouter.h"

#include <banter/ErrorCode.h>
#include <banter/Result.h>

using namespace Qt::StringLiterals;

namespace Banter::Server {

void EventRouter::add(const QString &event, EventAccess access, EventHandler handler)
{
    m_routes.insert(event, {access, std::move(handler)});
}

void EventRouter::dispatch(EventCall &call, const QString &event) const
{
    const auto it = m_routes.constFind(event);
    if (it == m_routes.cend()) {
        call.ack.error(makeError(ErrorCode::ValidationFailed, u"unknown event \""_s + event.left(64) + u'"'));
        return;
    }
    const bool authenticated = call.socket.principal() != nullptr;
    const bool pending = call.socket.isPending();
    if ((it->access == EventAccess::Authenticated && !authenticated) || (it->access == EventAccess::Pending && !pending)) {
        call.ack.error(makeError(ErrorCode::Unauthorized,
                                 authenticated ? u"already authenticated"_s : u"authenticate first (register_user)"_s));
        return;
    }
    it->handler(call);
}

} // namespace Banter::Server
