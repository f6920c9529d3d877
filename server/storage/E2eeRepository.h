#pragma once

#include "storage/DbSession.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

#include <optional>

namespace Banter::Server {

// A device's public keys as uploaded (base64 of what libsignal serialises); the server checks sizes only.
struct DeviceKeys
{
    int registrationId = 0;
    QByteArray identityKey;
    int signedPreKeyId = 0;
    QByteArray signedPreKey;
    QByteArray signedPreKeySignature;
    std::optional<int> kyberPreKeyId; // PQXDH's signed Kyber pre-key (optional; kept when left out)
    QByteArray kyberPreKey;
    QByteArray kyberPreKeySignature;
    QList<std::pair<int, QByteArray>> oneTimePreKeys; // (id, public key)
};

// One device's pre-key bundle, with the one-time pre-key taken for it (if it had one left).
struct StoredBundle
{
    QString sessionId;
    int deviceId = 0;
    int registrationId = 0;
    QByteArray identityKey;
    int signedPreKeyId = 0;
    QByteArray signedPreKey;
    QByteArray signedPreKeySignature;
    std::optional<int> kyberPreKeyId;
    QByteArray kyberPreKey;
    QByteArray kyberPreKeySignature;
    std::optional<int> oneTimePreKeyId;
    QByteArray oneTimePreKey;
    int remaining = 0;       // one-time pre-keys the device has left
    bool notifyLow = false;  // it fell below the threshold just now: tell it once (e2ee:prekeys-low)
};

// A current device of a conversation's member.
struct MemberDevice
{
    qint64 userId = 0;
    QString sessionId;
    int deviceId = 0;
};

// One ciphertext row of a log position.
struct StoredCiphertext
{
    QString sessionId;
    qint64 userId = 0;
    int deviceId = 0;
    int type = 0;
    QByteArray body;
};

// The encrypted part of one log position (a message or an edit) as stored.
struct StoredEnvelope
{
    qint64 conversationId = 0;
    qint64 seq = 0;
    qint64 messageId = 0;
    int senderDevice = 0;
    QList<StoredCiphertext> ciphertexts;
};

// The key directory and the ciphertexts of E2EE conversations (migration 019). Public keys and Signal
// ciphertexts only: nothing here opens anything.
class E2eeRepository
{
public:
    explicit E2eeRepository(DbSession &session) : m_session(session) {}

    // Key upload, inside the caller's transaction: lockUser() first (device numbers are per user).
    Result<void> lockUser(qint64 userId);
    // The session's device number and identity key, locked; none when it has no keys yet.
    Result<std::optional<std::pair<int, QByteArray>>> deviceOfSession(const QString &sessionId);
    Result<int> countDevices(qint64 userId);
    // A new device: its number (the lowest free).
    Result<int> insertDevice(const QString &sessionId, qint64 userId, const DeviceKeys &keys);
    Result<int> updateDevice(const QString &sessionId, const DeviceKeys &keys);
    // Adds (or replaces by id) one-time pre-keys; how many the device holds now.
    Result<int> addPreKeys(const QString &sessionId, const QList<std::pair<int, QByteArray>> &keys);
    // (device number, one-time pre-keys left); none when the session has no keys.
    Result<std::optional<std::pair<int, int>>> preKeyCount(const QString &sessionId);
    // Every current device's bundle, a one-time pre-key taken out of each (one statement).
    // callerSessionId: the fetching device, never in the answer (a device starts no session with itself).
    Result<QList<StoredBundle>> takeBundles(qint64 userId, const QString &callerSessionId, int lowThreshold);

    // conversation -> its members' current devices.
    Result<QHash<qint64, QList<MemberDevice>>> currentDevices(const QList<qint64> &conversationIds);
    Result<void> insertEnvelopes(const QList<StoredEnvelope> &envelopes);
    // (conversation, seq) -> that position's envelope with the one device's ciphertext (or none); positions
    // that are not E2EE are absent.
    Result<QHash<std::pair<qint64, qint64>, StoredEnvelope>> forDevice(const QString &sessionId,
                                                                        const QList<std::pair<qint64, qint64>> &positions);
    // The same with every device's ciphertext (replays of a missed fan-out).
    Result<QHash<std::pair<qint64, qint64>, StoredEnvelope>> forPositions(const QList<std::pair<qint64, qint64>> &positions);
    Result<void> deleteForMessage(qint64 messageId);

private:
    DbSession &m_session;
};

} // namespace Banter::Server
