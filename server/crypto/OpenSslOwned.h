#pragma once

// Owning handles for OpenSSL objects (crypto/ only): Owned<EVP_PKEY, EVP_PKEY_free> frees with the function
// named, as std::unique_ptr does with delete. Shared by WebPushCrypto and JwsVerifier.
#include <memory>

namespace Banter::Server::OpenSsl {

template <auto Free>
struct Freer
{
    template <typename T>
    void operator()(T *p) const
    {
        Free(p);
    }
};
template <typename T, auto Free>
using Owned = std::unique_ptr<T, Freer<Free>>;

} // namespace Banter::Server::OpenSsl
