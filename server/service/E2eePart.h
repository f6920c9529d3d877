#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace Banter::Server {

// One Signal ciphertext of an E2EE message or edit, for one recipient device. userId and deviceId are the
// client's address of the device (device numbers are per user); sessionId is the login session that device is,
// filled in by the writer (the socket fan-out picks each socket's own by it).
struct DeviceCiphertext
{
    qint64 userId = 0;
    int deviceId = 0;
    QString sessionId;
    int type = 0;    // libsignal's CiphertextMessageType (2 whisper, 3 pre-key, ...), passed through
    QByteArray body; // the serialized Signal message, opaque
};

// The encrypted part of a message or of an edit: who sent it from which device, and the ciphertexts to hand
// out. Where it is rendered for one device, ciphertexts holds that device's own (or none).
struct E2eePart
{
    int senderDeviceId = 0; // 0: unknown (an answer to a retried send)
    QList<DeviceCiphertext> ciphertexts;
};

} // namespace Banter::Server
