#pragma once

#include "storage/UserRepository.h"

#include <QStringList>

namespace Banter::Server {

// Where a request came from; stored with the session so devices can be listed.
struct RequestOrigin
{
    QString clientAddress;
    QString userAgent;
};

// A successful register/login/refresh: the user and a fresh token pair.
struct AuthSession
{
    UserRecord user;
    QString accessToken;
    QString refreshToken;
};

struct TwoFactorSetup
{
    QString secret; // base32
    QString otpauthUri;
    QStringList recoveryCodes;
};

struct AuthSettings
{
    qint64 accessTokenTtl = 15 * 60;
    qint64 refreshTokenTtl = 30 * 24 * 3600;
    double authRatePerAddress = 5;  // requests per second, burst x4
    double authRatePerAccount = 1;  // attempts per second, burst x5
    int totpMaxFailures = 5;
};

} // namespace Banter::Server
