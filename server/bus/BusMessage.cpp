#include "bus/BusMessage.h"

#include <QDataStream>
#include <QIODevice>

namespace Banter::Server {
namespace {

// "BAN2": the format's version; a node of another version is ignored. BAN2 added Outgoing::sessionPackets.
constexpr quint32 Magic = 0x42414e32;

} // namespace

QByteArray BusMessage::encode() const
{
    QByteArray out;
    QDataStream s(&out, QIODevice::WriteOnly);
    s.setVersion(QDataStream::Qt_6_8);
    s << Magic << node << quint8(kind);
    switch (kind) {
    case Kind::Batch:
        s << quint32(batch.size());
        for (const Outgoing &o : batch) {
            s << quint8(o.to) << quint32(o.userIds.size());
            for (qint64 id : o.userIds)
                s << id;
            s << o.conversationId << o.seq << o.exceptUser << o.exceptConnection << o.packet;
            s << quint32(o.sessionPackets.size());
            for (auto it = o.sessionPackets.cbegin(); it != o.sessionPackets.cend(); ++it)
                s << it.key() << it.value();
        }
        break;
    case Kind::EndSession:
        s << sessionId;
        break;
    case Kind::EndUser:
        s << userId;
        break;
    case Kind::Presence:
        s << userId << online;
        break;
    case Kind::Heads:
        s << quint32(heads.size());
        for (const auto &[conversation, seq] : heads)
            s << conversation << seq;
        break;
    case Kind::SnapshotWanted:
        break;
    }
    return out;
}

std::optional<BusMessage> BusMessage::decode(const QByteArray &bytes)
{
    QDataStream s(bytes);
    s.setVersion(QDataStream::Qt_6_8);
    quint32 magic = 0;
    quint8 kind = 0;
    BusMessage m;
    s >> magic >> m.node >> kind;
    if (s.status() != QDataStream::Ok || magic != Magic)
        return std::nullopt;
    switch (Kind(kind)) {
    case Kind::Batch: {
        quint32 n = 0;
        s >> n;
        if (n > quint32(MaxBatch))
            return std::nullopt;
        for (quint32 i = 0; i < n && s.status() == QDataStream::Ok; ++i) {
            Outgoing o;
            quint8 to = 0;
            quint32 users = 0;
            s >> to >> users;
            if (to > quint8(Outgoing::To::RemoveMember) || users > quint32(MaxUsers) || users > quint32(bytes.size()))
                return std::nullopt;
            o.to = Outgoing::To(to);
            o.userIds.reserve(users);
            for (quint32 u = 0; u < users; ++u) {
                qint64 id = 0;
                s >> id;
                o.userIds.append(id);
            }
            s >> o.conversationId >> o.seq >> o.exceptUser >> o.exceptConnection >> o.packet;
            quint32 sessions = 0;
            s >> sessions;
            if (sessions > quint32(MaxUsers) || sessions > quint32(bytes.size()))
                return std::nullopt;
            for (quint32 k = 0; k < sessions && s.status() == QDataStream::Ok; ++k) {
                QString session;
                QString packet;
                s >> session >> packet;
                o.sessionPackets.insert(session, packet);
            }
            m.batch.append(std::move(o));
        }
        break;
    }
    case Kind::EndSession:
        s >> m.sessionId;
        break;
    case Kind::EndUser:
        s >> m.userId;
        break;
    case Kind::Presence:
        s >> m.userId >> m.online;
        break;
    case Kind::Heads: {
        quint32 n = 0;
        s >> n;
        if (n > quint32(MaxBatch) || n > quint32(bytes.size()))
            return std::nullopt;
        for (quint32 i = 0; i < n && s.status() == QDataStream::Ok; ++i) {
            qint64 conversation = 0;
            qint64 seq = 0;
            s >> conversation >> seq;
            m.heads.append({conversation, seq});
        }
        break;
    }
    case Kind::SnapshotWanted:
        break;
    default:
        return std::nullopt;
    }
    if (s.status() != QDataStream::Ok || !s.atEnd())
        return std::nullopt;
    m.kind = Kind(kind);
    return m;
}

} // namespace Banter::Server
