#pragma once

#include <QByteArray>
#include <QList>

namespace Banter::Server {

// A Valkey (or Redis) reply, flattened to what banterd's commands answer: an integer, a string, nil, an error,
// or an array of strings (nested arrays are not used). Disconnected: the command never reached a server.
struct ValkeyReply
{
    enum class Type { Disconnected, Nil, Integer, String, Array, Error };
    Type type = Type::Disconnected;
    qint64 integer = 0;
    QByteArray string; // String, and the message of an Error
    QList<QByteArray> elements;

    bool ok() const { return type != Type::Disconnected && type != Type::Error; }
};

} // namespace Banter::Server
