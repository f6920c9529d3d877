#pragma once

#include "service/Principal.h"

#include <banter/Result.h>

#include <QFuture>

namespace Banter::Server {

// Turns a bearer token into a Principal (or unauthorized). Implemented by AuthService; the HTTP and socket edges call it.
class Authenticator
{
public:
    virtual ~Authenticator() = default;
    virtual QFuture<Result<Principal>> authenticate(const QString &token) = 0;
};

} // namespace Banter::Server
