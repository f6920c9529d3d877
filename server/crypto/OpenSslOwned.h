#pragma once

// Owning handles for OpenSSL objects (crypto/ only): Owned<EVP_PKEY, EVP_PKEY_free> frees with the function
// named, as std::unique_ptr does with delete. Shared by WebPushCrypto and JwsVerifier, with the handles both use.
#include <openssl/core.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

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

using Pkey = Owned<EVP_PKEY, EVP_PKEY_free>;
using PkeyCtx = Owned<EVP_PKEY_CTX, EVP_PKEY_CTX_free>;
using MdCtx = Owned<EVP_MD_CTX, EVP_MD_CTX_free>;
using ParamBuilder = Owned<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>;
using Params = Owned<OSSL_PARAM, OSSL_PARAM_free>;
using EcdsaSig = Owned<ECDSA_SIG, ECDSA_SIG_free>;

} // namespace Banter::Server::OpenSsl
