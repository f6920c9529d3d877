#include "bus/EmitterBridge.h"

#include <banter/protocol/SocketPacket.h>

#include <QJsonArray>
#include <QJsonObject>
#include <QSet>

#define MSGPACK_NO_BOOST
#include <msgpack.hpp>

using namespace Qt::StringLiterals;

namespace Banter::Server {
namespace {

constexpr int MaxDepth = 32;

// A msgpack value as JSON; false for what JSON cannot carry (binary, extensions, non-string keys, too deep).
bool toJson(const msgpack::object &o, QJsonValue &out, int depth)
{
    if (depth > MaxDepth)
        return false;
    switch (o.type) {
    case msgpack::type::NIL:
        out = QJsonValue::Null;
        return true;
    case msgpack::type::BOOLEAN:
        out = o.via.boolean;
        return true;
    case msgpack::type::POSITIVE_INTEGER:
        out = double(o.via.u64);
        return true;
    case msgpack::type::NEGATIVE_INTEGER:
        out = double(o.via.i64);
        return true;
    case msgpack::type::FLOAT32:
    case msgpack::type::FLOAT64:
        out = o.via.f64;
        return true;
    case msgpack::type::STR:
        out = QString::fromUtf8(o.via.str.ptr, qsizetype(o.via.str.size));
        return true;
    case msgpack::type::ARRAY: {
        QJsonArray a;
        for (uint32_t i = 0; i < o.via.array.size; ++i) {
            QJsonValue v;
            if (!toJson(o.via.array.ptr[i], v, depth + 1))
                return false;
            a.append(v);
        }
        out = a;
        return true;
    }
    case msgpack::type::MAP: {
        QJsonObject m;
        for (uint32_t i = 0; i < o.via.map.size; ++i) {
            const msgpack::object_kv &kv = o.via.map.ptr[i];
            if (kv.key.type != msgpack::type::STR)
                return false;
            QJsonValue v;
            if (!toJson(kv.val, v, depth + 1))
                return false;
            m.insert(QString::fromUtf8(kv.key.via.str.ptr, qsizetype(kv.key.via.str.size)), v);
        }
        out = m;
        return true;
    }
    default:
        return false;
    }
}

bool reserved(const QString &event)
{
    static const QStringList prefixes{u"message:"_s, u"conversation:"_s, u"receipt:"_s, u"user:"_s, u"presence:"_s,
                                      u"notification:"_s, u"e2ee:"_s};
    static const QStringList names{u"sync"_s, u"error"_s, u"connect"_s, u"connect_error"_s, u"disconnect"_s,
                                   u"disconnecting"_s, u"newListener"_s, u"removeListener"_s};
    if (event.isEmpty() || names.contains(event))
        return true;
    for (const QString &p : prefixes)
        if (event.startsWith(p))
            return true;
    return false;
}

// "user:42" -> 42 under kind "user"; 0 for anything else.
qint64 roomId(const QString &room, QLatin1StringView kind)
{
    if (!room.startsWith(kind) || room.size() <= kind.size() || room.at(kind.size()) != u':')
        return 0;
    bool ok = false;
    const qint64 id = room.sliced(kind.size() + 1).toLongLong(&ok);
    return ok && id > 0 ? id : 0;
}

} // namespace

std::variant<QList<Outgoing>, QString> EmitterBridge::translate(const QByteArray &payload)
{
    if (payload.size() > MaxPayloadBytes)
        return u"larger than 64 KiB"_s;
    QJsonValue root;
    try {
        const msgpack::unpack_limit limits(1024, 1024, MaxPayloadBytes, 0, 0, MaxDepth);
        const msgpack::object_handle handle =
            msgpack::unpack(payload.constData(), size_t(payload.size()), nullptr, nullptr, limits);
        if (!toJson(handle.get(), root, 0))
            return u"not JSON-like (binary, extension or non-string keys)"_s;
    } catch (const std::exception &e) {
        return u"not msgpack: "_s + QString::fromUtf8(e.what());
    }
    const QJsonArray message = root.toArray();
    if (message.size() != 3 || !message.at(1).isObject())
        return u"not [uid, packet, options]"_s;
    const QJsonObject packet = message.at(1).toObject();
    const QJsonObject options = message.at(2).toObject();
    if (packet.value(u"type"_s).toInt(-1) != int(Protocol::SocketType::Event) || packet.value(u"nsp"_s).toString() != "/"_L1)
        return u"only EVENT packets on \"/\" are accepted"_s;
    const QJsonArray data = packet.value(u"data"_s).toArray();
    const QString event = data.isEmpty() ? QString() : data.at(0).toString();
    if (reserved(event))
        return u"the event name \""_s + event.left(64) + u"\" is reserved"_s;
    const QJsonArray rooms = options.value(u"rooms"_s).toArray();
    if (rooms.isEmpty())
        return u"a broadcast to every socket is not accepted: name user:<id> or conversation:<id> rooms"_s;
    if (rooms.size() > MaxRooms)
        return u"more than 100 rooms"_s;
    QSet<qint64> except;
    for (const QJsonValue &r : options.value(u"except"_s).toArray()) {
        const qint64 id = roomId(r.toString(), "user"_L1);
        if (!id)
            return u"only user:<id> rooms can be excepted"_s;
        except.insert(id);
    }
    Outgoing users;
    users.to = Outgoing::To::Users;
    QList<Outgoing> out;
    const QString frame = u'4' + Protocol::SocketPacket{Protocol::SocketType::Event, u"/"_s, -1, 0, data}.encode();
    for (const QJsonValue &r : rooms) {
        const QString room = r.toString();
        if (const qint64 user = roomId(room, "user"_L1)) {
            if (!except.contains(user) && !users.userIds.contains(user))
                users.userIds.append(user);
        } else if (const qint64 conversation = roomId(room, "conversation"_L1)) {
            Outgoing joined;
            joined.to = Outgoing::To::Joined;
            joined.conversationId = conversation;
            joined.packet = frame;
            out.append(std::move(joined));
        } else {
            return u"room \""_s + room.left(64) + u"\" is not user:<id> or conversation:<id>"_s;
        }
    }
    if (!users.userIds.isEmpty()) {
        users.packet = frame;
        out.prepend(std::move(users));
    }
    // except applies to conversation rooms too, by leaving those users' sockets out (one Outgoing per excepted
    // user is not possible there: a Joined packet leaves out one user at most).
    if (except.size() == 1)
        for (Outgoing &o : out)
            if (o.to == Outgoing::To::Joined)
                o.exceptUser = *except.begin();
    if (except.size() > 1 && std::any_of(out.cbegin(), out.cend(), [](const Outgoing &o) { return o.to == Outgoing::To::Joined; }))
        return u"a conversation room with more than one excepted user is not accepted"_s;
    return out;
}

} // namespace Banter::Server
