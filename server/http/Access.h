#pragma once

namespace Banter::Server {

// Who may call a route; checked in one place (ApiRouter) before any handler runs.
enum class Access { Public, User, Moderator, Admin };

} // namespace Banter::Server
