#pragma once

#include <QHash>
#include <QList>
#include <QString>

namespace Banter::Server {

// One packet to fan out, already encoded (once, for every recipient): to the sockets of some users, or to
// the sockets that joined a conversation, or the /admin consoles. exceptConnection / exceptUser leave out
// the sender. RemoveMember is a command: the user's sockets leave the conversation. seq, when not 0, is the
// position in conversationId's log this packet announces (packets derived from one event share it): across
// nodes it is what deduplicates, and what shows a gap to fill from the database (bus/SeqTracker).
struct Outgoing
{
    enum class To { Users, Joined, Admins, RemoveMember };
    To to = To::Users;
    QList<qint64> userIds;
    qint64 conversationId = 0;
    qint64 seq = 0;
    qint64 exceptUser = 0;
    quint64 exceptConnection = 0;
    QString packet; // the complete Engine.IO text frame, e.g. 42["message:received",{...}]
    // Per login session (device): a socket of a session named here gets that packet instead of `packet` (an E2EE
    // message with each device's own ciphertext; an event for one device). An empty `packet` then means that the
    // other sockets get nothing.
    QHash<QString, QString> sessionPackets;
};

} // namespace Banter::Server
