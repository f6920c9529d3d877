#pragma once

#include "crypto/PasswordHasher.h"
#include "storage/ConnectionFactory.h"

#include <banter/Result.h>

namespace Banter::Server {

struct CreatedAdmin
{
    qint64 userId = 0;
    bool created = false; // false: an existing user was promoted, password unchanged
};

// `banterd --create-admin NAME`: the first admin of an installation, before any admin exists to appoint one.
// Runs synchronously at start-up (migrations first), writes the audit entry with the system as actor.
class AdminBootstrap
{
public:
    static Result<CreatedAdmin> run(const ConnectionFactory &factory, const PasswordHasher &hasher,
                                    const QString &username, const QString &password);
    // The password: prompted twice without echo on a terminal, else one line from stdin.
    static Result<QString> readPassword();
};

} // namespace Banter::Server
