#pragma once

#include "service/E2eePart.h"
#include "storage/E2eeRepository.h"

#include <banter/Result.h>

#include <QJsonValue>

namespace Banter::Server {

// The formats of the key directory and of E2EE ciphertexts, checked strictly before anything is stored. Pure:
// no database, so the rules can be tested and fuzzed alone. Every failure is validation_failed naming the
// field. Keys are standard base64 of libsignal's serialised forms: an identity or pre-key public key is 33
// bytes (a type byte and a Curve25519 key), a signature 64, a Kyber-1024 public key 1569. Signatures are not
// verified here: clients verify them (libsignal does when it processes a bundle).
namespace E2eeRules {

inline constexpr int MaxPreKeysPerUpload = 200;
inline constexpr int MaxPreKeysPerDevice = 1000;
inline constexpr int MaxPreKeyId = 0xFFFFFF; // libsignal's medium ids: 1 - 2^24-1
inline constexpr int MaxRegistrationId = 16380;
inline constexpr int MaxDeviceId = 127;
inline constexpr int MaxCiphertexts = 2000; // per message: every current device of every member
inline constexpr int MaxCiphertextBytes = 16384;

// PUT /api/e2ee/devices/me/keys {identityKey, signedPreKey: {id, publicKey, signature}, oneTimePreKeys: [{id,
// publicKey}], registrationId, kyberPreKey?: {id, publicKey, signature}}.
Result<DeviceKeys> deviceKeys(const QJsonValue &body);
// message:send / message:edit `ciphertexts`: [{userId, deviceId, type, body}], no device twice (empty when no
// other device has keys).
Result<QList<DeviceCiphertext>> ciphertexts(const QJsonValue &value);

} // namespace E2eeRules
} // namespace Banter::Server
