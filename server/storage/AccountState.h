#pragma once

#include <QLatin1StringView>

namespace Banter::Server {

// users.state (CHECK state IN (0, 1, 2)): what an account may do. Stored as its number.
enum class AccountState : int {
    Active = 0,
    Suspended = 1, // until users.suspended_until, then active again
    Banned = 2,
};

// A stored number as a state; anything the CHECK would not allow reads as banned (refuse, never admit).
constexpr AccountState accountStateFromStored(int stored)
{
    switch (stored) {
    case 0:
        return AccountState::Active;
    case 1:
        return AccountState::Suspended;
    default:
        return AccountState::Banned;
    }
}

constexpr QLatin1StringView accountStateName(AccountState state)
{
    switch (state) {
    case AccountState::Active:
        return QLatin1StringView("active");
    case AccountState::Suspended:
        return QLatin1StringView("suspended");
    case AccountState::Banned:
        break;
    }
    return QLatin1StringView("banned");
}

} // namespace Banter::Server
